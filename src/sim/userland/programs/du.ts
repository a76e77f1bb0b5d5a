/**
 * du: disk usage of directory trees (GNU coreutils du(1)).
 *
 * Models: the disk space files take (st_blocks, in 1024-byte units by
 * default), each inode counted once (hard links, and the shared layers of a
 * union mount reached twice), one line per directory after its contents
 * ("SIZE<TAB>PATH"), -s a total per operand only, -a files too, -c a grand
 * total, -h sizes like "8.3M" (powers of 1024, rounded up, one decimal under
 * 10), -d/--max-depth, -m; "du: cannot access 'x': No such file or
 * directory" (exit 1). Symbolic links are not followed.
 * SIMPLIFICATIONS: no --apparent-size, -x, --exclude or -L; the busybox
 * flavour prints as GNU does.
 */

import type { ProgramDef } from '../types.ts';
import { isErr } from '../../kernel/errno.ts';
import { absPath, fsLstat, fsReaddirTyped } from '../fsapi.ts';
import { parseArgs, progName, usageError } from './args.ts';

/** GNU human_readable with -h: ceiling, one decimal below 10. */
export function duHuman(bytes: number): string {
  if (bytes < 1024) return String(bytes);
  const units = ['K', 'M', 'G', 'T', 'P'];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  if (v < 10) {
    const r = Math.ceil(v * 10) / 10;
    return r >= 10 ? `10${units[i]}` : `${r.toFixed(1)}${units[i]}`;
  }
  const r = Math.ceil(v);
  if (r >= 1024 && i < units.length - 1) return `1.0${units[i + 1]}`;
  return `${r}${units[i]}`;
}

export const duProgram: ProgramDef<null> = {
  id: 'du',
  main(ctx) {
    const name = progName(ctx, 'du');
    const r = parseArgs(ctx.argv.slice(1), { flags: 'sahckm', withValue: 'd', long: { summarize: { short: 's' }, all: { short: 'a' }, 'human-readable': { short: 'h' }, total: { short: 'c' }, 'max-depth': { short: 'd', value: true } } });
    if (!r.ok) return usageError(ctx, name, r.error);
    const p = r.p;
    const maxDepth = p.has('s') ? 0 : p.value('d') !== undefined ? Number(p.value('d')) : Infinity;
    const show = (bytes: number): string => (p.has('h') ? duHuman(bytes) : p.has('m') ? String(Math.ceil(bytes / 1048576)) : String(Math.ceil(bytes / 1024)));
    const seen = new Set<number>();
    let out = '';
    let code = 0;
    let grand = 0;
    const walk = (path: string, shown: string, depth: number): number => {
      const st = fsLstat(ctx.k, ctx.pid, path);
      if (isErr(st)) return 0;
      if (seen.has(st.ino)) return 0;
      seen.add(st.ino);
      let total = st.blocks * 512;
      if (st.type === 'dir') {
        const ents = fsReaddirTyped(ctx.k, ctx.pid, path);
        if (isErr(ents)) {
          ctx.stderr.write(`${name}: cannot read directory '${shown}': Permission denied\n`);
          code = 1;
        } else {
          for (const e of ents) {
            const child = `${path === '/' ? '' : path}/${e.name}`;
            total += walk(child, `${shown.replace(/\/$/, '')}/${e.name}`, depth + 1);
          }
        }
        if (depth <= maxDepth) out += `${show(total)}\t${shown}\n`;
      } else if ((p.has('a') && depth <= maxDepth) || depth === 0) out += `${show(total)}\t${shown}\n`;
      return total;
    };
    const ops = p.operands.length ? p.operands : ['.'];
    for (const op of ops) {
      const path = absPath(ctx.k, ctx.pid, op);
      if (isErr(fsLstat(ctx.k, ctx.pid, path))) {
        ctx.stdout.write(out);
        out = '';
        ctx.stderr.write(`${name}: cannot access '${op}': No such file or directory\n`);
        code = 1;
        continue;
      }
      grand += walk(path, op, 0);
    }
    if (p.has('c')) out += `${show(grand)}\ttotal\n`;
    ctx.stdout.write(out);
    return { exit: code };
  },
};
