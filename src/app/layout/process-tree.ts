/**
 * Layout of the Processes view: the process tree as an indented tree (like
 * `ps -ef --forest` or `pstree`), one row per process, with the processes of
 * one container (or of a PID namespace other than the host's) framed by a
 * labelled region.
 *
 * d3-hierarchy builds the tree (stratify) and orders it (preorder); positions
 * are rows of fixed height, so a new process shifts the rows below it and
 * nothing else. Siblings are sorted by region then PID, so the processes of one
 * container (its init and `docker exec`'d processes, all children of the shim)
 * stay contiguous and get one region. Pure: no DOM, tested in Node.
 */

import { stratify, type HierarchyNode } from 'd3-hierarchy';

/** The parts of a kernel Process record this layout reads. */
export interface ProcLike {
  pid: number;
  ppid: number;
  nspids: readonly number[];
  pidNs: number;
  comm: string;
  argv: readonly string[];
  kthread: boolean;
  state: string;
  containerId: string | null;
}

export interface ProcRow {
  pid: number;
  ppid: number;
  /** 0 for processes without a visible parent (PID 1, kthreadd). */
  depth: number;
  /** Top of the row, px. */
  y: number;
  /** Left of the row's label, px. */
  x: number;
  command: string;
  /** PID in the process's own PID namespace when that is not the host's ("13 (ns 1)"). */
  nsPid: number | null;
  /** Region key ("c:<id>" for a container, "pidns:<inum>"), or null on the host. */
  region: string | null;
  state: string;
  kthread: boolean;
}

export interface ProcRegion {
  key: string;
  label: string;
  x: number;
  y: number;
  height: number;
  /** Every region run gets an id; a container split in two runs has two (rare). */
  id: string;
}

export interface ProcLink {
  /** The child's PID. */
  pid: number;
  d: string;
}

export interface ProcessTreeLayout {
  rows: ProcRow[];
  regions: ProcRegion[];
  links: ProcLink[];
  height: number;
  /** Widest indentation used, px (for the label column). */
  maxX: number;
}

export interface ProcessTreeOptions {
  /** The host's (initial) PID namespace inode. */
  hostPidNs: number;
  rowHeight?: number;
  indent?: number;
  /** Height of a region's label strip above its first row. */
  regionHeader?: number;
  /** Container name by ID, for region labels ("web"). */
  containerName?: (id: string) => string | undefined;
}

/** What ps prints in its CMD column: argv, or [comm] for a kernel thread. */
export function commandOf(p: Pick<ProcLike, 'kthread' | 'comm' | 'argv'>): string {
  if (p.kthread) return `[${p.comm}]`;
  return p.argv.length > 0 ? p.argv.join(' ') : p.comm;
}

/** The PID a process has in its own PID namespace, or null when that is the host's. */
export function nsPidOf(p: Pick<ProcLike, 'nspids' | 'pidNs'>, hostPidNs: number): number | null {
  if (p.pidNs === hostPidNs || p.nspids.length < 2) return null;
  return p.nspids[p.nspids.length - 1] ?? null;
}

/** "13 (ns 1)" or "13". */
export function pidLabel(p: Pick<ProcLike, 'pid' | 'nspids' | 'pidNs'>, hostPidNs: number): string {
  const ns = nsPidOf(p, hostPidNs);
  return ns === null ? String(p.pid) : `${p.pid} (ns ${ns})`;
}

const ROOT = '0';

interface Datum {
  id: string;
  parent: string | null;
  p: ProcLike | null;
}

export function layoutProcessTree(procs: readonly ProcLike[], opts: ProcessTreeOptions): ProcessTreeLayout {
  const rowH = opts.rowHeight ?? 28;
  const indent = opts.indent ?? 18;
  const header = opts.regionHeader ?? 22;
  const pad = 8;

  const byPid = new Map<number, ProcLike>();
  for (const p of procs) byPid.set(p.pid, p);

  const data: Datum[] = [{ id: ROOT, parent: null, p: null }];
  for (const p of procs) {
    const parent = p.ppid !== p.pid && byPid.has(p.ppid) ? String(p.ppid) : ROOT;
    data.push({ id: String(p.pid), parent, p });
  }
  const root = stratify<Datum>()
    .id((d) => d.id)
    .parentId((d) => d.parent)(data);

  // Regions: a container's processes, or a non-host PID namespace's; children
  // of a container process stay in its region even if not tagged themselves.
  const region = new Map<HierarchyNode<Datum>, string | null>();
  root.eachBefore((n) => {
    const p = n.data.p;
    if (!p) {
      region.set(n, null);
      return;
    }
    const parentRegion = n.parent ? (region.get(n.parent) ?? null) : null;
    let r: string | null;
    if (p.containerId) r = `c:${p.containerId}`;
    else if (parentRegion?.startsWith('c:') && p.pidNs !== opts.hostPidNs) r = parentRegion;
    else if (p.pidNs !== opts.hostPidNs) r = `pidns:${p.pidNs}`;
    else r = null;
    region.set(n, r);
  });
  root.sort((a, b) => {
    const ra = region.get(a) ?? '';
    const rb = region.get(b) ?? '';
    if (ra !== rb) return ra < rb ? -1 : 1;
    return (a.data.p?.pid ?? 0) - (b.data.p?.pid ?? 0);
  });

  const rows: ProcRow[] = [];
  const regions: ProcRegion[] = [];
  const links: ProcLink[] = [];
  const rowOf = new Map<number, ProcRow>();
  let y = 0;
  let maxX = 0;
  let open: { key: string; start: number; minX: number; runs: number } | null = null;
  const runsByKey = new Map<string, number>();

  const closeRegion = (endY: number) => {
    if (!open) return;
    regions.push({
      key: open.key,
      id: `${open.key}#${open.runs}`,
      label: regionLabel(open.key, opts),
      x: open.minX - pad,
      y: open.start,
      height: endY - open.start + 4,
    });
    open = null;
  };

  root.eachBefore((n) => {
    const p = n.data.p;
    if (!p) return;
    const depth = n.depth - 1;
    const r = region.get(n) ?? null;
    if (open && open.key !== r) closeRegion(y);
    if (r && !open) {
      const runs = (runsByKey.get(r) ?? 0) + 1;
      runsByKey.set(r, runs);
      open = { key: r, start: y, minX: depth * indent, runs };
      y += header;
    }
    if (open && depth * indent < open.minX) open.minX = depth * indent;
    const row: ProcRow = {
      pid: p.pid,
      ppid: p.ppid,
      depth,
      y,
      x: depth * indent,
      command: commandOf(p),
      nsPid: nsPidOf(p, opts.hostPidNs),
      region: r,
      state: p.state,
      kthread: p.kthread,
    };
    maxX = Math.max(maxX, row.x);
    rows.push(row);
    rowOf.set(p.pid, row);
    y += rowH;
  });
  closeRegion(y);

  for (const row of rows) {
    const parent = rowOf.get(row.ppid);
    if (!parent || parent === row) continue;
    const px = parent.x + indent / 2;
    const py = parent.y + rowH - 4;
    const cy = row.y + rowH / 2;
    links.push({ pid: row.pid, d: `M${px},${py}V${cy}H${row.x}` });
  }

  return { rows, regions, links, height: y, maxX };
}

function regionLabel(key: string, opts: ProcessTreeOptions): string {
  if (key.startsWith('c:')) {
    const id = key.slice(2);
    const name = opts.containerName?.(id);
    return name ? `container ${name} (${id.slice(0, 12)})` : `container ${id.slice(0, 12)}`;
  }
  return `PID namespace pid:[${key.slice('pidns:'.length)}]`;
}
