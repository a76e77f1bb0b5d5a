/**
 * File operations from coreutils 9.1: mkdir, rmdir, rm, touch, cp, mv, ln,
 * chmod, chown — each a thin layer over the kernel's fs operations, with the
 * real tools' messages (mkdir quotes with ‘’ in a UTF-8 locale, the others
 * with '').
 * SIMPLIFICATIONS: cp copies contents and modes (-p/-a also owners), not
 * xattrs; rm -i and chmod --reference are not supported; mv across
 * filesystems copies then removes.
 */

import type { Ctx, ProgramDef } from '../types.ts';
import { parseArgs, progName, usageError } from './args.ts';
import { absPath, fsChmod, fsChown, fsLstat, fsMkdir, fsRead, fsReaddir, fsReadlink, fsRename, fsRmdir, fsStat, fsSymlink, fsLink, fsTouch, fsUnlink, fsWrite, type StatInfo } from '../fsapi.ts';
import { isErr, strerror, type SysError } from '../../kernel/errno.ts';
import { nameDb } from './users.ts';

function err(e: SysError): string {
  return strerror(e.errno);
}

function missing(ctx: Ctx, name: string): { exit: number } {
  ctx.stderr.write(`${name}: missing operand\nTry '${name} --help' for more information.\n`);
  return { exit: 1 };
}

export const mkdirProgram: ProgramDef<null> = {
  id: 'mkdir',
  main(ctx) {
    const name = progName(ctx, 'mkdir');
    const r = parseArgs(ctx.argv.slice(1), { flags: 'pv', withValue: 'm', long: { parents: { short: 'p' }, mode: { short: 'm', value: true }, verbose: { short: 'v' } } });
    if (!r.ok) return usageError(ctx, name, r.error);
    if (!r.p.operands.length) return missing(ctx, name);
    const mode = r.p.value('m') ? parseInt(r.p.value('m') as string, 8) : 0o755;
    let status = 0;
    for (const op of r.p.operands) {
      const path = absPath(ctx.k, ctx.pid, op);
      if (r.p.has('p')) {
        let cur = '';
        for (const c of path.split('/').filter(Boolean)) {
          cur += '/' + c;
          const s = fsStat(ctx.k, ctx.pid, cur);
          if (!isErr(s)) {
            if (s.type !== 'dir') {
              ctx.stderr.write(`${name}: cannot create directory ‘${op}’: Not a directory\n`);
              status = 1;
              break;
            }
            continue;
          }
          const m = fsMkdir(ctx.k, ctx.pid, cur, cur === path ? mode : 0o755);
          if (isErr(m)) {
            ctx.stderr.write(`${name}: cannot create directory ‘${op}’: ${err(m)}\n`);
            status = 1;
            break;
          }
          if (r.p.has('v')) ctx.stdout.write(`${name}: created directory '${cur}'\n`);
        }
        continue;
      }
      const m = fsMkdir(ctx.k, ctx.pid, path, mode);
      if (isErr(m)) {
        ctx.stderr.write(ctx.flavour === 'busybox' ? `${name}: can't create directory '${op}': ${err(m)}\n` : `${name}: cannot create directory ‘${op}’: ${err(m)}\n`);
        status = 1;
      } else if (r.p.has('v')) ctx.stdout.write(`${name}: created directory '${op}'\n`);
    }
    return { exit: status };
  },
};

export const rmdirProgram: ProgramDef<null> = {
  id: 'rmdir',
  main(ctx) {
    const name = progName(ctx, 'rmdir');
    const r = parseArgs(ctx.argv.slice(1), { flags: 'pv', long: { parents: { short: 'p' } } });
    if (!r.ok) return usageError(ctx, name, r.error);
    if (!r.p.operands.length) return missing(ctx, name);
    let status = 0;
    for (const op of r.p.operands) {
      const e = fsRmdir(ctx.k, ctx.pid, absPath(ctx.k, ctx.pid, op));
      if (isErr(e)) {
        ctx.stderr.write(`${name}: failed to remove '${op}': ${err(e)}\n`);
        status = 1;
      }
    }
    return { exit: status };
  },
};

