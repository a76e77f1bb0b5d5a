/**
 * procfs: the process information pseudo-filesystem (proc(5), pid_namespaces(7)).
 *
 * Models: a proc superblock belongs to the PID namespace of the process that
 * mounted it; only that namespace's processes appear, under their PIDs there;
 * /proc/self is the reader's PID in that namespace (dangling if the reader is
 * not in it); system-wide files (meminfo, cpuinfo, modules, uptime, loadavg,
 * version, filesystems, stat, cmdline) show host figures; /proc/mounts links to
 * self/mounts; /proc/sys holds the sysctls; the kernel-internals files that
 * container runtimes mask (kcore, keys, timer_list, ...) are kernel-files.ts's.
 * Every file is generated when read.
 * SIMPLIFICATIONS: no /proc/net, /proc/thread-self, /proc/PID/task; inode
 * numbers are hashes of the path.
 */

import type { Kernel } from '../../kernel.ts';
import type { Process } from '../../process/types.ts';
import type { PidNamespace } from '../../ns/types.ts';
import { sysErr, type SysError } from '../../errno.ts';
import type { InodeType, Superblock } from '../types.ts';
import type { SynthEntry, SynthFs, MagicTarget } from '../vfs/synth.ts';
import { components, pathComponents } from '../vfs/path.ts';
import { cpuinfo, FILESYSTEMS, kernelCmdline, loadavg, meminfo, procStatSystem, uptime, version } from './system.ts';
import { isSysctlFile, sysctlAt } from './sysctl.ts';
import { machineHardware, procModules } from './hardware.ts';
import { pidLookup, pidMagic, pidRead, pidReaddir, pidReadlink, pidWrite } from './pid.ts';
import { kernelEntries, kernelNode, type KernelNode } from './kernel-files.ts';
import { nsAt } from '../../ns/by-inum.ts';

const ROOT_FILES: Readonly<Record<string, (k: Kernel, reader: Process) => string>> = {
  cmdline: (k) => kernelCmdline(k),
  cpuinfo: (k) => cpuinfo(k),
  filesystems: () => FILESYSTEMS,
  loadavg: (k, r) => loadavg(k, r),
  meminfo: (k) => meminfo(k),
  modules: (k) => procModules(machineHardware(k).modules ?? []),
  stat: (k) => procStatSystem(k),
  uptime: (k, r) => uptime(k, r),
  version: (k) => version(k),
};

function pidNsOf(k: Kernel, sb: Superblock): PidNamespace | undefined {
  const ns = sb.pidNs === undefined ? undefined : nsAt(k.state, sb.pidNs);
  return ns?.type === 'pid' ? ns : undefined;
}

/** The process behind a /proc/<n> name, if it is in the mount's PID namespace. */
function target(k: Kernel, sb: Superblock, name: string | undefined): { p: Process; ns: PidNamespace } | null {
  if (name === undefined || !/^[1-9]\d*$/.test(name)) return null;
  const ns = pidNsOf(k, sb);
  const host = ns?.pids[Number(name)];
  const p = host === undefined ? undefined : k.state.proc.byPid[host];
  return ns && p ? { p, ns } : null;
}

/** The reader's PID in the mount's PID namespace (0 if it has none there). */
function selfPid(k: Kernel, sb: Superblock, reader: Process): number {
  const ns = pidNsOf(k, sb);
  const n = ns ? reader.nspids[ns.level] : undefined;
  return ns && n !== undefined && ns.pids[n] === reader.pid ? n : 0;
}

const root: SynthEntry = { type: 'dir', mode: 0o555, uid: 0, gid: 0, nlink: 3 };

/** The names of ROOT_FILES, for lookups (a Set hashes a name; a keyed lookup first searches V8's interned strings for it). */
const ROOT_NAMES: ReadonlySet<string> = new Set(Object.keys(ROOT_FILES));

