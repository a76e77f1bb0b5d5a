/**
 * paste(1) (coreutils 9.1 and busybox) and printenv(1) (coreutils 9.1).
 *
 * Models: paste joining corresponding lines of its files with TABs or the
 * cyclic -d list (escapes \n \t \\ \0), an exhausted file giving empty
 * columns, several `-` operands taking turns at stdin's lines, -s pasting
 * each file's lines into one line; a missing file stops it before any output
 * (`paste: F: No such file or directory`, exit 1). printenv printing the
 * environment (NAME=value) or the values of the names given, exit 1 when one
 * is unset.
 * SIMPLIFICATIONS: stdin is read to EOF before anything is printed.
 */

import type { Ctx, Outcome, ProgramDef } from '../types.ts';
import { parseArgs, progName, usageError } from './args.ts';
import { absPath, fsRead, fsStat } from '../fsapi.ts';
import { isErr, strerror, sysErr } from '../../kernel/errno.ts';
import { lines } from './input.ts';

interface PasteState {
  serial: boolean;
  delims: string[];
  files: string[];
  stdin: string;
}

/** The -d list: each character (or escape) is one delimiter; `\0` is none. */
export function pasteDelims(d: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < d.length; i++) {
    const c = d[i] as string;
    if (c !== '\\') {
      out.push(c);
      continue;
    }
    const n = d[++i];
    const map: Record<string, string> = { n: '\n', t: '\t', '\\': '\\', '0': '', b: '\b', f: '\f', r: '\r', v: '\v' };
    out.push(n === undefined ? '\\' : (map[n] ?? n));
  }
  return out.length ? out : [''];
}

function pasteStep(ctx: Ctx<PasteState>): Outcome {
  const st = ctx.state;
  const name = progName(ctx as Ctx, 'paste');
  if (st.files.includes('-')) {
    st.stdin += ctx.stdin.read();
    if (!ctx.stdin.eof) return { block: 'input' };
  }
  const cols: string[][] = [];
  for (const f of st.files) {
    if (f === '-') {
      cols.push([]);
      continue;
    }
    const path = absPath(ctx.k, ctx.pid, f);
    const s = fsStat(ctx.k, ctx.pid, path);
    const t = !isErr(s) && s.type === 'dir' ? sysErr('EISDIR') : fsRead(ctx.k, ctx.pid, path);
    if (isErr(t)) {
      ctx.stderr.write(`${name}: ${f}: ${strerror(t.errno)}\n`);
      return { exit: 1 };
    }
    cols.push(lines(t));
  }
  // `-` operands share stdin: in serial mode the first takes it all, otherwise they take lines in turn.
  const stdinLines = lines(st.stdin);
  const dashes = st.files.map((f, i) => (f === '-' ? i : -1)).filter((i) => i >= 0);
  if (st.serial) {
    if (dashes.length) cols[dashes[0] as number] = stdinLines;
  } else {
    stdinLines.forEach((l, j) => (cols[dashes[j % dashes.length] as number] as string[]).push(l));
  }
  const d = (i: number) => st.delims[i % st.delims.length] as string;
  let out = '';
  if (st.serial) {
    for (const c of cols) out += c.map((l, i) => (i ? d(i - 1) : '') + l).join('') + '\n';
  } else {
    const rows = Math.max(0, ...cols.map((c) => c.length));
    for (let r = 0; r < rows; r++) out += cols.map((c, i) => (i ? d(i - 1) : '') + (c[r] ?? '')).join('') + '\n';
  }
  ctx.stdout.write(out);
  return { exit: 0 };
}

export const pasteProgram: ProgramDef<PasteState> = {
  id: 'paste',
  main(ctx) {
    const name = progName(ctx as Ctx, 'paste');
    const r = parseArgs(ctx.argv.slice(1), { flags: 'sz', withValue: 'd', long: { serial: { short: 's' }, delimiters: { short: 'd', value: true } } });
    if (!r.ok) return usageError(ctx as Ctx, name, r.error);
    const d = r.p.value('d');
    ctx.state = { serial: r.p.has('s'), delims: d === undefined ? ['\t'] : pasteDelims(d), files: r.p.operands.length ? r.p.operands : ['-'], stdin: '' };
    return pasteStep(ctx);
  },
  onInput: pasteStep,
  resume: pasteStep,
};

export const printenvProgram: ProgramDef<null> = {
  id: 'printenv',
  main(ctx) {
    const name = progName(ctx, 'printenv');
    const r = parseArgs(ctx.argv.slice(1), { flags: '0', long: { null: { short: '0' } } });
    if (!r.ok) return usageError(ctx, name, r.error, 2);
    const end = r.p.has('0') ? '\0' : '\n';
    if (!r.p.operands.length) {
      ctx.stdout.write(Object.entries(ctx.env).map(([k, v]) => `${k}=${v}${end}`).join(''));
      return { exit: 0 };
    }
    let status = 0;
    for (const n of r.p.operands) {
      const v = Object.prototype.hasOwnProperty.call(ctx.env, n) && !n.includes('=') ? ctx.env[n] : undefined;
      if (v === undefined) status = 1;
      else ctx.stdout.write(v + end);
    }
    return { exit: status };
  },
};