function removeTree(ctx: Ctx, path: string): SysError | null {
  const l = fsLstat(ctx.k, ctx.pid, path);
  if (isErr(l)) return l;
  if (l.type !== 'dir') {
    const u = fsUnlink(ctx.k, ctx.pid, path);
    return isErr(u) ? u : null;
  }
  const names = fsReaddir(ctx.k, ctx.pid, path);
  if (isErr(names)) return names;
  for (const n of names) {
    const e = removeTree(ctx, `${path === '/' ? '' : path}/${n}`);
    if (e) return e;
  }
  const r = fsRmdir(ctx.k, ctx.pid, path);
  return isErr(r) ? r : null;
}

export const rmProgram: ProgramDef<null> = {
  id: 'rm',
  main(ctx) {
    const name = progName(ctx, 'rm');
    const r = parseArgs(ctx.argv.slice(1), { flags: 'rRfvid', long: { recursive: { short: 'r' }, force: { short: 'f' }, verbose: { short: 'v' }, 'no-preserve-root': {} } });
    if (!r.ok) return usageError(ctx, name, r.error);
    const force = r.p.has('f');
    if (!r.p.operands.length) return force ? { exit: 0 } : missing(ctx, name);
    const rec = r.p.has('r') || r.p.has('R');
    let status = 0;
    for (const op of r.p.operands) {
      const path = absPath(ctx.k, ctx.pid, op);
      if (path === '/' && rec && !r.p.has('no-preserve-root')) {
        ctx.stderr.write(`${name}: it is dangerous to operate recursively on '/'\n${name}: use --no-preserve-root to override this failsafe\n`);
        status = 1;
        continue;
      }
      const l = fsLstat(ctx.k, ctx.pid, path);
      if (isErr(l)) {
        if (!force) {
          ctx.stderr.write(`${name}: cannot remove '${op}': ${err(l)}\n`);
          status = 1;
        }
        continue;
      }
      if (l.type === 'dir' && !rec) {
        if (r.p.has('d')) {
          const e = fsRmdir(ctx.k, ctx.pid, path);
          if (isErr(e)) {
            ctx.stderr.write(`${name}: cannot remove '${op}': ${err(e)}\n`);
            status = 1;
          }
          continue;
        }
        ctx.stderr.write(`${name}: cannot remove '${op}': Is a directory\n`);
        status = 1;
        continue;
      }
      const e = removeTree(ctx, path);
      if (e) {
        ctx.stderr.write(`${name}: cannot remove '${op}': ${err(e)}\n`);
        status = 1;
      } else if (r.p.has('v')) ctx.stdout.write(`removed '${op}'\n`);
    }
    return { exit: status };
  },
};

export const touchProgram: ProgramDef<null> = {
  id: 'touch',
  main(ctx) {
    const name = progName(ctx, 'touch');
    const r = parseArgs(ctx.argv.slice(1), { flags: 'acm', withValue: 'dt', long: { 'no-create': { short: 'c' } } });
    if (!r.ok) return usageError(ctx, name, r.error);
    if (!r.p.operands.length) {
      ctx.stderr.write(`${name}: missing file operand\nTry '${name} --help' for more information.\n`);
      return { exit: 1 };
    }
    let status = 0;
    for (const op of r.p.operands) {
      const path = absPath(ctx.k, ctx.pid, op);
      if (r.p.has('c') && isErr(fsStat(ctx.k, ctx.pid, path))) continue;
      const e = fsTouch(ctx.k, ctx.pid, path);
      if (isErr(e)) {
        // busybox: bb_simple_perror_msg(file).
        ctx.stderr.write(ctx.flavour === 'busybox' ? `${name}: ${op}: ${err(e)}\n` : `${name}: cannot touch '${op}': ${err(e)}\n`);
        status = 1;
      }
    }
    return { exit: status };
  },
};

