/**
 * /proc/PID/: one directory per process of the proc mount's PID namespace
 * (proc(5), fs/proc/base.c).
 *
 * Models: status, stat, statm, cmdline (NUL-separated), environ (owner only),
 * comm (writable by the process itself), cgroup ("0::/path" relative to the
 * reader's cgroup namespace), mounts and mountinfo (the process's mount
 * namespace seen from its root), ns/* links ("pid:[4026531836]"), uid_map and
 * gid_map (`%10u %10u %10u`, written through the ns module), setgroups,
 * limits, oom_score_adj, loginuid, fd/0-2, and the magic links cwd and root,
 * which lead into the process's own mount namespace. Reading another
 * user's environ or following their root/cwd/ns links needs ptrace access
 * (same uid, or CAP_SYS_PTRACE over the target's user namespace).
 * SIMPLIFICATIONS: no task/ directory (one thread per process); fd/ shows
 * only 0, 1 and 2 (the terminal, or /dev/null); limits are the defaults;
 * exe is an ordinary symlink to the program's path (resolved in the reader's namespace).
 */

import type { Kernel } from '../../kernel.ts';
import type { Process } from '../../process/types.ts';
import type { PidNamespace } from '../../ns/types.ts';
import { sysErr, isErr, type SysError } from '../../errno.ts';
import type { InodeType } from '../types.ts';
import type { MagicTarget, SynthEntry } from '../vfs/synth.ts';
import { nsCapable } from '../vfs/perm.ts';
import { relativeWithDots } from '../vfs/path.ts';
import { formatMountinfo, formatMounts, mountEntries } from '../mountinfo.ts';
import { procStat, procStatus } from './status.ts';
import { nsLinks } from '../../ns/query.ts';
import { idMapLines, writeIdMap } from '../../ns/idmap.ts';
import { nsAt } from '../../ns/by-inum.ts';

type Kind = 'file' | 'dir' | 'symlink';

/** The entries of /proc/PID in the kernel's order (tgid_base_stuff), with their modes. */
export const PID_ENTRIES: ReadonlyArray<readonly [string, Kind, number]> = [
  ['fd', 'dir', 0o500],
  ['ns', 'dir', 0o511],
  ['environ', 'file', 0o400],
  ['status', 'file', 0o444],
  ['limits', 'file', 0o444],
  ['comm', 'file', 0o644],
  ['cmdline', 'file', 0o444],
  ['stat', 'file', 0o444],
  ['statm', 'file', 0o444],
  ['cwd', 'symlink', 0o777],
  ['root', 'symlink', 0o777],
  ['exe', 'symlink', 0o777],
  ['mounts', 'file', 0o444],
  ['mountinfo', 'file', 0o444],
  ['cgroup', 'file', 0o444],
  ['oom_score_adj', 'file', 0o644],
  ['loginuid', 'file', 0o644],
  ['uid_map', 'file', 0o644],
  ['gid_map', 'file', 0o644],
  ['setgroups', 'file', 0o644],
];

/** ptrace_may_access() in PTRACE_MODE_READ_FSCREDS, simplified. */
export function ptraceMayAccess(k: Kernel, reader: Process, target: Process): boolean {
  if (reader.pid === target.pid) return true;
  if (reader.cred.fsuid === target.cred.uid && reader.cred.fsuid === target.cred.euid && reader.cred.fsuid === target.cred.suid) return true;
  return nsCapable(k, reader, 'CAP_SYS_PTRACE', target.ns.user);
}

function fdTarget(p: Process): string {
  return p.tty ? `/dev/${p.tty}` : '/dev/null';
}

