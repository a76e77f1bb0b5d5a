/**
 * util-linux namespace tools: unshare(1), nsenter(1), lsns(8) (util-linux
 * 2.38), with busybox's unshare/nsenter texts where they differ.
 *
 * Models: unshare calls unshare(2) and then execs the program (or, with
 * --fork, forks first so the child is PID 1 of a new PID namespace and the
 * parent waits); --mount-proc mounts a fresh proc (implying -m) after making
 * mounts private; -r maps the caller's uid to root. nsenter joins the target's
 * namespaces with setns(2) (user first), forks when entering a PID namespace,
 * and execs. lsns lists one row per namespace visible to the caller.
 * SIMPLIFICATIONS: no --setgroups, --kill-child, --map-user; nsenter has no
 * --preserve-credentials.
 */

import type { Ctx, Outcome, ProgramDef } from '../types.ts';
import { parseArgs, progName } from './args.ts';
import { CLONE_FLAGS, type NsType } from '../../kernel/ns/types.ts';
import { unshare } from '../../kernel/ns/unshare.ts';
import { setns } from '../../kernel/ns/setns.ts';
import { writeIdMap } from '../../kernel/ns/idmap.ts';
import { lsnsRows } from '../../kernel/ns/query.ts';
import { hostPidOf } from '../../kernel/process/pids.ts';
import { isErr, strerror } from '../../kernel/errno.ts';
import { fsMount, fsChdir, fsChroot } from '../fsapi.ts';
import { nameDb } from './users.ts';
import type { Userland } from '../userland.ts';

const NS_FLAGS: Array<[string, string, NsType]> = [
  ['m', 'mount', 'mnt'],
  ['u', 'uts', 'uts'],
  ['i', 'ipc', 'ipc'],
  ['n', 'net', 'net'],
  ['p', 'pid', 'pid'],
  ['U', 'user', 'user'],
  ['C', 'cgroup', 'cgroup'],
  ['T', 'time', 'time'],
];

interface UnshareState {
  phase: 'child' | 'parent';
  argv: string[];
  mountProc: string | null;
  child: number;
}

function execTarget(ctx: Ctx, name: string, argv: string[]): Outcome {
  const w = ctx.ul.which(ctx.pid, argv[0] as string);
  if ('error' in w) {
    ctx.stderr.write(`${name}: failed to execute ${argv[0]}: ${w.error === 'ENOENT' ? 'No such file or directory' : 'Permission denied'}\n`);
    return { exit: w.error === 'ENOENT' ? 127 : 126 };
  }
  return { exec: { path: w.path, argv, env: ctx.env } };
}

function mountProc(ctx: Ctx, name: string, dir: string): boolean {
  const e = fsMount(ctx.k, ctx.pid, 'proc', dir, 'proc', { flags: ['nosuid', 'nodev', 'noexec'] });
  if (isErr(e)) {
    ctx.stderr.write(`${name}: mount ${dir} failed: ${strerror(e.errno)}\n`);
    return false;
  }
  return true;
}

/** unshare --help (util-linux 2.38.1), abridged to the options modelled here. */
const UNSHARE_HELP = `
Usage:
 unshare [options] [<program> [<argument>...]]

Run a program with some namespaces unshared from the parent.

Options:
 -m, --mount[=<file>]      unshare mounts namespace
 -u, --uts[=<file>]        unshare UTS namespace (hostname etc)
 -i, --ipc[=<file>]        unshare System V IPC namespace
 -n, --net[=<file>]        unshare network namespace
 -p, --pid[=<file>]        unshare pid namespace
 -U, --user[=<file>]       unshare user namespace
 -C, --cgroup[=<file>]     unshare cgroup namespace
 -T, --time[=<file>]       unshare time namespace

 -f, --fork                fork before launching <program>
 --map-current-user        map current user to itself (implies --user)
 -r, --map-root-user       map current user to root (implies --user)
 --kill-child[=<signame>]  when dying, kill the forked child (implies --fork)
                             defaults to SIGKILL
 --mount-proc[=<dir>]      mount proc filesystem first (implies --mount)
 --propagation slave|shared|private|unchanged
                           modify mount propagation in mount namespace

 -h, --help                display this help
 -V, --version             display version

For more details see unshare(1).
`;