function copyOne(ctx: Ctx, name: string, src: string, dst: string, o: { rec: boolean; preserve: boolean; label: string }): number {
  const l = fsLstat(ctx.k, ctx.pid, src);
  if (isErr(l)) {
    ctx.stderr.write(`${name}: cannot stat '${o.label}': ${err(l)}\n`);
    return 1;
  }
  // -R and -a copy a symbolic link as a link (GNU cp's -P, the default when recursive); without them it is followed.
  if (l.type === 'symlink' && (o.preserve || o.rec)) {
    const t = fsReadlink(ctx.k, ctx.pid, src);
    if (!isErr(t)) fsSymlink(ctx.k, ctx.pid, t, dst);
    return 0;
  }
  const st = fsStat(ctx.k, ctx.pid, src) as StatInfo;
  if (st.type === 'dir') {
    if (!o.rec) {
      ctx.stderr.write(`${name}: -r not specified; omitting directory '${o.label}'\n`);
      return 1;
    }
    if (dst === src || dst.startsWith(src + '/')) {
      ctx.stderr.write(`${name}: cannot copy a directory, '${o.label}', into itself, '${dst}'\n`);
      return 1;
    }
    const d = fsStat(ctx.k, ctx.pid, dst);
    if (isErr(d)) {
      const m = fsMkdir(ctx.k, ctx.pid, dst, st.mode);
      if (isErr(m)) {
        ctx.stderr.write(`${name}: cannot create directory '${dst}': ${err(m)}\n`);
        return 1;
      }
    }
    const names = fsReaddir(ctx.k, ctx.pid, src);
    let status = 0;
    if (!isErr(names)) for (const n of names) status |= copyOne(ctx, name, `${src}/${n}`, `${dst}/${n}`, { ...o, label: `${o.label}/${n}` });
    if (o.preserve) fsChown(ctx.k, ctx.pid, dst, st.uid, st.gid);
    return status;
  }
  const data = fsRead(ctx.k, ctx.pid, src);
  if (isErr(data)) {
    ctx.stderr.write(`${name}: cannot open '${o.label}' for reading: ${err(data)}\n`);
    return 1;
  }
  const w = fsWrite(ctx.k, ctx.pid, dst, data, { mode: st.mode & 0o777 });
  if (isErr(w)) {
    ctx.stderr.write(`${name}: cannot create regular file '${dst}': ${err(w)}\n`);
    return 1;
  }
  fsChmod(ctx.k, ctx.pid, dst, st.mode);
  if (o.preserve) fsChown(ctx.k, ctx.pid, dst, st.uid, st.gid);
  return 0;
}

function destFor(ctx: Ctx, srcOp: string, dstOp: string, many: boolean): { path: string; intoDir: boolean } | null {
  const dpath = absPath(ctx.k, ctx.pid, dstOp);
  const d = fsStat(ctx.k, ctx.pid, dpath);
  const isDir = !isErr(d) && d.type === 'dir';
  if (many && !isDir) return null;
  if (isDir) {
    const base = srcOp.replace(/\/+$/, '').split('/').pop() ?? srcOp;
    return { path: `${dpath === '/' ? '' : dpath}/${base}`, intoDir: true };
  }
  return { path: dpath, intoDir: false };
}

