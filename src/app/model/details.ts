/**
 * The details panel's content for a selected object: its fields, and the
 * commands that show the same thing in a real terminal (`cat /proc/PID/status`,
 * `readlink /proc/PID/ns/net`, `cat /sys/fs/cgroup/PATH/memory.max`,
 * `ip addr`, `iptables -t nat -L -n`, `docker inspect NAME`). Every command
 * listed runs in the simulator too. Pure: reads plain state.
 */

import type { KernelState } from '../../sim/kernel/state.ts';
import type { EngineState } from '../../sim/engine/state.ts';
import type { Process } from '../../sim/kernel/process/types.ts';
import type { Namespace, NsType } from '../../sim/kernel/ns/types.ts';
import { NS_TYPES } from '../../sim/kernel/ns/types.ts';
import { capHex, namesOf } from '../../sim/kernel/caps/caps.ts';
import { saveRule } from '../../sim/kernel/net/iptables/format.ts';
import type { Selection } from './selection.ts';
import { formatBytes, formatLimit, nsLink, shortId } from '../layout/format.ts';
import { commandOf, pidLabel } from '../layout/process-tree.ts';

export interface DetailField {
  label: string;
  value: string;
  /** Another object this field names, so the panel can link to it. */
  link?: Selection;
  /** Marks the value as differing from the host's (a namespace of its own). */
  own?: boolean;
}

export interface Details {
  kind: string;
  title: string;
  fields: DetailField[];
  /** Commands that show the same in a real terminal. */
  commands: string[];
}

export interface DetailsContext {
  kernel: KernelState;
  engine?: EngineState | null;
}

