/**
 * tail (coreutils 9.1): the last N lines (-n N, -n +N from line N) of files
 * or stdin, -f following a file as it grows (polled once per second of
 * virtual time), and what `tail /dev/zero` does: no newline ever comes, so
 * everything read is kept as "the last line" and memory grows until the
 * OOM killer ends it (see zero.ts).
 * SIMPLIFICATIONS: -c is not modelled; an unterminated line longer than 1
 * MiB read from a pipe is counted (and charged) rather than stored.
 */

import type { Ctx, Outcome, ProgramDef } from '../types.ts';
import { isDevZero, holdBytes, ZERO_RATE, ZERO_STEP_MS } from './zero.ts';
import { parseArgs, progName, usageError } from './args.ts';
import { gather, newInput, type InputState } from './input.ts';
import { absPath, fsRead } from '../fsapi.ts';
import { isErr } from '../../kernel/errno.ts';
import { countArg } from './text.ts';


interface TailState {
  in: InputState;
  n: number;
  fromStart: boolean;
  follow: boolean;
  /** For -f: file path and how much has been shown. */
  path: string | null;
  shown: number;
  /** Bytes of an unterminated last line held in memory (reading /dev/zero or a pipe of zeros). */
  held?: number;
}

const BASE_RSS = 1024 * 1024;

function tailText(text: string, n: number, fromStart: boolean): string {
  const ls = text.split('\n');
  const trailing = ls[ls.length - 1] === '';
  if (trailing) ls.pop();
  const sel = fromStart ? ls.slice(Math.max(0, n - 1)) : n === 0 ? [] : ls.slice(-n);
  return sel.length ? sel.join('\n') + (trailing ? '\n' : '') : '';
}

function tailStep(ctx: Ctx<TailState>): Outcome {
  const st = ctx.state;
  const name = progName(ctx as Ctx, 'tail');
  const cur = st.in.files[st.in.i];
  if (cur !== undefined && isDevZero(ctx as Ctx, cur)) {
    // No newline ever comes: everything read is the last line, kept in memory.
    st.held = (st.held ?? 0) + (ZERO_RATE * ZERO_STEP_MS) / 1000;
    if (!holdBytes(ctx as Ctx, BASE_RSS, st.held)) return { exit: 137 };
    return { block: 'timer', untilMs: ctx.k.uptimeMs + ZERO_STEP_MS };
  }
  if (st.path !== null && st.in.i >= st.in.files.length) {
    const data = fsRead(ctx.k, ctx.pid, st.path);
    if (!isErr(data)) {
      if (data.length < st.shown) {
        ctx.stderr.write(`${name}: ${st.in.files[0]}: file truncated\n`);
        st.shown = 0;
      }
      if (data.length > st.shown) ctx.stdout.write(data.slice(st.shown));
      st.shown = data.length;
    }
    return { block: 'timer', untilMs: ctx.k.uptimeMs + 1000, periodic: true };
  }
  if (!gather(ctx as Ctx, st.in, name, (f, e) => `${name}: cannot open '${f}' for reading: ${e}\n`)) {
    const part = st.in.parts[st.in.i];
    if (part?.text && part.text.length > 1024 * 1024 && part.text.lastIndexOf('\n') < 0) {
      // One endless line: count it, keep only its tail, and pay for it in memory.
      st.held = (st.held ?? 0) + part.text.length - 4096;
      part.text = part.text.slice(-4096);
    }
    const held = (st.held ?? 0) + (part?.text?.length ?? 0);
    if (held > 256 * 1024 && !holdBytes(ctx as Ctx, BASE_RSS, held)) return { exit: 137 };
    return { block: 'input' };
  }
  const multi = st.in.parts.length > 1;
  st.in.parts.forEach((p, i) => {
    if (p.text === null) return;
    if (multi) ctx.stdout.write(`${i ? '\n' : ''}==> ${p.name === '-' ? 'standard input' : p.name} <==\n`);
    ctx.stdout.write(tailText(p.text, st.n, st.fromStart));
  });
  if (st.follow) {
    const f = st.in.files[st.in.files.length - 1] as string;
    if (f === '-') return { block: 'forever' };
    st.path = absPath(ctx.k, ctx.pid, f);
    const last = st.in.parts[st.in.parts.length - 1];
    st.shown = last?.text?.length ?? 0;
    return { block: 'timer', untilMs: ctx.k.uptimeMs + 1000, periodic: true };
  }
  return { exit: st.in.status };
}

export const tailProgram: ProgramDef<TailState> = {
  id: 'tail',
  main(ctx) {
    const name = progName(ctx as Ctx, 'tail');
    const r = parseArgs(ctx.argv.slice(1), { flags: 'fFq', withValue: 'nc', numberOpt: 'n', long: { lines: { short: 'n', value: true }, follow: { short: 'f' } } });
    if (!r.ok) return usageError(ctx as Ctx, name, r.error);
    const n = countArg(r.p.value('n'), 10);
    if (!n) {
      ctx.stderr.write(`${name}: invalid number of lines: '${r.p.value('n')}'\n`);
      return { exit: 1 };
    }
    ctx.state = { in: newInput(r.p.operands), n: n.n, fromStart: n.fromStart, follow: r.p.has('f') || r.p.has('F'), path: null, shown: 0 };
    return tailStep(ctx);
  },
  onInput: tailStep,
  resume: tailStep,
};

