/**
 * Small tools: which, basename, dirname, readlink, realpath, seq, test / [,
 * chroot, xargs, and busybox itself (the multi-call binary's own listing).
 * SIMPLIFICATIONS: xargs runs its commands one after another and supports
 * -n, -I, -0, -r; seq handles integers and simple decimals.
 */

import type { Ctx, Outcome, ProgramDef } from '../types.ts';
import { parseArgs, progName, usageError } from './args.ts';
import { evalTest } from './textfmt.ts';
import { absPath, fsChdir, fsChroot, fsLstat, fsRealpath, fsReadlink, fsStat } from '../fsapi.ts';
import { isErr, strerror } from '../../kernel/errno.ts';
import type { Userland } from '../userland.ts';
import { BUSYBOX_APPLETS } from '../install.ts';

export const whichProgram: ProgramDef<null> = {
  id: 'which',
  main(ctx) {
    const all = ctx.argv.includes('-a');
    let status = 0;
    for (const n of ctx.argv.slice(1).filter((a) => a !== '-a' && a !== '-s')) {
      const found: string[] = [];
      if (n.includes('/')) {
        const w = ctx.ul.which(ctx.pid, n);
        if ('path' in w) found.push(n);
      } else {
        for (const dir of (ctx.env.PATH ?? '').split(':')) {
          const w = ctx.ul.which(ctx.pid, `${dir || '.'}/${n}`);
          if ('path' in w) {
            found.push(`${dir || '.'}/${n}`);
            if (!all) break;
          }
        }
      }
      if (!found.length) status = 1;
      for (const f of found) ctx.stdout.write(f + '\n');
    }
    return { exit: status };
  },
};

export const basenameProgram: ProgramDef<null> = {
  id: 'basename',
  main(ctx) {
    const name = progName(ctx, 'basename');
    const a = ctx.argv.slice(1);
    if (!a.length) {
      ctx.stderr.write(`${name}: missing operand\nTry '${name} --help' for more information.\n`);
      return { exit: 1 };
    }
    let b = (a[0] as string).replace(/\/+$/, '');
    b = b === '' && (a[0] as string).startsWith('/') ? '/' : (b.split('/').pop() ?? '');
    if (a[1] && b.endsWith(a[1]) && b !== a[1]) b = b.slice(0, -a[1].length);
    ctx.stdout.write(b + '\n');
    return { exit: 0 };
  },
};

export const dirnameProgram: ProgramDef<null> = {
  id: 'dirname',
  main(ctx) {
    const name = progName(ctx, 'dirname');
    const a = ctx.argv.slice(1);
    if (!a.length) {
      ctx.stderr.write(`${name}: missing operand\nTry '${name} --help' for more information.\n`);
      return { exit: 1 };
    }
    for (const p of a) {
      const t = p.replace(/\/+$/, '');
      const i = t.lastIndexOf('/');
      ctx.stdout.write((i < 0 ? '.' : i === 0 ? '/' : t.slice(0, i).replace(/\/+$/, '') || '/') + '\n');
    }
    return { exit: 0 };
  },
};

export const readlinkProgram: ProgramDef<null> = {
  id: 'readlink',
  main(ctx) {
    const canon = ctx.argv.some((a) => /^-[a-z]*[fem]/.test(a)) || progName(ctx, 'readlink') === 'realpath';
    let status = 0;
    for (const op of ctx.argv.slice(1).filter((a) => !a.startsWith('-'))) {
      const path = absPath(ctx.k, ctx.pid, op);
      const r = canon ? fsRealpath(ctx.k, ctx.pid, path) : fsReadlink(ctx.k, ctx.pid, path);
      if (isErr(r)) {
        if (progName(ctx, 'readlink') === 'realpath') ctx.stderr.write(`realpath: ${op}: ${strerror(r.errno)}\n`);
        status = 1;
        continue;
      }
      ctx.stdout.write(r + '\n');
    }
    return { exit: status };
  },
};

