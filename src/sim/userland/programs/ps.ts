/**
 * ps(1) as procps-ng 4.0.2 prints it (`ps`, `ps aux`, `ps -ef`, `ps -e`,
 * `-o fmt`, `-p`, `-u`), and busybox ps (`PID   USER     TIME  COMMAND`).
 *
 * Models: ps reads /proc, so it lists the processes of the caller's PID
 * namespace, with PIDs as that namespace numbers them, PPID 0 for a parent
 * outside it, user names from the caller's /etc/passwd; STAT letters with
 * s (session leader) and + (foreground process group); kernel threads in
 * [brackets]; the PID column as wide as pid_max needs (7 for 4194304).
 * SIMPLIFICATIONS: %CPU is cpu time over elapsed time; VSZ is the program's
 * typical figure plus its growth (memory.ts; no address spaces); no --forest, no BSD `e`/`l` formats.
 */

import type { Ctx, ProgramDef } from '../types.ts';
import type { Process } from '../../kernel/process/types.ts';
import { visibleProcesses, pidInNs, getppidAsSeenBy } from '../../kernel/process/pids.ts';
import { mapUidToNs } from '../../kernel/ns/idmap.ts';
import { progName } from './args.ts';
import { nameDb } from './users.ts';
import type { Userland } from '../userland.ts';
import { own } from '../own.ts';
import { vszKb } from '../memory.ts';
import { procfsPidNs } from '../../kernel/fs/procfs/mounted.ts';
import { isErr } from '../../kernel/errno.ts';

interface Col {
  header: string;
  width: number;
  left: boolean;
  value(p: Process): string;
}