export const cpProgram: ProgramDef<null> = {
  id: 'cp',
  main(ctx) {
    const name = progName(ctx, 'cp');
    const r = parseArgs(ctx.argv.slice(1), { flags: 'rRapfvdiPL', long: { recursive: { short: 'r' }, archive: { short: 'a' }, force: { short: 'f' }, verbose: { short: 'v' } } });
    if (!r.ok) return usageError(ctx, name, r.error);
    const ops = r.p.operands;
    if (ops.length < 2) {
      ctx.stderr.write(ops.length ? `${name}: missing destination file operand after '${ops[0]}'\nTry '${name} --help' for more information.\n` : `${name}: missing file operand\nTry '${name} --help' for more information.\n`);
      return { exit: 1 };
    }
    const dst = ops[ops.length - 1] as string;
    const srcs = ops.slice(0, -1);
    let status = 0;
    for (const s of srcs) {
      const d = destFor(ctx, s, dst, srcs.length > 1);
      if (!d) {
        ctx.stderr.write(`${name}: target '${dst}' is not a directory\n`);
        return { exit: 1 };
      }
      status |= copyOne(ctx, name, absPath(ctx.k, ctx.pid, s), d.path, { rec: r.p.has('r') || r.p.has('R') || r.p.has('a'), preserve: r.p.has('a') || r.p.has('p'), label: s });
      if (r.p.has('v') && !status) ctx.stdout.write(`'${s}' -> '${d.intoDir ? `${dst.replace(/\/$/, '')}/${s.split('/').pop()}` : dst}'\n`);
    }
    return { exit: status };
  },
};

export const mvProgram: ProgramDef<null> = {
  id: 'mv',
  main(ctx) {
    const name = progName(ctx, 'mv');
    const r = parseArgs(ctx.argv.slice(1), { flags: 'fivnT', long: { force: { short: 'f' }, verbose: { short: 'v' } } });
    if (!r.ok) return usageError(ctx, name, r.error);
    const ops = r.p.operands;
    if (ops.length < 2) {
      ctx.stderr.write(ops.length ? `${name}: missing destination file operand after '${ops[0]}'\nTry '${name} --help' for more information.\n` : `${name}: missing file operand\nTry '${name} --help' for more information.\n`);
      return { exit: 1 };
    }
    const dst = ops[ops.length - 1] as string;
    const srcs = ops.slice(0, -1);
    let status = 0;
    for (const s of srcs) {
      const src = absPath(ctx.k, ctx.pid, s);
      const l = fsLstat(ctx.k, ctx.pid, src);
      if (isErr(l)) {
        ctx.stderr.write(`${name}: cannot stat '${s}': ${err(l)}\n`);
        status = 1;
        continue;
      }
      const d = destFor(ctx, s, dst, srcs.length > 1);
      if (!d) {
        ctx.stderr.write(`${name}: target '${dst}' is not a directory\n`);
        return { exit: 1 };
      }
      const e = fsRename(ctx.k, ctx.pid, src, d.path);
      if (isErr(e)) {
        if (e.errno === 'EXDEV') {
          const c = copyOne(ctx, name, src, d.path, { rec: true, preserve: true, label: s });
          if (c === 0) removeTree(ctx, src);
          status |= c;
          continue;
        }
        ctx.stderr.write(`${name}: cannot move '${s}' to '${d.intoDir ? d.path : dst}': ${err(e)}\n`);
        status = 1;
      } else if (r.p.has('v')) ctx.stdout.write(`renamed '${s}' -> '${dst}'\n`);
    }
    return { exit: status };
  },
};