export const seqProgram: ProgramDef<null> = {
  id: 'seq',
  main(ctx) {
    const name = progName(ctx, 'seq');
    const args = ctx.argv.slice(1);
    let sep = '\n';
    const nums: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i] as string;
      if (a === '-s') sep = args[++i] ?? '\n';
      else if (a === '-w' || a === '-f') continue;
      else nums.push(a);
    }
    if (!nums.length) {
      ctx.stderr.write(`${name}: missing operand\nTry '${name} --help' for more information.\n`);
      return { exit: 1 };
    }
    const bad = nums.find((n) => !/^-?[0-9]*\.?[0-9]+$/.test(n));
    if (bad !== undefined) {
      ctx.stderr.write(`${name}: invalid floating point argument: '${bad}'\nTry '${name} --help' for more information.\n`);
      return { exit: 1 };
    }
    const [first, inc, last] = nums.length === 1 ? ['1', '1', nums[0]] : nums.length === 2 ? [nums[0], '1', nums[1]] : nums;
    const f = Number(first);
    const s = Number(inc);
    const l = Number(last);
    const decimals = Math.max(...[first, inc].map((x) => (x?.split('.')[1] ?? '').length));
    const out: string[] = [];
    if (s !== 0) for (let v = f, n = 0; (s > 0 ? v <= l + 1e-9 : v >= l - 1e-9) && n < 1_000_000; n++, v = f + n * s) out.push(v.toFixed(decimals));
    if (out.length) ctx.stdout.write(out.join(sep) + '\n');
    return { exit: 0 };
  },
};

export const testProgram: ProgramDef<null> = {
  id: 'test',
  main(ctx) {
    const name = progName(ctx, 'test');
    let args = ctx.argv.slice(1);
    if (name === '[') {
      if (args[args.length - 1] !== ']') {
        ctx.stderr.write(`[: missing ']'\n`);
        return { exit: 2 };
      }
      args = args.slice(0, -1);
    }
    const { k, pid } = ctx;
    const r = evalTest(args, {
      stat: (p) => {
        const s = fsStat(k, pid, absPath(k, pid, p));
        return isErr(s) ? null : s;
      },
      lstat: (p) => {
        const s = fsLstat(k, pid, absPath(k, pid, p));
        return isErr(s) ? null : s;
      },
      access: (p, w) => {
        const s = fsStat(k, pid, absPath(k, pid, p));
        if (isErr(s)) return false;
        const uid = k.proc(pid)?.cred.euid ?? 0;
        const bit = w === 'r' ? 4 : w === 'w' ? 2 : 1;
        if (uid === 0) return w !== 'x' || (s.mode & 0o111) !== 0 || s.type === 'dir';
        return ((uid === s.uid ? s.mode >> 6 : s.mode) & bit) !== 0;
      },
      isatty: (fd) => ctx.fds[fd]?.k === 'tty',
    });
    if (r.error) ctx.stderr.write(`${name}: ${r.error}\n`);
    return { exit: r.status };
  },
};

export const chrootProgram: ProgramDef<null> = {
  id: 'chroot',
  main(ctx) {
    const name = progName(ctx, 'chroot');
    const args = ctx.argv.slice(1).filter((a) => !a.startsWith('--'));
    if (!args.length) {
      ctx.stderr.write(`${name}: missing operand\nTry '${name} --help' for more information.\n`);
      return { exit: 125 };
    }
    const dir = args[0] as string;
    const e = fsChroot(ctx.k, ctx.pid, absPath(ctx.k, ctx.pid, dir));
    if (isErr(e)) {
      ctx.stderr.write(`${name}: cannot change root directory to '${dir}': ${strerror(e.errno)}\n`);
      return { exit: 125 };
    }
    fsChdir(ctx.k, ctx.pid, '/');
    const cmd = args.length > 1 ? args.slice(1) : [ctx.env.SHELL ?? '/bin/sh', '-i'];
    const w = ctx.ul.which(ctx.pid, cmd[0] as string);
    if ('error' in w) {
      ctx.stderr.write(`${name}: failed to run command ‘${cmd[0]}’: ${w.error === 'ENOENT' ? 'No such file or directory' : 'Permission denied'}\n`);
      return { exit: w.error === 'ENOENT' ? 127 : 126 };
    }
    return { exec: { path: w.path, argv: cmd, env: ctx.env } };
  },
};

interface XargsState {
  cmd: string[];
  batches: string[][];
  i: number;
  status: number;
  child: number;
  opts: { n: number | null; I: string | null; nul: boolean; r: boolean };
  input: string;
}

