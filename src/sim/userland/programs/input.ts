/**
 * Reading a filter's input: named files in order, "-" (or no operand) for
 * stdin, waiting for stdin to reach EOF. Filters here process the whole input
 * once it is complete.
 * SIMPLIFICATIONS: filters (sort, wc, grep...) answer after EOF rather than
 * line by line, which only shows when typing into them on a terminal.
 */

import type { Ctx, Outcome, ProgramDef } from '../types.ts';
import { progName } from './args.ts';
import { absPath, fsRead, fsStat } from '../fsapi.ts';
import { isErr, strerror } from '../../kernel/errno.ts';

export interface InputState {
  files: string[];
  i: number;
  /** Content gathered so far, per operand. */
  parts: Array<{ name: string; text: string | null }>;
  status: number;
}

export function newInput(operands: string[]): InputState {
  return { files: operands.length ? operands : ['-'], i: 0, parts: [], status: 0 };
}

/**
 * Read on; returns true when every operand has been read. Missing files are
 * reported on stderr (`name: file: No such file or directory`) and give status 1.
 */
export function gather(ctx: Ctx, st: InputState, name: string, openErr?: (file: string, err: string) => string): boolean {
  while (st.i < st.files.length) {
    const f = st.files[st.i] as string;
    if (f === '-') {
      let part = st.parts[st.i];
      if (!part) {
        part = { name: '-', text: '' };
        st.parts[st.i] = part;
      }
      part.text = (part.text ?? '') + ctx.stdin.read();
      if (!ctx.stdin.eof) return false;
      st.i++;
      continue;
    }
    const path = absPath(ctx.k, ctx.pid, f);
    const s = fsStat(ctx.k, ctx.pid, path);
    if (!isErr(s) && s.type === 'dir') {
      ctx.stderr.write(`${name}: ${f}: Is a directory\n`);
      st.parts[st.i] = { name: f, text: null };
      st.status = 1;
      st.i++;
      continue;
    }
    const data = fsRead(ctx.k, ctx.pid, path);
    if (isErr(data)) {
      ctx.stderr.write(ctx.flavour === 'busybox' ? `${name}: can't open '${f}': ${strerror(data.errno)}\n` : openErr ? openErr(f, strerror(data.errno)) : `${name}: ${f}: ${strerror(data.errno)}\n`);
      st.parts[st.i] = { name: f, text: null };
      st.status = 1;
    } else st.parts[st.i] = { name: f, text: data };
    st.i++;
  }
  return true;
}

/** Split text into lines without the trailing empty piece. */
export function lines(text: string): string[] {
  if (text === '') return [];
  const l = text.split('\n');
  if (l[l.length - 1] === '') l.pop();
  return l;
}

export type Filter<S> = ProgramDef<{ in: InputState; o: S } | null>;

/**
 * Build a filter program: parse options, gather all input (files, or stdin to
 * EOF), then produce output; the exit status is the worse of run's and the
 * gathering's. `openErr` words a file that cannot be opened (default
 * "name: file: error").
 */
export function filterProgram<S>(
  id: string,
  parse: (ctx: Ctx, name: string) => { o: S; operands: string[] } | { exit: number },
  run: (ctx: Ctx, name: string, o: S, st: InputState) => number,
  openErr?: (name: string, file: string, err: string) => string,
): Filter<S> {
  const step = (ctx: Ctx<{ in: InputState; o: S } | null>): Outcome => {
    const s = ctx.state as { in: InputState; o: S };
    const name = progName(ctx as Ctx, id);
    if (!gather(ctx as Ctx, s.in, name, openErr ? (f, e) => openErr(name, f, e) : undefined)) return { block: 'input' };
    const code = run(ctx as Ctx, name, s.o, s.in);
    return { exit: Math.max(code, s.in.status) };
  };
  return {
    id,
    main(ctx) {
      const r = parse(ctx as Ctx, progName(ctx as Ctx, id));
      if ('exit' in r) return r;
      ctx.state = { in: newInput(r.operands), o: r.o };
      return step(ctx);
    },
    onInput: step,
    resume: step,
  };
}