/** Lookup below /proc/PID: `rest` are the components after the PID. */
export function pidLookup(k: Kernel, p: Process, rest: readonly string[]): SynthEntry | null {
  const own = { uid: p.cred.euid, gid: p.cred.egid, mtimeMs: k.state.clock.bootEpochMs + p.startMs };
  if (rest.length === 0) return { type: 'dir', mode: 0o555, nlink: 9, ...own };
  const [name, sub, more] = rest;
  const e = PID_ENTRIES.find(([n]) => n === name);
  if (!e) return null;
  if (sub === undefined) return { type: e[1] as InodeType, mode: e[2], ...own };
  if (more !== undefined) return null;
  if (name === 'ns' && nsLinks(k, p.pid).some((l) => l.name === sub)) return { type: 'symlink', mode: 0o777, ...own };
  if (name === 'fd' && ['0', '1', '2'].includes(sub) && p.state !== 'Z') return { type: 'symlink', mode: 0o700, ...own };
  return null;
}

export function pidReaddir(k: Kernel, p: Process, rest: readonly string[]): Array<{ name: string; type: InodeType }> {
  if (rest.length === 0) return PID_ENTRIES.map(([name, type]) => ({ name, type }));
  if (rest[0] === 'ns') return nsLinks(k, p.pid).map((l) => ({ name: l.name, type: 'symlink' }));
  if (rest[0] === 'fd' && p.state !== 'Z') return ['0', '1', '2'].map((name) => ({ name, type: 'symlink' }));
  return [];
}

function limits(): string {
  const rows: Array<[string, string, string, string]> = [
    ['Max cpu time', 'unlimited', 'unlimited', 'seconds'],
    ['Max file size', 'unlimited', 'unlimited', 'bytes'],
    ['Max data size', 'unlimited', 'unlimited', 'bytes'],
    ['Max stack size', '8388608', 'unlimited', 'bytes'],
    ['Max core file size', '0', 'unlimited', 'bytes'],
    ['Max resident set', 'unlimited', 'unlimited', 'bytes'],
    ['Max processes', '31618', '31618', 'processes'],
    ['Max open files', '1024', '524288', 'files'],
    ['Max locked memory', '8388608', '8388608', 'bytes'],
    ['Max address space', 'unlimited', 'unlimited', 'bytes'],
    ['Max file locks', 'unlimited', 'unlimited', 'locks'],
    ['Max pending signals', '31618', '31618', 'signals'],
    ['Max msgqueue size', '819200', '819200', 'bytes'],
    ['Max nice priority', '0', '0', ''],
    ['Max realtime priority', '0', '0', ''],
    ['Max realtime timeout', 'unlimited', 'unlimited', 'us'],
  ];
  const head = `${'Limit'.padEnd(25)} ${'Soft Limit'.padEnd(20)} ${'Hard Limit'.padEnd(20)} ${'Units'.padEnd(10)}\n`;
  return (
    head +
    rows.map(([n, s, h, u]) => `${n.padEnd(25)} ${s.padEnd(20)} ${h.padEnd(20)} ${u ? u.padEnd(10) : ''}\n`).join('')
  );
}

export function pidRead(k: Kernel, p: Process, ns: PidNamespace, rest: readonly string[], reader: Process): string | SysError {
  const zombie = p.state === 'Z';
  switch (rest[0]) {
    case 'status':
      return procStatus(k, p, ns, reader);
    case 'stat':
      return procStat(k, p, ns);
    case 'statm': {
      const rss = Math.floor(p.rssBytes / 4096);
      return p.kthread ? '0 0 0 0 0 0 0\n' : `${rss + 1370} ${rss} ${Math.floor(rss / 2)} 222 0 ${Math.floor(rss / 3) + 95} 0\n`;
    }
    case 'cmdline':
      return zombie || p.argv.length === 0 || p.kthread ? '' : `${p.argv.join('\0')}\0`;
    case 'environ': {
      if (!ptraceMayAccess(k, reader, p)) return sysErr('EACCES');
      const env = Object.entries(p.env).map(([a, b]) => `${a}=${b}`);
      return env.length ? `${env.join('\0')}\0` : '';
    }
    case 'comm':
      return `${p.comm}\n`;
    case 'cgroup': {
      const cg = nsAt(k.state, reader.ns.cgroup);
      const root = cg?.type === 'cgroup' ? cg.root : '/';
      return `0::${relativeWithDots(p.cgroup, root)}\n`;
    }
    case 'mounts':
      return zombie ? '' : formatMounts(mountEntries(k, p, reader));
    case 'mountinfo':
      return zombie ? '' : formatMountinfo(mountEntries(k, p, reader));
    case 'uid_map':
    case 'gid_map': {
      const lines = idMapLines(k, p.ns.user, rest[0] === 'uid_map' ? 'uid' : 'gid', reader.ns.user);
      return lines.map((l) => `${l}\n`).join('');
    }
    case 'setgroups':
      return 'allow\n';
    case 'limits':
      return limits();
    case 'oom_score_adj':
      return '0\n';
    case 'loginuid':
      return '4294967295';
    default:
      return sysErr('EINVAL');
  }
}

