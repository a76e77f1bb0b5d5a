/**
 * Finding processes by name: pgrep and pkill (procps-ng 4.0.2), pidof
 * (sysvinit-utils 3.06), uptime (procps-ng 4.0.2), and busybox's applets of
 * the same names.
 *
 * Models: pgrep/pkill matching an extended regex against the process name
 * (comm, 15 characters) or with -f the whole command line, among the
 * processes of the caller's PID namespace (numbered as it sees them), never
 * matching themselves; -x -i -v -n -o -c -d -l -a -u -P; pkill's -SIGNAL,
 * --signal and -e, kill(2) errors as `pkill: killing pid N failed: ...`;
 * exit 0 (matched), 1 (none), 2 (usage). pidof printing the PIDs of a program
 * (by argv[0]'s basename or comm), highest first, -s and -o. uptime's line
 * from the virtual clock, /proc/uptime and /proc/loadavg, -p and -s.
 * SIMPLIFICATIONS: users are counted as sessions on pseudo-terminals (no
 * utmp); no pgrep --ns/--nslist, -g, -t.
 */

import type { Ctx, ProgramDef } from '../types.ts';
import type { Process } from '../../kernel/process/types.ts';
import { visibleProcesses, pidInNs, getppidAsSeenBy } from '../../kernel/process/pids.ts';
import { mapUidToNs } from '../../kernel/ns/idmap.ts';
import { signalNumber } from '../../kernel/signals.ts';
import { isErr, strerror } from '../../kernel/errno.ts';
import { fsRead } from '../fsapi.ts';
import { progName } from './args.ts';
import { nameDb } from './users.ts';
import { ulOf } from './dial.ts';
import { posixToJs } from './posix-re.ts';
import { strftime } from './sysinfo.ts';

interface Seen {
  p: Process;
  pid: number;
}

function visible(ctx: Ctx): Seen[] {
  const me = ctx.k.proc(ctx.pid);
  const ns = me?.pidNs ?? ctx.k.state.ns.initial.pid;
  return visibleProcesses(ctx.k, ns).map((p) => ({ p, pid: pidInNs(ctx.k, p.pid, ns) ?? 0 }));
}

const cmdline = (p: Process) => (p.argv.length ? p.argv.join(' ') : p.comm);

function pgrepUsage(name: string): string {
  return `pgrep: no matching criteria specified\nTry \`${name} --help' for more information.\n`.replace(/^pgrep/, name);
}

