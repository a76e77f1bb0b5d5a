/**
 * Reading a filter's input: named files in order, "-" (or no operand) for
 * stdin, waiting for stdin to reach EOF. Filters here process the whole input
 * once it is complete.
 * SIMPLIFICATIONS: filters (sort, wc, grep...) answer after EOF rather than
 * line by line, which only shows when typing into them on a terminal.
 */

import type { Ctx } from '../types.ts';
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