export const unshareProgram: ProgramDef<UnshareState | null> = {
  id: 'unshare',
  main(ctx) {
    const name = progName(ctx as Ctx, 'unshare');
    const st = ctx.state;
    if (st?.phase === 'child') {
      if (st.mountProc && !mountProc(ctx as Ctx, name, st.mountProc)) return { exit: 1 };
      return execTarget(ctx as Ctx, name, st.argv);
    }
    const long: Record<string, { short?: string; value?: boolean }> = { fork: { short: 'f' }, 'map-root-user': { short: 'r' }, 'mount-proc': {}, propagation: { value: true }, 'map-current-user': { short: 'c' }, 'kill-child': {} };
    for (const [s, l] of NS_FLAGS) long[l] = { short: s };
    if (ctx.argv[1] === '--help' || ctx.argv[1] === '-h') {
      ctx.stdout.write(UNSHARE_HELP);
      return { exit: 0 };
    }
    const r = parseArgs(ctx.argv.slice(1), { flags: 'muinpUCTfrc', long, stopAtOperand: true });
    if (!r.ok) {
      ctx.stderr.write(`${name}: ${r.error}\nTry '${name} --help' for more information.\n`);
      return { exit: 1 };
    }
    let flags = 0;
    for (const [s, , t] of NS_FLAGS) if (r.p.has(s)) flags |= CLONE_FLAGS[t];
    const mp = r.p.has('mount-proc') ? (r.p.value('mount-proc') ?? '/proc') : null;
    if (mp) flags |= CLONE_FLAGS.mnt;
    if (r.p.has('r') || r.p.has('c')) flags |= CLONE_FLAGS.user;
    const me = ctx.k.proc(ctx.pid);
    const outerUid = me?.cred.euid ?? 0;
    const outerGid = me?.cred.egid ?? 0;
    const e = unshare(ctx.k, ctx.pid, flags);
    if (isErr(e)) {
      ctx.stderr.write(`${name}: unshare failed: ${strerror(e.errno)}\n`);
      return { exit: 1 };
    }
    if (r.p.has('r') || r.p.has('c')) {
      const inside = r.p.has('r') ? 0 : outerUid;
      writeIdMap(ctx.k, ctx.pid, ctx.pid, 'uid', [{ inside, outside: outerUid, count: 1 }]);
      writeIdMap(ctx.k, ctx.pid, ctx.pid, 'gid', [{ inside: r.p.has('r') ? 0 : outerGid, outside: outerGid, count: 1 }]);
    }
    if (flags & CLONE_FLAGS.mnt) {
      const prop = r.p.value('propagation') ?? 'private';
      if (prop !== 'unchanged') fsMount(ctx.k, ctx.pid, 'none', '/', '', { flags: [prop], recursive: true });
    }
    const argv = r.p.operands.length ? r.p.operands : [ctx.env.SHELL ?? '/bin/sh'];
    if (r.p.has('f')) {
      const child = ctx.ul.fork(ctx.pid, 'unshare', { phase: 'child', argv, mountProc: mp, child: 0 }, ctx.fds);
      if (typeof child !== 'number') {
        ctx.stderr.write(`${name}: fork failed: ${child.error}`);
        return { exit: 1 };
      }
      (ctx.ul as unknown as Userland).runMain(child);
      ctx.state = { phase: 'parent', argv, mountProc: mp, child };
      return { block: 'child', pid: child };
    }
    if (mp && !mountProc(ctx as Ctx, name, mp)) return { exit: 1 };
    return execTarget(ctx as Ctx, name, argv);
  },
  resume(ctx, why) {
    if (why.kind === 'child') return { exit: why.status };
    const st = ctx.state;
    return st ? { block: 'child', pid: st.child } : { exit: 0 };
  },
};

interface NsenterState {
  phase: 'child' | 'parent';
  argv: string[];
  child: number;
  root: string | null;
  wd: string | null;
}