export const lnProgram: ProgramDef<null> = {
  id: 'ln',
  main(ctx) {
    const name = progName(ctx, 'ln');
    const r = parseArgs(ctx.argv.slice(1), { flags: 'sfnvrT', long: { symbolic: { short: 's' }, force: { short: 'f' } } });
    if (!r.ok) return usageError(ctx, name, r.error);
    const ops = r.p.operands;
    if (!ops.length) {
      ctx.stderr.write(`${name}: missing file operand\nTry '${name} --help' for more information.\n`);
      return { exit: 1 };
    }
    const target = ops[0] as string;
    const dstOp = ops[1] ?? (target.split('/').pop() as string);
    const d = destFor(ctx, target, dstOp, false) as { path: string };
    if (r.p.has('f') && !isErr(fsLstat(ctx.k, ctx.pid, d.path))) fsUnlink(ctx.k, ctx.pid, d.path);
    if (ctx.flavour === 'busybox') {
      // busybox ln: unlink(dst) under -f whatever it says, then bb_simple_perror_msg(dst) ("ln: /etc/hostname: File exists").
      if (!r.p.has('s') && isErr(fsLstat(ctx.k, ctx.pid, absPath(ctx.k, ctx.pid, target)))) {
        ctx.stderr.write(`${name}: ${target}: No such file or directory\n`);
        return { exit: 1 };
      }
      const e = r.p.has('s') ? fsSymlink(ctx.k, ctx.pid, target, d.path) : fsLink(ctx.k, ctx.pid, absPath(ctx.k, ctx.pid, target), d.path);
      if (!isErr(e)) return { exit: 0 };
      const shown = d.path === absPath(ctx.k, ctx.pid, dstOp) ? dstOp : `${dstOp.replace(/\/+$/, '')}/${target.split('/').pop() as string}`;
      ctx.stderr.write(`${name}: ${shown}: ${err(e)}\n`);
      return { exit: 1 };
    }
    const e = r.p.has('s') ? fsSymlink(ctx.k, ctx.pid, target, d.path) : fsLink(ctx.k, ctx.pid, absPath(ctx.k, ctx.pid, target), d.path);
    if (isErr(e)) {
      const what = r.p.has('s') ? 'symbolic link' : 'hard link';
      ctx.stderr.write(e.errno === 'EEXIST' ? `${name}: failed to create ${what} '${dstOp}': File exists\n` : r.p.has('s') ? `${name}: failed to create ${what} '${dstOp}': ${err(e)}\n` : `${name}: failed to access '${target}': ${err(e)}\n`);
      return { exit: 1 };
    }
    return { exit: 0 };
  },
};

/** Apply a chmod mode (octal or symbolic like u+x,go-w,a=r) to `cur`. Null if invalid. */
export function applyMode(spec: string, cur: number, isDir: boolean): number | null {
  if (/^[0-7]{1,4}$/.test(spec)) return parseInt(spec, 8);
  let mode = cur;
  for (const clause of spec.split(',')) {
    const m = /^([ugoa]*)([-+=])([rwxXst]*)$/.exec(clause);
    if (!m) return null;
    const who = m[1] || 'a';
    const perms = m[3] as string;
    let bits = 0;
    const mask = (w: string) => (w === 'u' ? 0o4700 : w === 'g' ? 0o2070 : w === 'o' ? 0o1007 : 0o7777);
    let whoMask = 0;
    for (const w of who) whoMask |= mask(w);
    for (const p of perms) {
      if (p === 'r') bits |= 0o444;
      if (p === 'w') bits |= 0o222;
      if (p === 'x' || (p === 'X' && (isDir || cur & 0o111))) bits |= 0o111;
      if (p === 's') bits |= 0o6000;
      if (p === 't') bits |= 0o1000;
    }
    bits &= whoMask;
    if (m[2] === '+') mode |= bits;
    else if (m[2] === '-') mode &= ~bits;
    else mode = (mode & ~whoMask) | bits;
  }
  return mode & 0o7777;
}

/**
 * The operands and, with -R, what lies below them, as GNU chmod/chown -R walk it (fts with -P, the
 * default): a symbolic link met below an operand is neither followed nor changed (/proc/1/root leads
 * back to /), and a directory already visited (a bind mount of an ancestor) is not entered again.
 */
function walk(ctx: Ctx, path: string, rec: boolean, fn: (p: string, st: StatInfo) => void, seen: Set<string> | null = null): void {
  const st = seen === null ? fsStat(ctx.k, ctx.pid, path) : fsLstat(ctx.k, ctx.pid, path);
  if (isErr(st) || st.type === 'symlink') return;
  fn(path, st);
  if (rec && st.type === 'dir') {
    const dirs = seen ?? new Set<string>();
    const key = `${st.dev[0]}:${st.dev[1]}:${st.ino}`;
    if (dirs.has(key)) return;
    dirs.add(key);
    const names = fsReaddir(ctx.k, ctx.pid, path);
    if (!isErr(names)) for (const n of names) walk(ctx, `${path === '/' ? '' : path}/${n}`, rec, fn, dirs);
  }
}

