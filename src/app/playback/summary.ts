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
        cgroupParts.push(`Created cgroup ${e.path}`);
        break;
      case 'cgroup.removed':
        cgroupParts.push(`Removed cgroup ${e.path}`);
        break;
      case 'cgroup.limitSet': {
        const v = BYTE_KNOBS.has(e.file) && /^\d+$/.test(e.value) ? formatBytes(Number(e.value)) : e.value;
        cgroupParts.push(`Set ${e.file} of ${e.path} to ${v}`);
        break;
      }
      case 'process.cgroupMoved':
        cgroupParts.push(`Moved PID ${e.pid} to cgroup ${e.to}`);
        break;
      case 'cgroup.oomKilled':
        cgroupParts.push(`OOM killer killed PID ${e.pid} in ${e.path} (limit ${formatBytes(e.limit)})`);
        break;
      case 'cgroup.frozenChanged':
        cgroupParts.push(`${e.frozen ? 'Froze' : 'Thawed'} cgroup ${e.path}`);
        break;
      case 'fs.mounted':
        if (e.propagatedFrom === undefined) fsParts.push(`Mounted ${e.fstype} on ${e.target}`);
        break;
      case 'fs.unmounted':
        if (e.propagatedFrom === undefined) fsParts.push(`Unmounted ${e.target}`);
        break;
      case 'fs.rootPivoted':
        fsParts.push(`pivot_root to ${e.newRootPath}`);
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
      case 'container.stateChanged':
        engineParts.push(`Container ${e.id.slice(0, 12)} is ${e.state.Status}`);
        break;
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

  const out: string[] = [];
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
  out.push(...parts, ...cgroupParts, ...fsParts);
  if (copiedUp.length > 0) out.push(`Copied up ${list(copiedUp)} to the upper layer`);
  if (whiteouts.length > 0) out.push(`Whiteout for ${list(whiteouts)}`);
  out.push(...netParts);
  if (rules > 0) out.push(`Added ${plural(rules, 'iptables rule')}`);
  if (packets.length > 0) out.push(`Traced ${plural(packets.length, 'packet')}: ${list(packets, 2)}`);
  out.push(...engineParts.slice(0, 6));
  return out.length > 0 ? `${out.join('. ')}.` : '';
}