export const nsenterProgram: ProgramDef<NsenterState | null> = {
  id: 'nsenter',
  main(ctx) {
    const name = progName(ctx as Ctx, 'nsenter');
    const st = ctx.state;
    if (st?.phase === 'child') return execTarget(ctx as Ctx, name, st.argv);
    const long: Record<string, { short?: string; value?: boolean }> = { target: { short: 't', value: true }, all: { short: 'a' }, root: { short: 'r' }, wd: { short: 'w' }, 'no-fork': { short: 'F' } };
    for (const [s, l] of NS_FLAGS) long[l] = { short: s };
    const r = parseArgs(ctx.argv.slice(1), { flags: 'muinpUCTarwF', withValue: 't', long, stopAtOperand: true });
    if (!r.ok) {
      ctx.stderr.write(`${name}: ${r.error}\nTry '${name} --help' for more information.\n`);
      return { exit: 1 };
    }
    const t = r.p.value('t');
    const me = ctx.k.proc(ctx.pid);
    const types = NS_FLAGS.filter(([s]) => r.p.has(s) || r.p.has('a')).map(([, , ty]) => ty);
    if (t === undefined) {
      ctx.stderr.write(types.length ? `${name}: neither filename nor target pid supplied for ns/${types[0] === 'mnt' ? 'mnt' : types[0]}\n` : `${name}: no namespace specified\n`);
      return { exit: 1 };
    }
    const target = me ? hostPidOf(ctx.k, me.pidNs, Number(t)) : Number(t);
    const tp = target === null ? undefined : ctx.k.proc(target);
    if (!/^[0-9]+$/.test(t) || !tp || tp.state === 'Z') {
      ctx.stderr.write(`${name}: cannot open /proc/${t}/ns/${types[0] ?? 'mnt'}: No such file or directory\n`);
      return { exit: 1 };
    }
    if (!types.length) {
      ctx.stderr.write(`${name}: no namespace specified\n`);
      return { exit: 1 };
    }
    const order: NsType[] = ['user', 'cgroup', 'ipc', 'uts', 'net', 'pid', 'mnt', 'time'];
    for (const ty of order) {
      if (!types.includes(ty)) continue;
      if (ty !== 'pid' && ty !== 'user' && tp.ns[ty] === ctx.k.proc(ctx.pid)?.ns[ty]) continue;
      if (ty === 'user' && tp.ns.user === ctx.k.proc(ctx.pid)?.ns.user) continue;
      const e = setns(ctx.k, ctx.pid, tp.pid, ty);
      if (isErr(e)) {
        ctx.stderr.write(`${name}: reassociate to namespace 'ns/${ty}' failed: ${strerror(e.errno)}\n`);
        return { exit: 1 };
      }
    }
    if (types.includes('mnt') || r.p.has('r')) {
      if (tp.root !== '/') fsChroot(ctx.k, ctx.pid, tp.root);
    }
    if (types.includes('mnt') || r.p.has('w')) fsChdir(ctx.k, ctx.pid, tp.cwd);
    const argv = r.p.operands.length ? r.p.operands : [ctx.env.SHELL ?? '/bin/sh'];
    if (types.includes('pid') && !r.p.has('F')) {
      const child = ctx.ul.fork(ctx.pid, 'nsenter', { phase: 'child', argv, child: 0, root: null, wd: null }, ctx.fds);
      if (typeof child !== 'number') {
        ctx.stderr.write(`${name}: fork failed: ${child.error}`);
        return { exit: 1 };
      }
      (ctx.ul as unknown as Userland).runMain(child);
      ctx.state = { phase: 'parent', argv, child, root: null, wd: null };
      return { block: 'child', pid: child };
    }
    return execTarget(ctx as Ctx, name, argv);
  },
  resume(ctx, why) {
    if (why.kind === 'child') return { exit: why.status };
    const st = ctx.state;
    return st ? { block: 'child', pid: st.child } : { exit: 0 };
  },
};

export const lsnsProgram: ProgramDef<null> = {
  id: 'lsns',
  main(ctx) {
    const name = progName(ctx, 'lsns');
    const r = parseArgs(ctx.argv.slice(1), { flags: 'nlr', withValue: 'tp', long: { type: { short: 't', value: true }, task: { short: 'p', value: true }, noheadings: { short: 'n' }, list: { short: 'l' } } });
    if (!r.ok) {
      ctx.stderr.write(`${name}: ${r.error}\nTry '${name} --help' for more information.\n`);
      return { exit: 1 };
    }
    const db = nameDb(ctx.k, ctx.pid);
    let rows = lsnsRows(ctx.k, ctx.pid);
    // -t may be repeated (lsns -t pid -t uts): namespaces of any of the types.
    const ts = r.p.values('t').map((t) => (t === 'mount' ? 'mnt' : t === 'network' ? 'net' : t));
    const bad = ts.find((t) => !['mnt', 'net', 'pid', 'uts', 'ipc', 'user', 'cgroup', 'time'].includes(t));
    if (bad !== undefined) {
      ctx.stderr.write(`${name}: unknown namespace type: ${bad}\n`);
      return { exit: 1 };
    }
    if (ts.length) rows = rows.filter((x) => ts.includes(x.type));
    const p = r.p.value('p');
    if (p) {
      const me = ctx.k.proc(ctx.pid);
      const hp = me ? hostPidOf(ctx.k, me.pidNs, Number(p)) : null;
      const tp = hp === null ? undefined : ctx.k.proc(hp);
      if (!tp) {
        ctx.stderr.write(`${name}: cannot open /proc/${p}: No such file or directory\n`);
        return { exit: 1 };
      }
      const mine = new Set<number>([tp.pidNs, ...Object.values(tp.ns)]);
      rows = rows.filter((x) => mine.has(x.inum));
    }
    const table = rows.map((x) => [String(x.inum), x.type, String(x.nprocs), String(x.pid), db.user(x.uid) ?? String(x.uid), x.argv.length ? x.argv.join(' ') : x.comm]);
    const header = ['NS', 'TYPE', 'NPROCS', 'PID', 'USER', 'COMMAND'];
    const all = r.p.has('n') ? table : [header, ...table];
    const right = [true, false, true, true, false, false];
    const widths = header.map((h, i) => Math.max(i === 0 ? 10 : h.length, ...all.map((row) => (row[i] ?? '').length)));
    const termCols = ctx.stdout.isatty ? (ctx.ul as unknown as Userland).tty((ctx.fds[1] as { tty: string }).tty).cols : Infinity;
    let out = '';
    for (const row of all) {
      let line = row.map((c, i) => (i === row.length - 1 ? c : right[i] ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number))).join(' ');
      if (line.length > termCols) line = line.slice(0, termCols);
      out += line + '\n';
    }
    ctx.stdout.write(out);
    return { exit: 0 };
  },
};