function hms(usec: number): string {
  const s = Math.floor(usec / 1e6);
  return `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

function mss(usec: number): string {
  const s = Math.floor(usec / 1e6);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function elapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mmss = `${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`;
  if (d) return `${d}-${String(h).padStart(2, '0')}:${mmss}`;
  if (h) return `${String(h).padStart(2, '0')}:${mmss}`;
  return mmss;
}

export function cmdline(p: Process): string {
  if (p.kthread || p.argv.length === 0) return `[${p.comm}]`;
  const s = p.argv.join(' ');
  return p.state === 'Z' ? `[${p.comm}] <defunct>` : s;
}

export function psContext(ctx: Ctx) {
  const k = ctx.k;
  const me = k.proc(ctx.pid);
  // ps reads /proc: the processes and numbers are those of the procfs mounted there.
  const mounted = procfsPidNs(k, ctx.pid);
  const noProc = isErr(mounted);
  const ns = noProc ? (me?.pidNs ?? k.state.ns.initial.pid) : mounted;
  const db = nameDb(k, ctx.pid);
  const ul = ctx.ul as unknown as Userland;
  const pidW = Math.max(5, String(k.state.proc.pidMax).length);
  const seenPid = (p: Process) => pidInNs(k, p.pid, ns) ?? 0;
  const uidOf = (p: Process) => (me ? mapUidToNs(k, me.ns.user, p.cred.euid) : p.cred.euid);
  const user = (p: Process) => {
    const uid = uidOf(p);
    const n = db.user(uid);
    return n && n.length <= 8 ? n : n ? `${n.slice(0, 7)}+` : String(uid);
  };
  const stat = (p: Process) => {
    let s: string = p.frozen ? 'D' : p.state;
    if (p.state === 'S' && p.kthread && p.wait.kind === 'forever') s = 'S';
    if (p.pid === p.sid && !p.kthread) s += 's';
    if (p.tty && ul.tty(p.tty).fgPgid === p.pgid && p.state !== 'Z') s += '+';
    return s;
  };
  const startStr = (p: Process) => {
    const d = new Date(k.state.clock.bootEpochMs + p.startMs);
    return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
  };
  const rssKb = (p: Process) => Math.round(p.rssBytes / 1024);
  const pct = (x: number) => (Math.round(x * 10) / 10).toFixed(1);
  const cols: Record<string, () => Col> = {
    pid: () => ({ header: 'PID', width: pidW, left: false, value: (p) => String(seenPid(p)) }),
    ppid: () => ({ header: 'PPID', width: pidW, left: false, value: (p) => String(getppidAsSeenBy(k, p.pid, ns)) }),
    pgid: () => ({ header: 'PGID', width: pidW, left: false, value: (p) => String(pidInNs(k, p.pgid, ns) ?? 0) }),
    sid: () => ({ header: 'SID', width: pidW, left: false, value: (p) => String(pidInNs(k, p.sid, ns) ?? 0) }),
    sess: () => ({ header: 'SESS', width: pidW, left: false, value: (p) => String(pidInNs(k, p.sid, ns) ?? 0) }),
    user: () => ({ header: 'USER', width: 8, left: true, value: user }),
    euser: () => ({ header: 'EUSER', width: 8, left: true, value: user }),
    uid: () => ({ header: 'UID', width: 5, left: false, value: (p) => String(uidOf(p)) }),
    comm: () => ({ header: 'COMMAND', width: 15, left: true, value: (p) => (p.state === 'Z' ? `${p.comm} <defunct>` : p.comm) }),
    ucomm: () => ({ header: 'COMMAND', width: 15, left: true, value: (p) => p.comm }),
    args: () => ({ header: 'COMMAND', width: 27, left: true, value: cmdline }),
    cmd: () => ({ header: 'CMD', width: 27, left: true, value: cmdline }),
    command: () => ({ header: 'COMMAND', width: 27, left: true, value: cmdline }),
    stat: () => ({ header: 'STAT', width: 4, left: true, value: stat }),
    s: () => ({ header: 'S', width: 1, left: true, value: (p) => p.state }),
    state: () => ({ header: 'S', width: 1, left: true, value: (p) => p.state }),
    tty: () => ({ header: 'TT', width: 8, left: true, value: (p) => p.tty ?? '?' }),
    tt: () => ({ header: 'TT', width: 8, left: true, value: (p) => p.tty ?? '?' }),
    tname: () => ({ header: 'TTY', width: 8, left: true, value: (p) => p.tty ?? '?' }),
    time: () => ({ header: 'TIME', width: 8, left: false, value: (p) => hms(p.cpuUsageUsec) }),
    cputime: () => ({ header: 'TIME', width: 8, left: false, value: (p) => hms(p.cpuUsageUsec) }),
    etime: () => ({ header: 'ELAPSED', width: 11, left: false, value: (p) => elapsed(k.uptimeMs - p.startMs) }),
    rss: () => ({ header: 'RSS', width: 5, left: false, value: (p) => String(rssKb(p)) }),
    rsz: () => ({ header: 'RSZ', width: 5, left: false, value: (p) => String(rssKb(p)) }),
    vsz: () => ({ header: 'VSZ', width: 6, left: false, value: (p) => String(vszKb(p, ul.flavourOf(p.pid))) }),
    '%cpu': () => ({ header: '%CPU', width: 4, left: false, value: (p) => pct(k.uptimeMs > p.startMs ? p.cpuUsageUsec / 10 / (k.uptimeMs - p.startMs) : 0) }),
    '%mem': () => ({ header: '%MEM', width: 4, left: false, value: (p) => pct((p.rssBytes / k.state.machine.memTotalBytes) * 100) }),
    // procps pr_c: CPU jiffies (1/100 s) per whole second of life, at most 99.
    c: () => ({
      header: 'C',
      width: 2,
      left: false,
      value: (p) => {
        const secs = Math.floor((k.uptimeMs - p.startMs) / 1000);
        return String(secs > 0 ? Math.min(99, Math.floor(Math.floor(p.cpuUsageUsec / 10000) / secs)) : 0);
      },
    }),
    stime: () => ({ header: 'STIME', width: 5, left: false, value: startStr }),
    start: () => ({ header: 'START', width: 5, left: false, value: startStr }),
    nlwp: () => ({ header: 'NLWP', width: 4, left: false, value: () => '1' }),
    ni: () => ({ header: 'NI', width: 3, left: false, value: () => '0' }),
    pri: () => ({ header: 'PRI', width: 3, left: false, value: () => '19' }),
    cgroup: () => ({ header: 'CGROUP', width: 30, left: true, value: (p) => `0::${p.cgroup}` }),
    pidns: () => ({ header: 'PIDNS', width: 10, left: false, value: (p) => String(p.pidNs) }),
    netns: () => ({ header: 'NETNS', width: 10, left: false, value: (p) => String(p.ns.net) }),
    utsns: () => ({ header: 'UTSNS', width: 10, left: false, value: (p) => String(p.ns.uts) }),
    mntns: () => ({ header: 'MNTNS', width: 10, left: false, value: (p) => String(p.ns.mnt) }),
    ipcns: () => ({ header: 'IPCNS', width: 10, left: false, value: (p) => String(p.ns.ipc) }),
    userns: () => ({ header: 'USERNS', width: 10, left: false, value: (p) => String(p.ns.user) }),
    cgroupns: () => ({ header: 'CGROUPNS', width: 10, left: false, value: (p) => String(p.ns.cgroup) }),
  };
  return { k, me, ns, noProc, cols, procs: () => (noProc ? [] : visibleProcesses(k, ns)), stat, user, seenPid, startStr, uidOf };
}

function render(ctx: Ctx, cols: Col[], procs: Process[], showHeader: boolean): string {
  const rows = procs.map((p) => cols.map((c) => c.value(p)));
  const widths = cols.map((c) => c.width);
  let out = '';
  const line = (cells: string[]) => {
    let s = '';
    cells.forEach((v, i) => {
      const c = cols[i] as Col;
      const last = i === cols.length - 1;
      const w = widths[i] as number;
      const cell = c.left ? (last ? v : v.padEnd(w)) : v.padStart(w);
      s += (i ? ' ' : '') + cell;
    });
    return s.replace(/\s+$/, '');
  };
  const termCols = ctx.stdout.isatty ? (ctx.ul as unknown as Userland).tty((ctx.fds[1] as { tty: string }).tty).cols : Infinity;
  const clip = (s: string) => (s.length > termCols ? s.slice(0, termCols) : s);
  if (showHeader) out += clip(line(cols.map((c) => c.header))) + '\n';
  for (const r of rows) out += clip(line(r)) + '\n';
  return out;
}

/** busybox ps -o: its own field table (procps/ps.c out_spec): headers left-aligned to the width, one space apart. */
const BB_FIELDS: Record<string, { header: string; width: number; right: boolean }> = {
  pid: { header: 'PID', width: 5, right: true },
  ppid: { header: 'PPID', width: 5, right: true },
  pgid: { header: 'PGID', width: 5, right: true },
  user: { header: 'USER', width: 8, right: false },
  group: { header: 'GROUP', width: 8, right: false },
  comm: { header: 'COMMAND', width: 16, right: false },
  args: { header: 'COMMAND', width: 0, right: false },
  tty: { header: 'TT', width: 6, right: false },
  stat: { header: 'STAT', width: 4, right: false },
  rss: { header: 'RSS', width: 5, right: true },
  vsz: { header: 'VSZ', width: 5, right: true },
  time: { header: 'TIME', width: 6, right: true },
  etime: { header: 'ELAPSED', width: 7, right: true },
};

function busyboxPsFormat(ctx: Ctx, spec: string): string | { error: string } {
  const c = psContext(ctx);
  const fields: Array<{ key: string; header: string; width: number; right: boolean }> = [];
  for (const item of spec.split(',')) {
    const [key, rename] = item.split('=') as [string, string | undefined];
    const f = BB_FIELDS[key];
    if (!f) return { error: `ps: bad -o argument '${key}'\n` };
    fields.push({ key, ...f, header: rename ?? f.header });
  }
  const value = (p: Process, key: string): string => {
    switch (key) {
      case 'pid': return String(c.seenPid(p));
      case 'ppid': return String(getppidAsSeenBy(ctx.k, p.pid, c.ns));
      case 'pgid': return String(pidInNs(ctx.k, p.pgid, c.ns) ?? 0);
      case 'user': case 'group': return c.user(p);
      case 'comm': return p.comm;
      case 'args': return cmdline(p);
      case 'tty': return p.tty ?? '?';
      case 'stat': return c.stat(p);
      case 'rss': return String(Math.round(p.rssBytes / 1024));
      case 'vsz': return String(vszKb(p, ctx.flavour));
      case 'time': return mss(p.cpuUsageUsec);
      default: return elapsed(ctx.k.uptimeMs - p.startMs);
    }
  };
  const cell = (text: string, f: { width: number; right: boolean }, last: boolean): string => (last ? text : f.right ? text.padStart(f.width) : text.padEnd(f.width));
  const line = (vals: string[]): string => vals.map((v, i) => cell(v, fields[i] as (typeof fields)[number], i === vals.length - 1)).join(' ');
  let out = `${fields.map((f, i) => (i === fields.length - 1 ? f.header : f.header.padEnd(f.width))).join(' ')}\n`;
  for (const p of c.procs()) out += `${line(fields.map((f) => value(p, f.key)))}\n`;
  return out;
}

function busyboxPs(ctx: Ctx): string {
  const c = psContext(ctx);
  let out = 'PID   USER     TIME  COMMAND\n';
  for (const p of c.procs()) {
    const t = mss(p.cpuUsageUsec);
    out += `${String(c.seenPid(p)).padStart(5)} ${c.user(p).padEnd(8).slice(0, 8)} ${t.padStart(5)} ${cmdline(p)}\n`;
  }
  return out;
}

export const psProgram: ProgramDef<null> = {
  id: 'ps',
  main(ctx) {
    if (ctx.flavour === 'busybox') {
      const args = ctx.argv.slice(1);
      const o = args.indexOf('-o');
      const spec = o >= 0 ? args[o + 1] : args.find((a) => a.startsWith('-o') && a.length > 2)?.slice(2);
      if (spec === undefined) {
        ctx.stdout.write(busyboxPs(ctx));
        return { exit: 0 };
      }
      const r = busyboxPsFormat(ctx, spec);
      if (typeof r !== 'string') {
        ctx.stderr.write(r.error);
        return { exit: 1 };
      }
      ctx.stdout.write(r);
      return { exit: 0 };
    }
    const name = progName(ctx, 'ps');
    const c = psContext(ctx);
    if (c.noProc) {
      // procps-ng without a /proc to read.
      ctx.stderr.write('Error, do this: mount -t proc proc /proc\n');
      return { exit: 1 };
    }
    const args = ctx.argv.slice(1);
    let all = false;
    let full = false;
    let bsdU = false;
    let bsdX = false;
    let bsdA = false;
    let fmt: string[] | null = null;
    const pids: number[] = [];
    const users: string[] = [];
    const cmds: string[] = [];
    const ppids: number[] = [];
    let noHeaders = false;
    for (let i = 0; i < args.length; i++) {
      const a = args[i] as string;
      if (a === '-e' || a === '-A') all = true;
      else if (a === '-C') cmds.push(...(args[++i] ?? '').split(','));
      else if (a === '--ppid') ppids.push(...(args[++i] ?? '').split(',').map(Number));
      else if (a.startsWith('--ppid=')) ppids.push(...a.slice(7).split(',').map(Number));
      else if (a === '--no-headers' || a === '--no-heading' || a === 'h') noHeaders = true;
      else if (a === '-f') full = true;
      else if (a === '-ef' || a === '-fe' || a === '-eF' || a === '-Af') {
        all = true;
        full = true;
      } else if (a === '-o' || a === '--format' || a === '-O') fmt = [...(fmt ?? []), ...(args[++i] ?? '').split(/[,\s]+/).filter(Boolean)];
      else if (a.startsWith('-o')) fmt = [...(fmt ?? []), ...a.slice(2).split(',')];
      else if (a === '-p' || a === '--pid') pids.push(...(args[++i] ?? '').split(',').map(Number));
      else if (a === '-u' || a === '-U' || a === '--user') users.push(...(args[++i] ?? '').split(','));
      else if (a === '-eo' || a === '-eO') {
        all = true;
        fmt = (args[++i] ?? '').split(',');
      } else if (/^[auxwf]+$/.test(a) && !a.startsWith('-')) {
        if (a.includes('a')) bsdA = true;
        if (a.includes('u')) bsdU = true;
        if (a.includes('x')) bsdX = true;
      } else if (a === '-w' || a === 'w' || a === '-ww') continue;
      else {
        ctx.stderr.write(`error: unsupported option (BSD syntax)\n\nUsage:\n ${name} [options]\n\n Try '${name} --help <simple|list|output|threads|misc|all>'\n  or '${name} --help <s|l|o|t|m|a>'\n for additional help text.\n\nFor more details see ps(1).\n`);
        return { exit: 1 };
      }
    }
    const me = c.me;
    let procs = c.procs();
    // Selection options add up (procps: a process matching any of -p, -C, --ppid, -u is listed).
    if (pids.length || cmds.length || ppids.length) {
      const ppidOf = (p: Process) => getppidAsSeenBy(ctx.k, p.pid, c.ns);
      procs = procs.filter((p) => pids.includes(c.seenPid(p)) || cmds.includes(p.comm) || ppids.includes(ppidOf(p)));
    } else if (users.length) procs = procs.filter((p) => users.includes(c.user(p)) || users.includes(String(c.uidOf(p))));
    else if (all || (bsdA && bsdX)) {
      // everything
    } else if (bsdA) procs = procs.filter((p) => p.tty !== null);
    else if (bsdX) procs = procs.filter((p) => p.cred.euid === me?.cred.euid);
    else procs = procs.filter((p) => p.cred.euid === me?.cred.euid && p.tty === (me?.tty ?? null));
    let names: string[];
    if (fmt) names = fmt;
    else if (bsdU) names = ['user', 'pid', '%cpu', '%mem', 'vsz', 'rss', 'tname', 'stat', 'start', 'bsdtime', 'args'];
    else if (full) names = ['uid_', 'pid', 'ppid', 'c', 'stime', 'tname', 'time', 'cmd'];
    else if (bsdX || bsdA) names = ['pid', 'tty', 'stat', 'bsdtime', 'args'];
    else names = ['pid', 'tname', 'time', 'ucmd'];
    const cols: Col[] = [];
    let showHeader = false;
    for (const raw of names) {
      const [key, hdr] = raw.includes('=') ? [raw.slice(0, raw.indexOf('=')), raw.slice(raw.indexOf('=') + 1)] : [raw, undefined];
      let col: Col | undefined;
      if (key === 'uid_') col = { header: 'UID', width: 8, left: true, value: (p) => c.user(p) };
      else if (key === 'ucmd') col = { header: 'CMD', width: 15, left: true, value: (p) => p.comm };
      else if (key === 'bsdtime') col = { header: 'TIME', width: 6, left: false, value: (p) => mss(p.cpuUsageUsec) };
      else if (key === 'tname' && !fmt) col = { header: 'TTY', width: 8, left: true, value: (p) => p.tty ?? '?' };
      else col = own(c.cols, key.toLowerCase())?.();
      if (!col) {
        ctx.stderr.write(`error: unknown user-defined format specifier "${key}"\n\nUsage:\n ${name} [options]\n\n Try '${name} --help <simple|list|output|threads|misc|all>'\n  or '${name} --help <s|l|o|t|m|a>'\n for additional help text.\n\nFor more details see ps(1).\n`);
        return { exit: 1 };
      }
      if (hdr !== undefined) col = { ...col, header: hdr, width: Math.max(hdr.length, col.left ? 0 : col.width) };
      if (col.header) showHeader = true;
      if (!col.left) col.width = Math.max(col.width, col.header.length);
      cols.push(col);
    }
    if (noHeaders) showHeader = false;
    ctx.stdout.write(render(ctx, cols, procs, showHeader));
    return { exit: procs.length ? 0 : 1 };
  },
};
