/**
 * psmisc 22.21 killall and pstree (and busybox killall).
 *
 * Models: killall matching a command name (comm) among the processes of the
 * caller's PID namespace, -SIG / -s SIG, "NAME: no process found" (psmisc)
 * or "killall: NAME: no process killed" (busybox), exit 1 when nothing was
 * killed; pstree drawing the process tree from PID 1 (or a given PID) with
 * children sorted by name, identical leaf chains merged as "N*[a---b]",
 * -p for PIDs (no merging), -a for arguments, UTF-8 line drawing
 * (─┬─ ├─ │ └─) on a UTF-8 terminal and ASCII (-+- |- | `-) otherwise.
 * SIMPLIFICATIONS: no threads ({name}), no -u/-n/-l; merging applies only to
 * subtrees drawn on one line.
 */

import type { ProgramDef } from '../types.ts';
import type { Process } from '../../kernel/process/types.ts';
import { visibleProcesses, pidInNs, getppidAsSeenBy } from '../../kernel/process/pids.ts';
import { signalNumber } from '../../kernel/signals.ts';
import { progName } from './args.ts';
import { ulOf } from './dial.ts';

export const killallProgram: ProgramDef<null> = {
  id: 'killall',
  main(ctx) {
    const name = progName(ctx, 'killall');
    const bb = ctx.flavour === 'busybox';
    const args = ctx.argv.slice(1);
    let sig = 15;
    let quiet = false;
    const names: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i] as string;
      if (a === '-s' || a === '--signal') sig = signalNumber((args[++i] ?? '').replace(/^SIG/, '')) ?? sig;
      else if (a === '-q' || a === '--quiet') quiet = true;
      else if (/^-\d+$/.test(a)) sig = Number(a.slice(1));
      else if (/^-[A-Z]+$/.test(a)) sig = signalNumber(a.slice(1).replace(/^SIG/, '')) ?? sig;
      else names.push(a);
    }
    if (!names.length) {
      ctx.stderr.write(bb ? 'BusyBox v1.36.1 multi-call binary.\n\nUsage: killall [-lq] [-SIG] PROCESS_NAME...\n' : 'Usage: killall [OPTION]... [--] NAME...\n');
      return { exit: 1 };
    }
    const me = ctx.k.proc(ctx.pid);
    const procs = visibleProcesses(ctx.k, me?.pidNs ?? ctx.k.state.ns.initial.pid).filter((p) => !p.kthread && p.state !== 'Z' && p.pid !== ctx.pid);
    let status = 0;
    for (const n of names) {
      const hits = procs.filter((p) => p.comm === n.slice(0, 15));
      let killed = 0;
      for (const p of hits) {
        const r = ulOf(ctx).kill(ctx.pid, p.pid, sig);
        if (r && 'errno' in r) {
          if (!quiet) ctx.stderr.write(bb ? `${name}: cannot kill pid ${pidInNs(ctx.k, p.pid, me?.pidNs ?? p.pidNs)}: Operation not permitted\n` : `${name}: ${n}(${pidInNs(ctx.k, p.pid, me?.pidNs ?? p.pidNs)}): Operation not permitted\n`);
        } else killed++;
      }
      if (!killed) {
        status = 1;
        if (!quiet && !hits.length) ctx.stderr.write(bb ? `${name}: ${n}: no process killed\n` : `${n}: no process found\n`);
      }
    }
    return { exit: status };
  },
};

interface Sym {
  one: string;
  first: string;
  mid: string;
  last: string;
  bar: string;
}

const ASCII: Sym = { one: '---', first: '-+-', mid: ' |-', last: ' `-', bar: ' | ' };
const UTF8: Sym = { one: '───', first: '─┬─', mid: ' ├─', last: ' └─', bar: ' │ ' };

function draw(label: string, blocks: string[][], s: Sym): string[] {
  if (!blocks.length) return [label];
  const pad = ' '.repeat([...label].length);
  if (blocks.length === 1) {
    const b = blocks[0] as string[];
    return [label + s.one + b[0], ...b.slice(1).map((l) => pad + '   ' + l)];
  }
  const out: string[] = [];
  blocks.forEach((b, i) => {
    const isLast = i === blocks.length - 1;
    const head = i === 0 ? label + s.first : pad + (isLast ? s.last : s.mid);
    out.push(head + b[0]);
    for (const l of b.slice(1)) out.push(pad + (isLast ? '   ' : s.bar) + l);
  });
  return out;
}

export const pstreeProgram: ProgramDef<null> = {
  id: 'pstree',
  main(ctx) {
    const args = ctx.argv.slice(1);
    const flags = args.filter((a) => a.startsWith('-')).join('');
    const showPid = flags.includes('p');
    const showArgs = flags.includes('a');
    const utf = (flags.includes('U') || (ctx.stdout.isatty && /UTF-?8/i.test(ctx.env.LANG ?? ctx.env.LC_ALL ?? ''))) && !flags.includes('A');
    const s = utf ? UTF8 : ASCII;
    const me = ctx.k.proc(ctx.pid);
    const ns = me?.pidNs ?? ctx.k.state.ns.initial.pid;
    const procs = visibleProcesses(ctx.k, ns).filter((p) => !p.kthread || pidInNs(ctx.k, p.pid, ns) === 1);
    const byPid = new Map<number, Process>();
    const kids = new Map<number, Process[]>();
    for (const p of procs) {
      const seen = pidInNs(ctx.k, p.pid, ns) ?? 0;
      byPid.set(seen, p);
      const pp = getppidAsSeenBy(ctx.k, p.pid, ns);
      if (!kids.has(pp)) kids.set(pp, []);
      kids.get(pp)?.push(p);
    }
    const rootArg = args.find((a) => /^\d+$/.test(a));
    const root = byPid.get(rootArg ? Number(rootArg) : 1);
    if (!root) return { exit: 1 };
    const label = (p: Process) => {
      const id = pidInNs(ctx.k, p.pid, ns) ?? 0;
      const base = showArgs ? (p.argv.length ? p.argv.join(' ') : p.comm) : p.comm;
      return showPid ? (showArgs ? `${p.comm},${id}${p.argv.length > 1 ? ' ' + p.argv.slice(1).join(' ') : ''}` : `${base}(${id})`) : base;
    };
    const render = (p: Process): string[] => {
      const id = pidInNs(ctx.k, p.pid, ns) ?? 0;
      const children = [...(kids.get(id) ?? [])].sort((a, b) => (a.comm < b.comm ? -1 : a.comm > b.comm ? 1 : a.pid - b.pid));
      const blocks = children.map(render);
      const merged: string[][] = [];
      for (let i = 0; i < blocks.length; ) {
        const b = blocks[i] as string[];
        let n = 1;
        while (!showPid && b.length === 1 && i + n < blocks.length && (blocks[i + n] as string[]).length === 1 && (blocks[i + n] as string[])[0] === b[0]) n++;
        merged.push(n > 1 ? [`${n}*[${b[0]}]`] : b);
        i += n;
      }
      return draw(label(p), merged, s);
    };
    ctx.stdout.write(render(root).join('\n') + '\n');
    return { exit: 0 };
  },
};
