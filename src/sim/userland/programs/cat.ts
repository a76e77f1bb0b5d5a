/**
 * cat(1) (coreutils 9.1): concatenate files and stdin ("-") to stdout.
 * Models reading stdin as it arrives (a pipe or a terminal line by line),
 * error texts for missing files and directories. SIMPLIFICATIONS: -n and -A
 * only among the formatting options.
 */

import type { Ctx, Outcome, ProgramDef } from '../types.ts';
import { parseArgs, progName, usageError } from './args.ts';
import { absPath, fsRead, fsStat } from '../fsapi.ts';
import { isErr, strerror } from '../../kernel/errno.ts';
import { isDevZero, ZERO_CHUNK, ZERO_CHUNK_MS } from './zero.ts';

interface CatState {
  files: string[];
  i: number;
  status: number;
  number: boolean;
  showAll: boolean;
  line: number;
  atLineStart: boolean;
}

function fmt(st: CatState, data: string): string {
  let s = data;
  if (st.showAll) s = s.replace(/\t/g, '^I').replace(/\n/g, '$\n');
  if (!st.number) return s;
  let out = '';
  for (const ch of s) {
    if (st.atLineStart) {
      out += `${String(st.line++).padStart(6)}\t`;
      st.atLineStart = false;
    }
    out += ch;
    if (ch === '\n') st.atLineStart = true;
  }
  return out;
}

function step(ctx: Ctx<CatState>): Outcome {
  const st = ctx.state;
  const name = progName(ctx, 'cat');
  while (st.i < st.files.length) {
    const f = st.files[st.i] as string;
    if (f === '-') {
      const data = ctx.stdin.read();
      if (data) ctx.stdout.write(fmt(st, data));
      if (!ctx.stdin.eof) return { block: 'input' };
      st.i++;
      continue;
    }
    if (isDevZero(ctx, f)) {
      // Endless zeros: one pipe's worth per wake-up, until the reader goes (SIGPIPE) or a signal ends it.
      ctx.stdout.write('\0'.repeat(ZERO_CHUNK));
      return { block: 'timer', untilMs: ctx.k.uptimeMs + ZERO_CHUNK_MS };
    }
    const path = absPath(ctx.k, ctx.pid, f);
    const s = fsStat(ctx.k, ctx.pid, path);
    if (!isErr(s) && s.type === 'dir') {
      ctx.stderr.write(`${name}: ${f}: Is a directory\n`);
      st.status = 1;
      st.i++;
      continue;
    }
    const data = fsRead(ctx.k, ctx.pid, path);
    if (isErr(data)) {
      ctx.stderr.write(ctx.flavour === 'busybox' ? `${name}: can't open '${f}': ${strerror(data.errno)}\n` : `${name}: ${f}: ${strerror(data.errno)}\n`);
      st.status = 1;
    } else ctx.stdout.write(fmt(st, data));
    st.i++;
  }
  return { exit: st.status };
}

export const catProgram: ProgramDef<CatState> = {
  id: 'cat',
  main(ctx) {
    const r = parseArgs(ctx.argv.slice(1), { flags: 'nAuse', long: { number: { short: 'n' }, 'show-all': { short: 'A' } } });
    if (!r.ok) return usageError(ctx, progName(ctx, 'cat'), r.error);
    ctx.state = { files: r.p.operands.length ? r.p.operands : ['-'], i: 0, status: 0, number: r.p.has('n'), showAll: r.p.has('A'), line: 1, atLineStart: true };
    return step(ctx);
  },
  onInput: (ctx) => step(ctx),
  resume: (ctx) => step(ctx),
};