function runPgrep(ctx: Ctx, kill: boolean): number {
  const name = progName(ctx, kill ? 'pkill' : 'pgrep');
  const bb = ctx.flavour === 'busybox';
  const args = ctx.argv.slice(1);
  let sig = 15;
  // procps takes the first argument that names a signal (-9, -HUP, -SIGKILL) wherever it is.
  const sigAt = kill ? args.findIndex((a) => a === '-0' || (/^-(\d+|[A-Za-z][A-Za-z0-9+-]*)$/.test(a) && signalNumber(a.slice(1)) !== null)) : -1;
  if (sigAt >= 0) {
    const a = args.splice(sigAt, 1)[0] as string;
    sig = a === '-0' ? 0 : (signalNumber(a.slice(1)) as number);
  }
  const o = { l: false, a: false, f: false, x: false, i: false, v: false, n: false, o: false, c: false, e: false, d: '\n', users: [] as string[], parents: [] as number[] };
  const pats: string[] = [];
  const bad = (msg: string): number => {
    ctx.stderr.write(bb ? `${name}: ${msg}\n` : `${name}: ${msg}\nTry \`${name} --help' for more information.\n`);
    return 2;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a.startsWith('--')) {
      const [k, v] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
      const val = () => v ?? args[++i] ?? '';
      if (k === '--signal' && kill) {
        const s = val();
        const n = s === '0' ? 0 : signalNumber(s);
        if (n === null) return bad(`Unknown signal "${s}".`);
        sig = n;
      } else if (k === '--full') o.f = true;
      else if (k === '--exact') o.x = true;
      else if (k === '--list-name') o.l = true;
      else if (k === '--list-full') o.a = true;
      else if (k === '--count') o.c = true;
      else if (k === '--newest') o.n = true;
      else if (k === '--oldest') o.o = true;
      else if (k === '--echo') o.e = true;
      else if (k === '--ignore-case') o.i = true;
      else if (k === '--inverse') o.v = true;
      else if (k === '--euid') o.users.push(...val().split(','));
      else if (k === '--parent') o.parents.push(...val().split(',').map(Number));
      else if (k === '--delimiter') o.d = val();
      else return bad(`unrecognized option '${a}'`);
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j] as string;
        const rest = () => (j + 1 < a.length ? a.slice(j + 1) : (args[++i] ?? ''));
        if (c === 'u' || c === 'U') {
          o.users.push(...rest().split(','));
          break;
        }
        if (c === 'P') {
          o.parents.push(...rest().split(',').map(Number));
          break;
        }
        if (c === 'd' && !kill) {
          o.d = rest();
          break;
        }
        const flag = c === 'l' && !kill ? 'l' : c === 'a' && !kill ? 'a' : c === 'e' && kill ? 'e' : 'fxivnoc'.includes(c) ? c : null;
        if (!flag) return bad(`invalid option -- '${c}'`);
        (o as unknown as Record<string, boolean>)[flag] = true;
      }
      continue;
    }
    pats.push(a);
  }
  if (pats.length > 1) return bad(`only one pattern can be provided`);
  if (!pats.length && !o.users.length && !o.parents.length) {
    ctx.stderr.write(bb ? `BusyBox v1.36.1 (2023-06-12 18:44:42 UTC) multi-call binary.\n\nUsage: ${name} [-l|-a] [-flnovx] [-s SID|-P PPID|PATTERN]\n` : pgrepUsage(name));
    return bb ? 1 : 2;
  }
  let re: RegExp | null = null;
  if (pats.length) {
    const t = posixToJs(pats[0] as string, true);
    if ('error' in t) {
      ctx.stderr.write(`${name}: regex error: ${t.error}\n`);
      return 2;
    }
    re = new RegExp(o.x ? `^(?:${t.src})$` : t.src, o.i ? 'i' : '');
    if (!o.f && !bb && (pats[0] as string).length > 15 && !/[\\^$.[*+?(){}|]/.test(pats[0] as string)) {
      ctx.stderr.write(`${name}: pattern that searches for process name longer than 15 characters will result in zero matches\nTry \`${name} -f' option to match against the complete command line.\n`);
    }
  }
  const db = nameDb(ctx.k, ctx.pid);
  const me = ctx.k.proc(ctx.pid);
  const uids: number[] = [];
  for (const u of o.users) {
    const uid = db.uidOf(u);
    if (uid === null) {
      ctx.stderr.write(`${name}: invalid user name: ${u}\n`);
      return 2;
    }
    uids.push(uid);
  }
  const ns = me?.pidNs ?? ctx.k.state.ns.initial.pid;
  let hits = visible(ctx).filter(({ p }) => {
    if (p.pid === ctx.pid) return false;
    let ok = true;
    if (re) ok = re.test(o.f ? cmdline(p) : p.comm);
    if (ok && uids.length) ok = uids.includes(me ? mapUidToNs(ctx.k, me.ns.user, p.cred.euid) : p.cred.euid);
    if (ok && o.parents.length) ok = o.parents.includes(getppidAsSeenBy(ctx.k, p.pid, ns));
    return ok !== o.v;
  });
  if (o.n || o.o) {
    const pick = [...hits].sort((a, b) => a.p.startMs - b.p.startMs || a.pid - b.pid);
    const one = o.n ? pick[pick.length - 1] : pick[0];
    hits = one ? [one] : [];
  }
  if (o.c) ctx.stdout.write(`${hits.length}\n`);
  if (!kill) {
    if (!o.c && hits.length) ctx.stdout.write(hits.map(({ p, pid }) => (o.a ? `${pid} ${cmdline(p)}` : o.l ? `${pid} ${p.comm}` : String(pid))).join(o.d) + '\n');
    return hits.length ? 0 : 1;
  }
  for (const { p, pid } of hits) {
    const r = ulOf(ctx).kill(ctx.pid, p.pid, sig);
    if (r && 'errno' in r) ctx.stderr.write(`${name}: killing pid ${pid} failed: ${strerror(r.errno)}\n`);
    else if (o.e) ctx.stdout.write(`${p.comm} killed (pid ${pid})\n`);
  }
  return hits.length ? 0 : 1;
}

export const pgrepProgram: ProgramDef<null> = { id: 'pgrep', main: (ctx) => ({ exit: runPgrep(ctx, false) }) };
export const pkillProgram: ProgramDef<null> = { id: 'pkill', main: (ctx) => ({ exit: runPgrep(ctx, true) }) };

