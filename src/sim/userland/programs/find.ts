/**
 * find (GNU findutils 4.9, and busybox): walk directory trees and print the
 * paths that match -name PATTERN, -type f|d|l, within -maxdepth/-mindepth.
 *
 * Models: the walk through the caller's view of the filesystem (mounts,
 * overlay, permissions: "find: ‘/root’: Permission denied"), start points
 * printed first, entries in directory order, not following symlinks.
 * SIMPLIFICATIONS: only -name/-iname, -type, -maxdepth, -mindepth, -print;
 * no -exec, -size, -mtime, -o/!.
 */

import type { ProgramDef } from '../types.ts';
import { absPath, fsLstat, fsReaddirTyped } from '../fsapi.ts';
import { isErr, strerror } from '../../kernel/errno.ts';
import { matchPattern } from '../shell/expand.ts';

const TYPE: Record<string, string> = { file: 'f', dir: 'd', symlink: 'l', chardev: 'c', blockdev: 'b', fifo: 'p', socket: 's' };

export const findProgram: ProgramDef<null> = {
  id: 'find',
  main(ctx) {
    const bb = ctx.flavour === 'busybox';
    const args = ctx.argv.slice(1);
    const starts: string[] = [];
    let i = 0;
    while (i < args.length && !(args[i] as string).startsWith('-')) starts.push(args[i++] as string);
    let name: string | null = null;
    let iname = false;
    let type: string | null = null;
    let maxdepth = Infinity;
    let mindepth = 0;
    for (; i < args.length; i++) {
      const a = args[i] as string;
      const v = args[i + 1];
      if ((a === '-name' || a === '-iname') && v !== undefined) {
        name = v;
        iname = a === '-iname';
        i++;
      } else if (a === '-type' && v !== undefined) {
        type = v;
        i++;
      } else if (a === '-maxdepth' && v !== undefined) {
        maxdepth = Number(v);
        i++;
      } else if (a === '-mindepth' && v !== undefined) {
        mindepth = Number(v);
        i++;
      } else if (a === '-print') continue;
      else {
        ctx.stderr.write(bb ? `find: unrecognized: ${a}\n` : `find: unknown predicate \`${a}'\n`);
        return { exit: 1 };
      }
    }
    if (!starts.length) starts.push('.');
    let status = 0;
    let out = '';
    const q = (p: string) => (bb ? p : `‘${p}’`);
    const visit = (shown: string, depth: number): void => {
      const st = fsLstat(ctx.k, ctx.pid, absPath(ctx.k, ctx.pid, shown));
      if (isErr(st)) {
        ctx.stderr.write(`find: ${q(shown)}: ${strerror(st.errno)}\n`);
        status = 1;
        return;
      }
      const base = shown.replace(/\/+$/, '').split('/').pop() || shown;
      const nameOk = name === null || (iname ? matchPattern(base.toLowerCase(), name.toLowerCase()) : matchPattern(base, name));
      if (depth >= mindepth && nameOk && (type === null || TYPE[st.type] === type)) out += shown + '\n';
      if (st.type !== 'dir' || depth >= maxdepth) return;
      const ents = fsReaddirTyped(ctx.k, ctx.pid, absPath(ctx.k, ctx.pid, shown));
      if (isErr(ents)) {
        ctx.stderr.write(`find: ${q(shown)}: ${strerror(ents.errno)}\n`);
        status = 1;
        return;
      }
      for (const e of ents) visit(`${shown.endsWith('/') ? shown : shown + '/'}${e.name}`, depth + 1);
    };
    for (const s of starts) visit(s, 0);
    ctx.stdout.write(out);
    return { exit: status };
  },
};