export function containerName(engine: EngineState | null | undefined, id: string): string | undefined {
  const c = engine?.containers?.byId?.[id];
  return c ? c.Name.replace(/^\//, '') : undefined;
}

/** A process in namespace `inum` of type `type` (the lowest PID), for commands like `nsenter -t PID`. */
export function memberOf(state: KernelState, type: NsType, inum: number): Process | undefined {
  let best: Process | undefined;
  for (const p of Object.values(state.proc.byPid)) {
    if (p.state === 'Z' || p.ns[type] !== inum) continue;
    if (!best || p.pid < best.pid) best = p;
  }
  return best;
}

function userOf(uid: number): string {
  return uid === 0 ? 'root (0)' : String(uid);
}

function describeProcess(ctx: DetailsContext, pid: number): Details | null {
  const s = ctx.kernel;
  const p = s.proc.byPid[pid];
  if (!p) return null;
  const cname = p.containerId ? containerName(ctx.engine, p.containerId) : undefined;
  const fields: DetailField[] = [
    { label: 'Command', value: commandOf(p) },
    { label: 'PID', value: pidLabel(p, s.ns.initial.pid) },
    { label: 'NSpid', value: p.nspids.join(' ') },
    { label: 'PPID', value: String(p.ppid), ...(s.proc.byPid[p.ppid] ? { link: { kind: 'process', pid: p.ppid } as const } : {}) },
    { label: 'State', value: p.state + (p.frozen ? ' (frozen)' : '') },
    { label: 'User', value: userOf(p.cred.euid) },
    { label: 'cgroup', value: p.cgroup, link: { kind: 'cgroup', path: p.cgroup } },
    { label: 'CapEff', value: `${capHex(p.caps.effective)} (${namesOf(p.caps.effective).length} capabilities)` },
    { label: 'Memory (RSS)', value: formatBytes(p.rssBytes) },
  ];
  if (p.containerId) fields.splice(1, 0, { label: 'Container', value: cname ?? shortId(p.containerId), link: { kind: 'container', id: p.containerId } });
  for (const t of NS_TYPES) {
    const inum = p.ns[t];
    const own = inum !== s.ns.initial[t];
    fields.push({ label: `${t} namespace`, value: `${nsLink(t, inum)}${own ? '' : ' (host)'}`, link: { kind: 'ns', inum }, own });
  }
  const commands = [`cat /proc/${pid}/status`, `ls -l /proc/${pid}/ns`, `readlink /proc/${pid}/ns/pid`, `cat /proc/${pid}/cgroup`, `ps -o pid,ppid,stat,cmd -p ${pid}`];
  if (cname) commands.push(`docker inspect ${cname}`, `docker top ${cname}`);
  return { kind: 'Process', title: `PID ${pidLabel(p, s.ns.initial.pid)} ${p.comm}`, fields, commands };
}

function nsExtra(n: Namespace): DetailField[] {
  switch (n.type) {
    case 'uts':
      return [{ label: 'hostname', value: n.hostname }];
    case 'pid':
      return [
        { label: 'Level', value: String(n.level) },
        { label: 'init (PID 1 inside)', value: n.init === null ? 'none yet' : `host PID ${n.init}`, ...(n.init !== null ? { link: { kind: 'process', pid: n.init } as const } : {}) },
      ];
    case 'user':
      return [
        { label: 'uid_map', value: n.uidMap ? n.uidMap.map((r) => `${r.inside} ${r.outside} ${r.count}`).join('; ') : '(not written)' },
        { label: 'Owner UID', value: String(n.ownerUid) },
      ];
    case 'cgroup':
      return [{ label: 'cgroup root', value: n.root }];
    default:
      return [];
  }
}

function describeNs(ctx: DetailsContext, inum: number): Details | null {
  const s = ctx.kernel;
  const n = s.ns.byInum[inum];
  if (!n) return null;
  const initial = s.ns.initial[n.type] === inum;
  const members = Object.values(s.proc.byPid).filter((p) => p.ns[n.type] === inum && p.state !== 'Z');
  const shown = members.slice(0, 8).map((p) => `${p.pid} ${p.comm}`);
  const m = memberOf(s, n.type, inum);
  const fields: DetailField[] = [
    { label: 'Type', value: n.type },
    { label: 'Inode', value: String(inum) },
    { label: 'Link', value: nsLink(n.type, inum) },
    { label: 'Whose', value: initial ? "the host's (initial) namespace" : 'a namespace of its own' },
    { label: 'Processes', value: `${members.length}${members.length ? `: ${shown.join(', ')}${members.length > shown.length ? ', …' : ''}` : ''}` },
    { label: 'Created by PID', value: String(n.creator) },
    ...(n.owner !== null ? [{ label: 'Owner user ns', value: nsLink('user', n.owner), link: { kind: 'ns', inum: n.owner } as const }] : []),
    ...nsExtra(n),
  ];
  const commands = [`lsns -t ${n.type}`];
  if (m) {
    commands.unshift(`readlink /proc/${m.pid}/ns/${n.type}`);
    if (n.type === 'uts') commands.push(`nsenter -t ${m.pid} -u hostname`);
    if (n.type === 'net') commands.push(`nsenter -t ${m.pid} -n ip addr`);
    if (n.type === 'mnt') commands.push(`cat /proc/${m.pid}/mountinfo`);
    if (n.type === 'pid') commands.push(`nsenter -t ${m.pid} -p -m ps -ef`);
  }
  return { kind: 'Namespace', title: nsLink(n.type, inum), fields, commands };
}

function describeCgroup(ctx: DetailsContext, path: string): Details | null {
  const c = ctx.kernel.cgroup.byPath[path];
  if (!c) return null;
  const dir = path === '/' ? '/sys/fs/cgroup' : `/sys/fs/cgroup${path}`;
  const procs = Object.keys(c.procs).map(Number);
  const fields: DetailField[] = [
    { label: 'Path', value: path },
    { label: 'memory.current', value: formatBytes(c.memoryCurrent) },
    { label: 'memory.max', value: formatLimit(c.memory.max, formatBytes) },
    { label: 'memory.peak', value: formatBytes(c.memoryPeak) },
    { label: 'oom_kill (memory.events)', value: String(c.memory.events.oom_kill) },
    { label: 'pids.current', value: String(c.pidsCurrent) },
    { label: 'pids.max', value: formatLimit(c.pidsMax) },
    { label: 'cpu.weight', value: String(c.cpu.weight) },
    { label: 'cpu.max', value: `${c.cpu.quota} ${c.cpu.period}` },
    { label: 'cgroup.procs', value: procs.length ? procs.slice(0, 12).join(' ') + (procs.length > 12 ? ' …' : '') : '(none)' },
    { label: 'cgroup.subtree_control', value: c.subtreeControl.join(' ') || '(none)' },
  ];
  if (c.parent !== null) fields.push({ label: 'Parent', value: c.parent, link: { kind: 'cgroup', path: c.parent } });
  const commands =
    path === '/'
      ? [`cat ${dir}/cgroup.procs`, `cat ${dir}/cgroup.subtree_control`, `ls ${dir}`]
      : [`cat ${dir}/memory.max`, `cat ${dir}/memory.current`, `cat ${dir}/pids.max`, `cat ${dir}/cpu.weight`, `cat ${dir}/cgroup.procs`, `cat ${dir}/memory.events`];
  return { kind: 'cgroup', title: path, fields, commands };
}

/** `nsenter -t PID -n ` for a netns other than the host's, '' for the host's. */
function inNetns(s: KernelState, netns: number): string | null {
  if (netns === s.ns.initial.net) return '';
  const m = memberOf(s, 'net', netns);
  return m ? `nsenter -t ${m.pid} -n ` : null;
}

function describeIface(ctx: DetailsContext, netns: number, ifindex: number): Details | null {
  const s = ctx.kernel;
  const l = s.net.byNs[netns]?.links[ifindex];
  if (!l) return null;
  const master = l.master !== null ? s.net.byNs[netns]?.links[l.master] : undefined;
  const peer = l.peer ? s.net.byNs[l.peer.netns]?.links[l.peer.ifindex] : undefined;
  const fields: DetailField[] = [
    { label: 'Name', value: l.name },
    { label: 'Kind', value: l.kind },
    { label: 'Network namespace', value: `${nsLink('net', netns)}${netns === s.ns.initial.net ? ' (host)' : ''}`, link: { kind: 'ns', inum: netns } },
    { label: 'ifindex', value: String(l.ifindex) },
    { label: 'State', value: l.up ? 'UP' : 'DOWN' },
    { label: 'MAC', value: l.mac },
    { label: 'MTU', value: String(l.mtu) },
    { label: 'Addresses', value: l.addrs.map((a) => `${a.local}/${a.prefixlen}`).join(', ') || '(none)' },
  ];
  if (master) fields.push({ label: 'Bridge (master)', value: master.name, link: { kind: 'iface', netns, ifindex: master.ifindex } });
  if (l.peer && peer) fields.push({ label: 'veth peer', value: `${peer.name} in ${nsLink('net', l.peer.netns)}`, link: { kind: 'iface', netns: l.peer.netns, ifindex: l.peer.ifindex } });
  if (l.kind === 'bridge') {
    const ports = Object.values(s.net.byNs[netns]?.links ?? {}).filter((x) => x.master === l.ifindex);
    fields.push({ label: 'Ports', value: ports.map((x) => x.name).join(', ') || '(none)' });
  }
  const pre = inNetns(s, netns);
  const commands = pre === null ? [] : [`${pre}ip addr show dev ${l.name}`, `${pre}ip link show ${l.name}`, `${pre}ip route`];
  return { kind: 'Interface', title: `${l.name}${netns === s.ns.initial.net ? '' : ` (${nsLink('net', netns)})`}`, fields, commands };
}

function describeMount(ctx: DetailsContext, id: number, ns: number): Details | null {
  const s = ctx.kernel;
  const m = s.fs.mounts[id];
  // Another namespace's mount under the same id: the selected one is gone and its id was given again.
  if (!m || m.ns !== ns) return null;
  const sb = s.fs.sbs[m.sb];
  const fields: DetailField[] = [
    { label: 'Mount ID', value: String(id) },
    { label: 'Mountpoint', value: m.point },
    { label: 'Filesystem', value: sb?.fstype ?? '?' },
    { label: 'Source', value: m.devname ?? sb?.source ?? '?' },
    { label: 'Options', value: [...m.flags, sb?.options ?? ''].filter(Boolean).join(',') },
    { label: 'Propagation', value: m.shared ? `shared:${m.shared}` : m.master ? `master:${m.master}` : 'private' },
    { label: 'Mount namespace', value: nsLink('mnt', m.ns), link: { kind: 'ns', inum: m.ns } },
  ];
  if (sb?.fstype === 'overlay') {
    fields.push({ label: 'lowerdir', value: (sb.lower ?? []).map((l) => l.path).join(':') });
    fields.push({ label: 'upperdir', value: sb.upper?.path ?? '(none: read-only)' });
    fields.push({ label: 'workdir', value: sb.work?.path ?? '(none)' });
  }
  const member = memberOf(s, 'mnt', m.ns);
  const commands = member ? [`cat /proc/${member.pid}/mountinfo`] : [];
  if (m.ns === s.ns.initial.mnt) commands.push(sb?.fstype === 'overlay' ? 'mount -t overlay' : `mount | grep ' ${m.point} '`);
  return { kind: 'Mount', title: `${m.point} (${sb?.fstype ?? '?'})`, fields, commands };
}

function describeRule(ctx: DetailsContext, sel: Extract<Selection, { kind: 'rule' }>): Details | null {
  const s = ctx.kernel;
  const chain = s.net.byNs[sel.netns]?.iptables[sel.table]?.chains[sel.chain];
  const r = chain?.rules[sel.index];
  if (!chain || !r) return null;
  const pre = inNetns(s, sel.netns);
  const fields: DetailField[] = [
    { label: 'Table', value: sel.table },
    { label: 'Chain', value: sel.chain },
    { label: 'Position', value: String(sel.index + 1) },
    { label: 'Rule', value: saveRule(sel.chain, r) },
    { label: 'Target', value: r.target.kind === 'jump' ? r.target.chain : r.target.kind },
    { label: 'Packets / bytes', value: `${r.pkts} / ${r.bytes}` },
    { label: 'Network namespace', value: nsLink('net', sel.netns), link: { kind: 'ns', inum: sel.netns } },
  ];
  const commands = pre === null ? [] : [`${pre}iptables -t ${sel.table} -L ${sel.chain} -n -v --line-numbers`, `${pre}iptables -t ${sel.table} -S ${sel.chain}`, `${pre}iptables -t ${sel.table} -L -n`];
  return { kind: 'iptables rule', title: `${sel.table} ${sel.chain} #${sel.index + 1}`, fields, commands };
}

function describeContainer(ctx: DetailsContext, id: string): Details | null {
  const c = ctx.engine?.containers?.byId?.[id];
  if (!c) return null;
  const name = c.Name.replace(/^\//, '');
  const nets = Object.entries(c.NetworkSettings?.Networks ?? {}) as Array<[string, { IPAddress?: string }]>;
  const fields: DetailField[] = [
    { label: 'Name', value: name },
    { label: 'ID', value: shortId(c.Id) },
    { label: 'Image', value: c.Config.Image },
    { label: 'Status', value: c.State.Status },
    { label: 'Init PID', value: String(c.State.Pid), ...(c.State.Pid ? { link: { kind: 'process', pid: c.State.Pid } as const } : {}) },
    { label: 'Memory limit', value: c.HostConfig.Memory ? formatBytes(c.HostConfig.Memory) : 'none' },
    ...nets.map(([n, ep]) => ({ label: `IP on ${n}`, value: ep.IPAddress || '(none)' })),
  ];
  return { kind: 'Container', title: name, fields, commands: [`docker inspect ${name}`, `docker top ${name}`, `docker port ${name}`] };
}

function describeImage(ctx: DetailsContext, id: string): Details | null {
  const img = ctx.engine?.images?.images?.[id];
  if (!img) return null;
  const ref = img.repoTags[0] ?? shortId(img.id);
  const fields: DetailField[] = [
    { label: 'Tags', value: img.repoTags.join(', ') || '<none>' },
    { label: 'ID', value: shortId(img.id) },
    { label: 'Layers', value: String(img.diffIds.length) },
    { label: 'Size', value: formatBytes(img.size) },
    { label: 'Created', value: img.created },
  ];
  return { kind: 'Image', title: ref, fields, commands: [`docker image inspect ${ref}`, `docker history ${ref}`] };
}

/** Details of the selected object, or null if it no longer exists. */
export function describe(sel: Selection, ctx: DetailsContext): Details | null {
  switch (sel.kind) {
    case 'process':
      return describeProcess(ctx, sel.pid);
    case 'ns':
      return describeNs(ctx, sel.inum);
    case 'cgroup':
      return describeCgroup(ctx, sel.path);
    case 'iface':
      return describeIface(ctx, sel.netns, sel.ifindex);
    case 'mount':
      return describeMount(ctx, sel.id, sel.ns);
    case 'rule':
      return describeRule(ctx, sel);
    case 'container':
      return describeContainer(ctx, sel.id);
    case 'image':
      return describeImage(ctx, sel.id);
  }
}