export const pidofProgram: ProgramDef<null> = {
  id: 'pidof',
  main(ctx) {
    const args = ctx.argv.slice(1);
    let single = false;
    const omit = new Set<number>();
    const names: string[] = [];
    const me = ctx.k.proc(ctx.pid);
    const ns = me?.pidNs ?? ctx.k.state.ns.initial.pid;
    for (let i = 0; i < args.length; i++) {
      const a = args[i] as string;
      if (a === '-s') single = true;
      else if (a === '-x' || a === '-q' || a === '-c' || a === '-n' || a === '-z') continue;
      else if (a.startsWith('-o')) {
        for (const x of (a.length > 2 ? a.slice(2) : (args[++i] ?? '')).split(',')) omit.add(x === '%PPID' ? getppidAsSeenBy(ctx.k, ctx.pid, ns) : Number(x));
      } else names.push(a);
    }
    const found: number[] = [];
    for (const n of names) {
      const base = n.slice(n.lastIndexOf('/') + 1);
      const hits = visible(ctx)
        .filter(({ p, pid }) => p.pid !== ctx.pid && !p.kthread && p.state !== 'Z' && !omit.has(pid) && ((p.argv[0] ?? '').replace(/^.*\//, '') === base || (p.argv[0] ?? '') === n || p.comm === base.slice(0, 15)))
        .map((s) => s.pid)
        .sort((a, b) => b - a);
      found.push(...(single ? hits.slice(0, 1) : hits));
    }
    if (found.length) ctx.stdout.write(found.join(' ') + '\n');
    return { exit: found.length ? 0 : 1 };
  },
};

function hhmmss(ms: number): string {
  return strftime('%H:%M:%S', ms);
}

function plural(n: number, w: string): string {
  return `${n} ${w}${n === 1 ? '' : 's'}`;
}

export const uptimeProgram: ProgramDef<null> = {
  id: 'uptime',
  main(ctx) {
    const name = progName(ctx, 'uptime');
    const bb = ctx.flavour === 'busybox';
    const up = fsRead(ctx.k, ctx.pid, '/proc/uptime');
    const la = fsRead(ctx.k, ctx.pid, '/proc/loadavg');
    if (isErr(up) || isErr(la)) {
      ctx.stderr.write(bb ? `${name}: can't open '/proc/uptime': No such file or directory\n` : `${name}: Cannot get system uptime: No such file or directory\n`);
      return { exit: 1 };
    }
    const secs = Math.floor(Number(up.split(' ')[0]));
    const arg = ctx.argv[1];
    if (arg === '-s' || arg === '--since') {
      ctx.stdout.write(strftime('%Y-%m-%d %H:%M:%S', ctx.k.nowMs - secs * 1000) + '\n');
      return { exit: 0 };
    }
    const mins = Math.floor(secs / 60);
    const days = Math.floor(mins / 1440);
    const h = Math.floor(mins / 60) % 24;
    const m = mins % 60;
    if (arg === '-p' || arg === '--pretty') {
      const weeks = Math.floor(days / 7);
      const parts: string[] = [];
      if (weeks) parts.push(plural(weeks, 'week'));
      if (days % 7) parts.push(plural(days % 7, 'day'));
      if (h) parts.push(plural(h, 'hour'));
      if (m || secs < 60 || !parts.length) parts.push(plural(m, 'minute'));
      ctx.stdout.write(`up ${parts.join(', ')}\n`);
      return { exit: 0 };
    }
    if (arg !== undefined) {
      ctx.stderr.write(bb ? `${name}: invalid option -- '${arg.replace(/^-+/, '')}'\n` : `${name}: invalid option -- '${arg.replace(/^-+/, '')}'\n\nUsage:\n uptime [options]\n\nOptions:\n -p, --pretty   show uptime in pretty format\n -h, --help     display this help and exit\n -s, --since    system up since\n -V, --version  output version information and exit\n\nFor more details see uptime(1).\n`);
      return { exit: 1 };
    }
    const users = new Set(visible(ctx).filter(({ p }) => p.tty?.startsWith('pts/') && p.pid === p.sid).map(({ p }) => p.tty)).size;
    const l = la.trim().split(/\s+/);
    let text = ` ${hhmmss(ctx.k.nowMs)} up `;
    if (days) text += `${plural(days, 'day')}, `;
    text += h ? `${String(h).padStart(2)}:${String(m).padStart(2, '0')}, ` : `${m} min, `;
    text += bb ? ` ${users} users, ` : `${String(users).padStart(2)} user${users > 1 ? 's' : ''}, `;
    text += ` load average: ${l[0]}, ${l[1]}, ${l[2]}\n`;
    ctx.stdout.write(text);
    return { exit: 0 };
  },
};