function splitXargs(text: string, nul: boolean): string[] {
  if (nul) return text.split('\0').filter(Boolean);
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|((?:\\.|[^\s"'])+)/g;
  for (const m of text.matchAll(re)) out.push(m[1] ?? m[2] ?? (m[3] ?? '').replace(/\\(.)/g, '$1'));
  return out;
}

function xargsNext(ctx: Ctx<XargsState>): Outcome {
  const st = ctx.state;
  const name = progName(ctx as Ctx, 'xargs');
  while (st.i < st.batches.length) {
    const batch = st.batches[st.i++] as string[];
    const argv = st.opts.I !== null ? st.cmd.map((a) => a.split(st.opts.I as string).join(batch[0] ?? '')) : [...st.cmd, ...batch];
    const pid = ctx.ul.spawn(ctx.pid, { argv, fds: { 0: { k: 'null' }, 1: ctx.fds[1] ?? { k: 'null' }, 2: ctx.fds[2] ?? { k: 'null' } } });
    if (typeof pid !== 'number') {
      ctx.stderr.write(`${name}: ${pid.error}`);
      return { exit: pid.status };
    }
    const s = ctx.ul.reapChild(ctx.pid, pid);
    if (s === null) {
      st.child = pid;
      return { block: 'child', pid };
    }
    if (s !== 0) st.status = s === 255 ? 124 : s > 128 ? 125 : 123;
  }
  return { exit: st.status };
}

export const xargsProgram: ProgramDef<XargsState> = {
  id: 'xargs',
  main(ctx) {
    const name = progName(ctx as Ctx, 'xargs');
    const r = parseArgs(ctx.argv.slice(1), { flags: '0rt', withValue: 'nIdL', long: { null: { short: '0' }, 'no-run-if-empty': { short: 'r' }, 'max-args': { short: 'n', value: true } }, stopAtOperand: true });
    if (!r.ok) return usageError(ctx as Ctx, name, r.error);
    ctx.state = {
      cmd: r.p.operands.length ? r.p.operands : ['echo'],
      batches: [],
      i: 0,
      status: 0,
      child: 0,
      opts: { n: r.p.value('n') ? Number(r.p.value('n')) : r.p.value('L') ? Number(r.p.value('L')) : null, I: r.p.value('I') ?? null, nul: r.p.has('0'), r: r.p.has('r') },
      input: '',
    };
    return xargsInput(ctx);
  },
  onInput: (ctx) => xargsInput(ctx),
  resume(ctx, why) {
    if (why.kind === 'child') {
      const s = why.status;
      if (s !== 0) ctx.state.status = s === 255 ? 124 : s > 128 ? 125 : 123;
      return xargsNext(ctx);
    }
    return xargsInput(ctx);
  },
};

function xargsInput(ctx: Ctx<XargsState>): Outcome {
  const st = ctx.state;
  st.input += ctx.stdin.read();
  if (!ctx.stdin.eof) return { block: 'input' };
  const items = st.opts.I !== null ? st.input.split('\n').filter((l) => l.trim()) : splitXargs(st.input, st.opts.nul);
  if (!items.length) {
    if (st.opts.r || ctx.flavour === 'busybox') return { exit: 0 };
    st.batches = [[]];
  } else if (st.opts.I !== null) st.batches = items.map((x) => [x]);
  else if (st.opts.n) for (let i = 0; i < items.length; i += st.opts.n) st.batches.push(items.slice(i, i + st.opts.n));
  else st.batches = [items];
  return xargsNext(ctx);
}

export const busyboxProgram: ProgramDef<null> = {
  id: 'busybox',
  main(ctx) {
    const a0 = ctx.argv[0] ?? 'busybox';
    const applet = a0.split('/').pop() ?? a0;
    if (applet !== 'busybox') {
      ctx.stderr.write(BUSYBOX_APPLETS.includes(applet) ? `${applet}: this program is not simulated\n` : `${applet}: applet not found\n`);
      return { exit: 127 };
    }
    const list = [...BUSYBOX_APPLETS].sort();
    let text = 'BusyBox v1.36.1 (2023-06-12 18:44:42 UTC) multi-call binary.\nBusyBox is copyrighted by many authors between 1998-2015.\nLicensed under GPLv2. See source distribution for detailed\ncopyright notices.\n\nUsage: busybox [function [arguments]...]\n   or: busybox --list[-full]\n   or: busybox --show SCRIPT\n   or: busybox --install [-s] [DIR]\n   or: function [arguments]...\n\n\tBusyBox is a multi-call binary that combines many common Unix\n\tutilities into a single executable.  Most people will create a\n\tlink to busybox for each function they wish to use and BusyBox\n\twill act like whatever it was invoked as.\n\nCurrently defined functions:\n';
    text += '\t' + list.join(', ') + '\n';
    if (ctx.argv[1] === '--list') text = list.join('\n') + '\n';
    ctx.stdout.write(text);
    void (ctx.ul as unknown as Userland);
    return { exit: 0 };
  },
};
