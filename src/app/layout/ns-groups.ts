/**
 * Layout of the Namespaces view: processes grouped by the namespaces they are
 * in (namespaces(7)). Processes with the same eight namespaces form one row;
 * columns are the eight types; a cell names the namespace (`pid:[4026532161]`)
 * and gets a colour per namespace, grey for the host's initial ones. Selecting
 * a process highlights, in every row, the cells that share a namespace with it.
 * Pure: no DOM, tested in Node.
 */

export const NS_COLUMNS = ['cgroup', 'ipc', 'mnt', 'net', 'pid', 'time', 'user', 'uts'] as const;
export type NsColumn = (typeof NS_COLUMNS)[number];

/** flag name of each type in unshare(1)/clone(2) terms, for labels. */
export const NS_TITLES: Readonly<Record<NsColumn, string>> = {
  cgroup: 'cgroup (cgroup root)',
  ipc: 'ipc (System V IPC, POSIX queues)',
  mnt: 'mnt (mount table)',
  net: 'net (interfaces, routes, iptables)',
  pid: 'pid (process IDs)',
  time: 'time (boot and monotonic clocks)',
  user: 'user (UIDs, capabilities)',
  uts: 'uts (hostname)',
};

export interface NsProcLike {
  pid: number;
  comm: string;
  kthread: boolean;
  ns: Readonly<Record<NsColumn, number>>;
  containerId: string | null;
}

export interface NsGroup {
  /** The eight inodes joined, stable while the set is. */
  key: string;
  ns: Record<NsColumn, number>;
  pids: number[];
  comms: string[];
  /** How many of the eight are the host's initial namespaces. */
  sharedWithHost: number;
  containerIds: string[];
}

/** Groups processes by their namespace set: the host's set first, then in order of each group's lowest PID. */
export function groupByNamespaces(procs: readonly NsProcLike[], initial: Readonly<Record<NsColumn, number>>): NsGroup[] {
  const groups = new Map<string, NsGroup>();
  const sorted = [...procs].sort((a, b) => a.pid - b.pid);
  for (const p of sorted) {
    const key = NS_COLUMNS.map((t) => p.ns[t]).join(',');
    let g = groups.get(key);
    if (!g) {
      const ns = {} as Record<NsColumn, number>;
      for (const t of NS_COLUMNS) ns[t] = p.ns[t];
      g = { key, ns, pids: [], comms: [], sharedWithHost: NS_COLUMNS.filter((t) => p.ns[t] === initial[t]).length, containerIds: [] };
      groups.set(key, g);
    }
    g.pids.push(p.pid);
    g.comms.push(p.kthread ? `[${p.comm}]` : p.comm);
    if (p.containerId && !g.containerIds.includes(p.containerId)) g.containerIds.push(p.containerId);
  }
  return [...groups.values()].sort((a, b) => b.sharedWithHost - a.sharedWithHost || (a.pids[0] ?? 0) - (b.pids[0] ?? 0));
}

/**
 * Colour slot of a namespace: -1 for the host's initial ones, else a slot in
 * 0..slots-1 given in order of appearance (so colours stay put as namespaces come and go rarely).
 */
export function nsColourSlots(groups: readonly NsGroup[], initial: Readonly<Record<NsColumn, number>>, slots = 8): Map<number, number> {
  const out = new Map<number, number>();
  const initials = new Set(NS_COLUMNS.map((t) => initial[t]));
  const seen = new Set<number>();
  for (const g of groups)
    for (const t of NS_COLUMNS) {
      const inum = g.ns[t];
      if (initials.has(inum)) out.set(inum, -1);
      else seen.add(inum);
    }
  // Order by inode number (creation order), so a colour follows a namespace across renders.
  const uniq = [...seen].sort((a, b) => a - b);
  uniq.forEach((inum, i) => out.set(inum, i % slots));
  return out;
}

/** Which cells share a namespace with the selected process's set: per type, the inode to light up. */
export function sharedWith(sel: Readonly<Record<NsColumn, number>> | null): (t: NsColumn, inum: number) => boolean {
  if (!sel) return () => false;
  return (t, inum) => sel[t] === inum;
}

/** A short human summary of a group: "systemd, journald and 9 more". */
export function groupSummary(g: NsGroup, max = 3): string {
  const names = [...new Set(g.comms)];
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}
