/**
 * find (GNU findutils 4.9, and busybox): walk directory trees and print the
 * paths that match -name PATTERN, -type f|d|l, within -maxdepth/-mindepth.
 *
 * Models: the walk through the caller's view of the filesystem (mounts,
 * overlay, permissions: "find: ‘/root’: Permission denied"), start points
 * printed first, entries in directory order, not following symlinks.
 * SIMPLIFICATIONS: only -name/-iname, -type, -user, -maxdepth, -mindepth,
 * -xdev/-mount (a mount point of another filesystem is listed, not entered),
 * -print, `!` before one test, and -exec CMD {} + (one run with every match)
 * or -exec CMD {} \; (one run per match); no -size, -mtime, -o.
 */

import type { Ctx, Outcome, ProgramDef } from '../types.ts';
import { userName } from '../shell/prompt.ts';
import { absPath, fsLstat, fsReaddirTyped } from '../fsapi.ts';
import { isErr, strerror } from '../../kernel/errno.ts';
import { matchPattern } from '../shell/expand.ts';

const TYPE: Record<string, string> = { file: 'f', dir: 'd', symlink: 'l', chardev: 'c', blockdev: 'b', fifo: 'p', socket: 's' };

interface FindExec {
  runs: string[][];
  i: number;
  status: number;
}

/** Run the -exec command lines one after another, as children. */
function runExecs(ctx: Ctx<FindExec>): Outcome {
  const st = ctx.state;
  while (st.i < st.runs.length) {
    const argv = st.runs[st.i++] as string[];
    const pid = ctx.ul.spawn(ctx.pid, { argv, fds: { 0: { k: 'null' }, 1: ctx.fds[1] ?? { k: 'null' }, 2: ctx.fds[2] ?? { k: 'null' } } });
    if (typeof pid !== 'number') {
      ctx.stderr.write(`find: ‘${argv[0]}’: ${pid.error.replace(/^.*: /, '')}`);
      st.status = 1;
      continue;
    }
    const code = ctx.ul.reapChild(ctx.pid, pid);
    if (code === null) return { block: 'child', pid };
    if (code !== 0) st.status = 1;
  }
  return { exit: st.status };
}

export const findProgram: ProgramDef<FindExec | null> = {
  id: 'find',
  resume(ctx, why) {
    const c = ctx as Ctx<FindExec>;
    if (why.kind === 'child' && why.status !== 0) c.state.status = 1;
    return runExecs(c);
  },
  main(ctx) {
    const bb = ctx.flavour === 'busybox';
    const args = ctx.argv.slice(1);
    const starts: string[] = [];
    let i = 0;
    const isExpr = (a: string): boolean => a.startsWith('-') || a === '!' || a === '(';
    while (i < args.length && !isExpr(args[i] as string)) starts.push(args[i++] as string);
    let name: string | null = null;
    let iname = false;
    let type: string | null = null;
    let maxdepth = Infinity;
    let mindepth = 0;
    let xdev = false;
    let user: { name: string; negate: boolean } | null = null;
    let negate = false;
    let exec: { cmd: string[]; plus: boolean } | null = null;
    for (; i < args.length; i++) {
      const a = args[i] as string;
      const v = args[i + 1];
      if (a === '!' || a === '-not') {
        negate = true;
        continue;
      }
      if (a === '-user' && v !== undefined) {
        user = { name: v, negate };
        negate = false;
        i++;
      } else if (a === '-exec') {
        const end = args.findIndex((x, j) => j > i && (x === ';' || (x === '+' && args[j - 1] === '{}')));
        if (end < 0) {
          ctx.stderr.write(bb ? `find: -exec requires an argument\n` : `find: missing argument to \`-exec'\n`);
          return { exit: 1 };
        }
        exec = { cmd: args.slice(i + 1, end), plus: args[end] === '+' };
        i = end;
      } else if ((a === '-name' || a === '-iname') && v !== undefined) {
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
      } else if (a === '-xdev' || a === '-mount') xdev = true;
      else if (a === '-print') continue;
      else {
        ctx.stderr.write(bb ? `find: unrecognized: ${a}\n` : `find: unknown predicate \`${a}'\n`);
        return { exit: 1 };
      }
    }
    if (!starts.length) starts.push('.');
    let status = 0;
    let out = '';
    const matches: string[] = [];
    const q = (p: string) => (bb ? p : `‘${p}’`);
    const visit = (shown: string, depth: number, startDev: string | null): void => {
      const st = fsLstat(ctx.k, ctx.pid, absPath(ctx.k, ctx.pid, shown));
      if (isErr(st)) {
        ctx.stderr.write(`find: ${q(shown)}: ${strerror(st.errno)}\n`);
        status = 1;
        return;
      }
      const base = shown.replace(/\/+$/, '').split('/').pop() || shown;
      const nameOk = name === null || (iname ? matchPattern(base.toLowerCase(), name.toLowerCase()) : matchPattern(base, name));
      const userOk = user === null || (userName(ctx.k, ctx.pid, st.uid) === user.name || String(st.uid) === user.name) !== user.negate;
      if (depth >= mindepth && nameOk && userOk && (type === null || TYPE[st.type] === type)) {
        if (exec) matches.push(shown);
        else out += shown + '\n';
      }
      if (st.type !== 'dir' || depth >= maxdepth) return;
      const dev = `${st.dev[0]}:${st.dev[1]}`;
      if (xdev && startDev !== null && dev !== startDev) return;
      const ents = fsReaddirTyped(ctx.k, ctx.pid, absPath(ctx.k, ctx.pid, shown));
      if (isErr(ents)) {
        ctx.stderr.write(`find: ${q(shown)}: ${strerror(ents.errno)}\n`);
        status = 1;
        return;
      }
      for (const e of ents) visit(`${shown.endsWith('/') ? shown : shown + '/'}${e.name}`, depth + 1, startDev ?? dev);
    };
    for (const s of starts) visit(s, 0, null);
    ctx.stdout.write(out);
    if (!exec || matches.length === 0) return { exit: status };
    const { cmd, plus } = exec;
    const fill = (paths: string[]): string[] => cmd.flatMap((w) => (w === '{}' ? paths : [w.split('{}').join(paths[0] ?? '')]));
    const state: FindExec = { runs: plus ? [fill(matches)] : matches.map((m) => fill([m])), i: 0, status };
    const c = ctx as unknown as Ctx<FindExec>;
    c.state = state;
    return runExecs(c);
  },
};
