/**
 * One sentence per command for the aria-live region: what the command changed
 * ("Created 2 processes (PID 12, PID 13 (ns 1)), 2 namespaces (mnt, pid).").
 * Short-lived helpers (a `ps` that came and went) are not mentioned: the
 * summary describes the state a learner now has, not every step.
 */

import type { LoggedEvent } from '../../sim/events.ts';
import type { KernelState } from '../../sim/kernel/state.ts';
import { formatBytes } from '../layout/format.ts';
import { pidLabel } from '../layout/process-tree.ts';

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function list(items: readonly string[], max = 4): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** Long hex IDs (container, layer) cut to the 12 digits docker shows. */
export function shortPath(p: string): string {
  return p.replace(/[0-9a-f]{64}/g, (h) => `${h.slice(0, 12)}…`);
}

/** The longest summary, characters (an aria-live region should stay a sentence or two). */
export const MAX_SUMMARY = 360;

const BYTE_KNOBS = new Set(['memory.max', 'memory.high', 'memory.low', 'memory.min', 'memory.swap.max', 'memory.swap.high']);

/** The sentence for one batch of events, or '' when nothing worth saying happened. */
export function summarise(events: readonly LoggedEvent[], state: KernelState): string {
  const spawned: number[] = [];
  const spawnedSet = new Set<number>();
  const exited: number[] = [];
  const nsCreated = new Map<number, string>();
  const nsDestroyed: string[] = [];
  const parts: string[] = [];
  const cgroupParts: string[] = [];
  const fsParts: string[] = [];
  const netParts: string[] = [];
  const engineParts: string[] = [];
  const copiedUp: string[] = [];
  const whiteouts: string[] = [];
  let rules = 0;
  const packets: string[] = [];
  const limits = new Map<string, string[]>();
  const mounts: Array<{ fstype: string; target: string }> = [];
  const unmounts: string[] = [];
  const pivots: string[] = [];

  for (const e of events) {
    switch (e.type) {
      case 'process.spawned':
        spawned.push(e.proc.pid);
        spawnedSet.add(e.proc.pid);
        break;
      case 'process.exited':
        if (!spawnedSet.has(e.pid)) exited.push(e.pid);
        break;
      case 'ns.created':
        nsCreated.set(e.ns.inum, e.ns.type);
        break;
      case 'ns.destroyed':
        if (nsCreated.has(e.inum)) nsCreated.delete(e.inum);
        else nsDestroyed.push(e.nsType);
        break;
      case 'ns.hostnameSet':
        parts.push(`Set hostname to ${e.hostname}`);
        break;
      case 'cgroup.created':
        cgroupParts.push(`Created cgroup ${shortPath(e.path)}`);
        break;
      case 'cgroup.removed':
        cgroupParts.push(`Removed cgroup ${shortPath(e.path)}`);
        break;
      case 'cgroup.limitSet': {
        const v = BYTE_KNOBS.has(e.file) && /^\d+$/.test(e.value) ? formatBytes(Number(e.value)) : e.value;
        const at = limits.get(e.path) ?? [];
        at.push(`${e.file} ${v}`);
        limits.set(e.path, at);
        break;
      }
      case 'process.cgroupMoved':
        cgroupParts.push(`Moved PID ${e.pid} to cgroup ${shortPath(e.to)}`);
        break;
      case 'cgroup.oomKilled':
        cgroupParts.push(`OOM killer killed PID ${e.pid} in ${shortPath(e.path)} (limit ${formatBytes(e.limit)})`);
        break;
      case 'cgroup.frozenChanged':
        cgroupParts.push(`${e.frozen ? 'Froze' : 'Thawed'} cgroup ${shortPath(e.path)}`);
        break;
      case 'fs.mounted':
        if (e.propagatedFrom === undefined) mounts.push({ fstype: e.fstype, target: e.target });
        break;
      case 'fs.unmounted':
        if (e.propagatedFrom === undefined) unmounts.push(e.target);
        break;
      case 'fs.rootPivoted':
        pivots.push(e.newRootPath);
        break;
      case 'fs.copiedUp':
        copiedUp.push(e.path);
        break;
      case 'fs.whiteoutCreated':
        whiteouts.push(e.path);
        break;
      case 'net.linkCreated':
        netParts.push(`Created ${e.link.kind === 'bridge' ? 'bridge' : 'interface'} ${e.link.name}`);
        break;
      case 'net.vethCreated':
        netParts.push(`Created veth pair ${e.a.ifname}/${e.b.ifname}`);
        break;
      case 'net.linkMoved':
        netParts.push(`Moved ${e.from.ifname} to net:[${e.to.netns}]${e.to.ifname !== e.from.ifname ? ` as ${e.to.ifname}` : ''}`);
        break;
      case 'net.linkDeleted':
        if (e.reason === 'deleted') netParts.push(`Deleted ${e.ifname}`);
        break;
      case 'net.addrAdded':
        netParts.push(`Added ${e.addr.local}/${e.addr.prefixlen} to ${e.ifname}`);
        break;
      case 'net.linkMasterChanged':
        if (e.master !== null) netParts.push(`Attached ${e.ifname} to a bridge`);
        break;
      case 'net.ruleAppended':
      case 'net.ruleInserted':
        rules++;
        break;
      case 'net.packetTraced':
        packets.push(`${e.kind} ${e.src} → ${e.dst}${e.dport !== null ? `:${e.dport}` : ''} (${e.result === 'ok' ? 'delivered' : e.result})`);
        break;
      case 'container.created':
        engineParts.push(`Created container ${e.container.Name.replace(/^\//, '')}`);
        break;
      case 'container.stateChanged': {
        const last = `Container ${e.id.slice(0, 12)} is `;
        const i = engineParts.findIndex((x) => x.startsWith(last));
        if (i >= 0) engineParts.splice(i, 1);
        engineParts.push(`${last}${e.state.Status}`);
        break;
      }
      case 'container.removed':
        engineParts.push(`Removed container ${e.id.slice(0, 12)}`);
        break;
      case 'image.pulled':
        engineParts.push(`Pulled image ${e.ref}`);
        break;
      default:
        break;
    }
  }

  const out: string[] = [...engineParts.slice(0, 4)];
  const created: string[] = [];
  const alive = spawned.filter((pid) => {
    const p = state.proc.byPid[pid];
    return p !== undefined && p.state !== 'Z';
  });
  if (alive.length > 0) {
    const labels = alive.map((pid) => {
      const p = state.proc.byPid[pid];
      return p ? `PID ${pidLabel(p, state.ns.initial.pid)}` : `PID ${pid}`;
    });
    created.push(`${plural(alive.length, 'process', 'processes')} (${list(labels)})`);
  }
  if (nsCreated.size > 0) created.push(`${plural(nsCreated.size, 'namespace')} (${list([...nsCreated.values()], 8)})`);
  if (created.length > 0) out.push(`Created ${created.join(', ')}`);
  if (exited.length > 0) out.push(`${plural(exited.length, 'process', 'processes')} exited (${list(exited.map((p) => `PID ${p}`))})`);
  if (nsDestroyed.length > 0) out.push(`${plural(nsDestroyed.length, 'namespace')} went away (${list(nsDestroyed, 8)})`);
  out.push(...parts, ...cgroupParts);
  for (const [path, set] of limits) out.push(`Set ${set.join(', ')} on ${shortPath(path)}`);
  if (mounts.length > 0 && mounts.length <= 2) for (const m of mounts) out.push(`Mounted ${m.fstype} on ${shortPath(m.target)}`);
  if (mounts.length > 2) {
    const by = new Map<string, number>();
    for (const m of mounts) by.set(m.fstype, (by.get(m.fstype) ?? 0) + 1);
    out.push(`Mounted ${mounts.length} filesystems (${[...by].map(([t, n]) => (n > 1 ? `${n} ${t}` : t)).join(', ')})`);
  }
  if (pivots.length > 0) out.push(`pivot_root into ${shortPath(pivots[pivots.length - 1] ?? '')}`);
  if (unmounts.length > 0) out.push(unmounts.length <= 2 ? `Unmounted ${unmounts.map(shortPath).join(', ')}` : `Unmounted ${unmounts.length} filesystems`);
  out.push(...fsParts);
  if (copiedUp.length > 0) out.push(`Copied up ${list(copiedUp)} to the upper layer`);
  if (whiteouts.length > 0) out.push(`Whiteout for ${list(whiteouts)}`);
  out.push(...netParts);
  if (rules > 0) out.push(`Added ${plural(rules, 'iptables rule')}`);
  if (packets.length > 0) out.push(`Traced ${plural(packets.length, 'packet')}: ${list(packets, 2)}`);
  const text = out.length > 0 ? `${out.join('. ')}.` : '';
  return text.length > MAX_SUMMARY ? `${text.slice(0, MAX_SUMMARY - 1).replace(/\s+\S*$/, '')}…` : text;
}