export function pidWrite(k: Kernel, p: Process, rest: readonly string[], writer: Process, data: string): number | SysError {
  switch (rest[0]) {
    case 'comm': {
      if (writer.pid !== p.pid && !ptraceMayAccess(k, writer, p)) return sysErr('EACCES');
      k.emit({ type: 'process.renamed', pid: p.pid, comm: data.replace(/\n$/, '').slice(0, 15) });
      return data.length;
    }
    case 'uid_map':
    case 'gid_map': {
      const ranges = [];
      for (const line of data.split('\n').filter((l) => l.trim() !== '')) {
        const n = line.trim().split(/\s+/).map(Number);
        if (n.length !== 3 || n.some((x) => !Number.isInteger(x))) return sysErr('EINVAL');
        ranges.push({ inside: n[0] as number, outside: n[1] as number, count: n[2] as number });
      }
      const r = writeIdMap(k, writer.pid, p.pid, rest[0] === 'uid_map' ? 'uid' : 'gid', ranges);
      return isErr(r) ? r : data.length;
    }
    case 'setgroups':
      return /^(allow|deny)\n?$/.test(data) ? data.length : sysErr('EINVAL');
    case 'oom_score_adj':
      return /^-?\d+\n?$/.test(data) ? data.length : sysErr('EINVAL');
    default:
      return sysErr('EACCES');
  }
}

export function pidReadlink(k: Kernel, p: Process, rest: readonly string[], reader: Process): string | SysError {
  const [name, sub] = rest;
  if (name === 'fd') return fdTarget(p);
  if (!ptraceMayAccess(k, reader, p)) return sysErr('EACCES');
  if (p.state === 'Z') return sysErr('ENOENT');
  if (name === 'ns') return nsLinks(k, p.pid).find((l) => l.name === sub)?.target ?? sysErr('ENOENT');
  if (name === 'cwd') return p.cwd;
  if (name === 'root') return p.root;
  if (name === 'exe') return p.exe || sysErr('ENOENT');
  return sysErr('EINVAL');
}

/** Where following /proc/PID/{root,cwd,exe,ns/*} leads. */
export function pidMagic(k: Kernel, p: Process, rest: readonly string[], reader: Process): MagicTarget | SysError | null {
  const [name, sub] = rest;
  if (name !== 'root' && name !== 'cwd' && name !== 'ns') return null;
  if (!ptraceMayAccess(k, reader, p)) return sysErr('EACCES');
  if (p.state === 'Z') return sysErr('ENOENT');
  if (name === 'ns') {
    const link = nsLinks(k, p.pid).find((l) => l.name === sub);
    const m = link ? /^(\w+):\[(\d+)\]$/.exec(link.target) : null;
    return m ? { kind: 'nsfs', inum: Number(m[2]), nsType: m[1] as string } : sysErr('ENOENT');
  }
  return { kind: 'path', ns: p.ns.mnt, root: p.root, path: name === 'cwd' ? p.cwd : p.root };
}