function lookup(k: Kernel, sb: Superblock, rel: string, _reader: Process): SynthEntry | null {
  // Every path walk through /proc asks here at each step: no rest-destructuring (an iterator and a copy each time).
  const c = pathComponents(rel);
  const first = c[0];
  if (first === undefined) return root;
  const t = target(k, sb, first);
  if (t) return pidLookup(k, t.p, c.slice(1));
  if (c.length === 1) {
    if (first === 'self' || first === 'mounts') return { type: 'symlink', mode: 0o777, uid: 0, gid: 0 };
    if (ROOT_NAMES.has(first)) return { type: 'file', mode: 0o444, uid: 0, gid: 0 };
  }
  if (first === 'sys') {
    const n = sysctlAt(c.slice(1));
    if (!n) return null;
    if (isSysctlFile(n)) return { type: 'file', mode: n.write ? 0o644 : 0o444, uid: 0, gid: 0 };
    return { type: 'dir', mode: 0o555, uid: 0, gid: 0 };
  }
  const n = kernelNode(k, c);
  if (!n) return null;
  return n.type === 'dir' ? { type: 'dir', mode: 0o555, uid: 0, gid: 0 } : { type: 'file', mode: n.mode, uid: 0, gid: 0, size: n.size };
}

function readdir(k: Kernel, sb: Superblock, rel: string, _reader: Process): Array<{ name: string; type: InodeType }> {
  const c = components(rel);
  const [first, ...rest] = c;
  if (first === undefined) {
    const out: Array<{ name: string; type: InodeType }> = [
      { name: 'sys', type: 'dir' },
      { name: 'self', type: 'symlink' },
      { name: 'mounts', type: 'symlink' },
      ...Object.keys(ROOT_FILES).map((name) => ({ name, type: 'file' as InodeType })),
      ...kernelEntries(k, kernelNode(k, []) as KernelNode),
    ];
    const ns = pidNsOf(k, sb);
    for (const n of Object.keys(ns?.pids ?? {})) out.push({ name: n, type: 'dir' });
    return out;
  }
  const t = target(k, sb, first);
  if (t) return pidReaddir(k, t.p, rest);
  if (first === 'sys') {
    const n = sysctlAt(rest);
    if (!n || isSysctlFile(n)) return [];
    return Object.entries(n).map(([name, v]) => ({ name, type: isSysctlFile(v) ? 'file' : 'dir' }));
  }
  const n = kernelNode(k, c);
  return n ? kernelEntries(k, n) : [];
}

function read(k: Kernel, sb: Superblock, rel: string, reader: Process): string | SysError {
  const [first, ...rest] = components(rel);
  if (first === undefined) return sysErr('EISDIR');
  const t = target(k, sb, first);
  if (t) return pidRead(k, t.p, t.ns, rest, reader);
  const f = ROOT_FILES[first];
  if (f && rest.length === 0) return f(k, reader);
  if (first === 'sys') {
    const n = sysctlAt(rest);
    return n && isSysctlFile(n) ? n.read(k, reader) : sysErr('EISDIR');
  }
  const n = kernelNode(k, [first, ...rest]);
  if (n) return n.type === 'file' ? n.read(k, reader) : sysErr('EISDIR');
  return sysErr('ENOENT');
}

function readlink(k: Kernel, sb: Superblock, rel: string, reader: Process): string | SysError {
  const [first, ...rest] = components(rel);
  if (first === 'self') {
    const n = selfPid(k, sb, reader);
    return n ? String(n) : sysErr('ENOENT');
  }
  if (first === 'mounts') return 'self/mounts';
  const t = target(k, sb, first);
  if (t) return pidReadlink(k, t.p, rest, reader);
  return sysErr('EINVAL');
}

function magic(k: Kernel, sb: Superblock, rel: string, reader: Process): MagicTarget | SysError | null {
  const [first, ...rest] = components(rel);
  const t = target(k, sb, first);
  return t ? pidMagic(k, t.p, rest, reader) : null;
}

function write(k: Kernel, sb: Superblock, rel: string, writer: Process, data: string): number | SysError {
  const [first, ...rest] = components(rel);
  const t = target(k, sb, first);
  if (t) return pidWrite(k, t.p, rest, writer, data);
  if (first === 'sys') {
    const n = sysctlAt(rest);
    if (n && isSysctlFile(n) && n.write) return n.write(k, writer, data);
  }
  const n = first === undefined ? null : kernelNode(k, [first, ...rest]);
  if (n?.type === 'file' && n.write) return n.write(data);
  return sysErr('EACCES');
}

export const procFs: SynthFs = { lookup, readdir, read, readlink, magic, write };