export const chmodProgram: ProgramDef<null> = {
  id: 'chmod',
  main(ctx) {
    const name = progName(ctx, 'chmod');
    const args = ctx.argv.slice(1);
    const rec = args.includes('-R') || args.includes('--recursive');
    const rest = args.filter((a) => a !== '-R' && a !== '--recursive' && a !== '-v' && a !== '-f');
    if (rest.length < 2) {
      ctx.stderr.write(rest.length ? `${name}: missing operand after '${rest[0]}'\nTry '${name} --help' for more information.\n` : `${name}: missing operand\nTry '${name} --help' for more information.\n`);
      return { exit: 1 };
    }
    const spec = rest[0] as string;
    let status = 0;
    for (const op of rest.slice(1)) {
      const path = absPath(ctx.k, ctx.pid, op);
      const st = fsStat(ctx.k, ctx.pid, path);
      if (isErr(st)) {
        ctx.stderr.write(`${name}: cannot access '${op}': ${err(st)}\n`);
        status = 1;
        continue;
      }
      walk(ctx, path, rec, (p, s) => {
        const mode = applyMode(spec, s.mode, s.type === 'dir');
        if (mode === null) {
          ctx.stderr.write(`${name}: invalid mode: '${spec}'\nTry '${name} --help' for more information.\n`);
          status = 1;
          return;
        }
        const e = fsChmod(ctx.k, ctx.pid, p, mode);
        if (isErr(e)) {
          ctx.stderr.write(`${name}: changing permissions of '${p === path ? op : p}': ${err(e)}\n`);
          status = 1;
        }
      });
    }
    return { exit: status };
  },
};

export const chownProgram: ProgramDef<null> = {
  id: 'chown',
  main(ctx) {
    const name = progName(ctx, 'chown');
    const args = ctx.argv.slice(1);
    const rec = args.includes('-R');
    const rest = args.filter((a) => !/^-[RhvfH]+$/.test(a));
    if (rest.length < 2) {
      ctx.stderr.write(rest.length ? `${name}: missing operand after '${rest[0]}'\nTry '${name} --help' for more information.\n` : `${name}: missing operand\nTry '${name} --help' for more information.\n`);
      return { exit: 1 };
    }
    const spec = rest[0] as string;
    const db = nameDb(ctx.k, ctx.pid);
    const [u, g] = spec.split(/[:.]/);
    const uid = u ? db.uidOf(u) : -1;
    const gid = g ? db.gidOf(g) : -1;
    if (uid === null) {
      ctx.stderr.write(`${name}: invalid user: '${spec}'\n`);
      return { exit: 1 };
    }
    if (gid === null) {
      ctx.stderr.write(`${name}: invalid group: '${spec}'\n`);
      return { exit: 1 };
    }
    let status = 0;
    for (const op of rest.slice(1)) {
      const path = absPath(ctx.k, ctx.pid, op);
      const st = fsStat(ctx.k, ctx.pid, path);
      if (isErr(st)) {
        ctx.stderr.write(`${name}: cannot access '${op}': ${err(st)}\n`);
        status = 1;
        continue;
      }
      walk(ctx, path, rec, (p, s) => {
        const e = fsChown(ctx.k, ctx.pid, p, uid === -1 ? s.uid : uid, gid === -1 ? s.gid : gid);
        if (isErr(e)) {
          ctx.stderr.write(`${name}: changing ownership of '${p === path ? op : p}': ${err(e)}\n`);
          status = 1;
        }
      });
    }
    return { exit: status };
  },
};
