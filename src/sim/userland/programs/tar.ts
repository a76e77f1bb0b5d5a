/**
 * tar (GNU tar 1.34 on Debian hosts; busybox tar in alpine): create, list and
 * extract archives, so the classic "a container from scratch" steps work:
 * `docker export $(docker create alpine) | tar -C rootfs -xf -`, then chroot
 * and unshare into it; and `tar -cf` of a build context or a backup.
 *
 * Models: -c/-x/-t with -f FILE (or - for stdin/stdout), -C DIR, -v, bundled
 * and old-style options (`tar xvf a.tar`), leading '/' stripped on extraction
 * with GNU's notice, parent directories created, modes kept, symlinks made,
 * GNU's errors for a missing mode, a terminal as the archive and input that is
 * not an archive.
 * SIMPLIFICATIONS: an archive is this simulation's archive format (a JSON list
 * of entries; see engine/images/tar.ts, shared with docker save/export/cp), not
 * tar bytes; -z/-j/-J are accepted and change nothing; ownership is not
 * stored; device files are skipped.
 */

import type { Ctx, Outcome, ProgramDef } from '../types.ts';
import { absPath, fsChmod, fsLstat, fsMkdir, fsRead, fsReaddir, fsReadlink, fsStat, fsSymlink, fsUnlink, fsWrite } from '../fsapi.ts';
import { isErr, strerror } from '../../kernel/errno.ts';
import { decodeTar, encodeTar, type TarEntry } from '../../engine/images/tar.ts';

interface TarOpts {
  mode: 'c' | 'x' | 't' | null;
  file: string | null;
  dir: string | null;
  verbose: boolean;
  operands: string[];
}

interface TarState {
  o: TarOpts;
  input: string;
}

function gnuFail(ctx: Ctx, name: string, msg: string): { exit: number } {
  ctx.stderr.write(`${name}: ${msg}\nTry '${name} --help' or '${name} --usage' for more information.\n`);
  return { exit: 2 };
}

/** Parse tar's three option styles: old (`xvf f`), short bundles (`-xvf f`) and long (`--file=f`). */
function parse(argv: string[]): TarOpts | string {
  const o: TarOpts = { mode: null, file: null, dir: null, verbose: false, operands: [] };
  const args = [...argv];
  if (args[0] && !args[0].startsWith('-')) args[0] = `-${args[0]}`;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--') {
      o.operands.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const [k, v] = a.slice(2).split('=', 2) as [string, string | undefined];
      const val = () => v ?? args[++i] ?? '';
      if (k === 'create') o.mode = 'c';
      else if (k === 'extract' || k === 'get') o.mode = 'x';
      else if (k === 'list') o.mode = 't';
      else if (k === 'file') o.file = val();
      else if (k === 'directory') o.dir = val();
      else if (k === 'verbose') o.verbose = true;
      else if (!['gzip', 'bzip2', 'xz', 'numeric-owner', 'same-owner', 'no-same-owner', 'preserve-permissions', 'overwrite'].includes(k)) return `unrecognized option '${a}'`;
      continue;
    }
    if (!a.startsWith('-') || a === '-') {
      o.operands.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const c = a[j] as string;
      if (c === 'c' || c === 'x' || c === 't') {
        if (o.mode && o.mode !== c) return "You may not specify more than one '-Acdtrux', '--delete' or  '--test-label' option";
        o.mode = c;
      } else if (c === 'v') o.verbose = true;
      else if (c === 'f' || c === 'C') {
        const rest = a.slice(j + 1);
        const v = rest || args[++i];
        if (v === undefined) return `option requires an argument -- '${c}'`;
        if (c === 'f') o.file = v;
        else o.dir = v;
        break;
      } else if (!'zjJpoh'.includes(c)) return `invalid option -- '${c}'`;
    }
  }
  return o;
}

function modeString(e: TarEntry): string {
  const t = e.type === 'dir' ? 'd' : e.type === 'symlink' ? 'l' : '-';
  const m = e.type === 'symlink' ? 0o777 : (e.mode ?? (e.type === 'dir' ? 0o755 : 0o644));
  const bits = 'rwxrwxrwx';
  let s = t;
  for (let i = 0; i < 9; i++) s += m & (1 << (8 - i)) ? bits[i] : '-';
  return s;
}

function entryData(e: TarEntry): string {
  return e.data ?? e.content ?? '';
}

function listLine(e: TarEntry, verbose: boolean): string {
  const p = e.type === 'dir' && !e.path.endsWith('/') ? `${e.path}/` : e.path;
  if (!verbose) return `${p}\n`;
  const size = e.type === 'file' ? (e.size ?? entryData(e).length) : 0;
  const link = e.type === 'symlink' ? ` -> ${e.target ?? e.linkname ?? ''}` : '';
  return `${modeString(e)} root/root ${String(size).padStart(9)} 1970-01-01 00:00 ${p}${link}\n`;
}

function extract(ctx: Ctx, name: string, entries: TarEntry[], o: TarOpts): number {
  const base = o.dir ? absPath(ctx.k, ctx.pid, o.dir) : absPath(ctx.k, ctx.pid, '.');
  let stripped = false;
  let status = 0;
  for (const e of entries) {
    let rel = e.path.replace(/^\.\//, '');
    if (rel.startsWith('/')) {
      rel = rel.replace(/^\/+/, '');
      if (!stripped && ctx.flavour !== 'busybox') ctx.stderr.write(`${name}: Removing leading \`/' from member names\n`);
      stripped = true;
    }
    rel = rel.replace(/\/+$/, '');
    if (!rel || rel === '.') continue;
    if (o.verbose) ctx.stdout.write(listLine({ ...e, path: e.path.replace(/^\/+/, '') }, false));
    const path = `${base === '/' ? '' : base}/${rel}`;
    mkdirs(ctx, path.slice(0, path.lastIndexOf('/')) || '/');
    let r: true | { errno: string } = true;
    if (e.type === 'dir') {
      const st = fsStat(ctx.k, ctx.pid, path);
      r = isErr(st) ? fsMkdir(ctx.k, ctx.pid, path, e.mode ?? 0o755) : true;
      if (r === true && e.mode !== undefined) fsChmod(ctx.k, ctx.pid, path, e.mode);
    } else if (e.type === 'symlink') {
      if (!isErr(fsLstat(ctx.k, ctx.pid, path))) fsUnlink(ctx.k, ctx.pid, path);
      r = fsSymlink(ctx.k, ctx.pid, e.target ?? e.linkname ?? '', path);
    } else if (e.type === 'file') {
      const l = fsLstat(ctx.k, ctx.pid, path);
      if (!isErr(l) && l.type === 'symlink') fsUnlink(ctx.k, ctx.pid, path);
      r = fsWrite(ctx.k, ctx.pid, path, entryData(e), { mode: e.mode ?? 0o644 });
      if (r === true) fsChmod(ctx.k, ctx.pid, path, e.mode ?? 0o644);
    }
    if (isErr(r)) {
      ctx.stderr.write(`${name}: ${rel}: Cannot open: ${strerror(r.errno as never)}\n`);
      status = 2;
    }
  }
  if (status) ctx.stderr.write(`${name}: Exiting with failure status due to previous errors\n`);
  return status;
}

function mkdirs(ctx: Ctx, dir: string): void {
  let cur = '';
  for (const c of dir.split('/').filter(Boolean)) {
    cur += `/${c}`;
    if (isErr(fsStat(ctx.k, ctx.pid, cur))) fsMkdir(ctx.k, ctx.pid, cur, 0o755);
  }
}

/** Archive entries for the operands, walked recursively, with paths as given (relative to -C). */
function collect(ctx: Ctx, name: string, o: TarOpts): { entries: TarEntry[]; status: number } {
  const entries: TarEntry[] = [];
  let status = 0;
  const base = o.dir ? absPath(ctx.k, ctx.pid, o.dir) : absPath(ctx.k, ctx.pid, '.');
  const walk = (shown: string, path: string): void => {
    const st = fsLstat(ctx.k, ctx.pid, path);
    if (isErr(st)) {
      ctx.stderr.write(`${name}: ${shown}: Cannot stat: ${strerror(st.errno)}\n`);
      status = 2;
      return;
    }
    if (o.verbose) ctx.stdout.write(`${shown}${st.type === 'dir' && !shown.endsWith('/') ? '/' : ''}\n`);
    if (st.type === 'dir') {
      entries.push({ path: shown.endsWith('/') ? shown : `${shown}/`, type: 'dir', mode: st.mode & 0o7777 });
      const names = fsReaddir(ctx.k, ctx.pid, path);
      if (isErr(names)) return;
      for (const n of names) if (n !== '.' && n !== '..') walk(shown === '.' ? `./${n}` : `${shown.replace(/\/$/, '')}/${n}`, `${path === '/' ? '' : path}/${n}`);
    } else if (st.type === 'symlink') {
      const t = fsReadlink(ctx.k, ctx.pid, path);
      entries.push({ path: shown, type: 'symlink', target: isErr(t) ? '' : t });
    } else if (st.type === 'file') {
      const data = fsRead(ctx.k, ctx.pid, path);
      if (isErr(data)) {
        ctx.stderr.write(`${name}: ${shown}: Cannot open: ${strerror(data.errno)}\n`);
        status = 2;
        return;
      }
      entries.push({ path: shown, type: 'file', mode: st.mode & 0o7777, data });
    }
  };
  for (const op of o.operands) {
    const shown = op.replace(/^\/+/, '');
    if (op.startsWith('/') && ctx.flavour !== 'busybox') ctx.stderr.write(`${name}: Removing leading \`/' from member names\n`);
    walk(shown || '.', op.startsWith('/') ? op : `${base === '/' ? '' : base}/${op}`);
  }
  return { entries, status };
}

function step(ctx: Ctx<TarState>): Outcome {
  const name = ctx.argv[0]?.split('/').pop() ?? 'tar';
  const s = ctx.state;
  const o = s.o;
  let text: string;
  if (o.file === '-' || o.file === null) {
    s.input += ctx.stdin.read();
    if (!ctx.stdin.eof) return { block: 'input' };
    text = s.input;
  } else {
    const data = fsRead(ctx.k, ctx.pid, absPath(ctx.k, ctx.pid, o.file));
    if (isErr(data)) {
      ctx.stderr.write(`${name}: ${o.file}: Cannot open: ${strerror(data.errno)}\n${name}: Error is not recoverable: exiting now\n`);
      return { exit: 2 };
    }
    text = data;
  }
  const entries = text.trim() === '' ? [] : decodeTar(text);
  if (!entries) {
    ctx.stderr.write(`${name}: This does not look like a tar archive\n${name}: Exiting with failure status due to previous errors\n`);
    return { exit: 2 };
  }
  if (o.mode === 't') {
    for (const e of entries) ctx.stdout.write(listLine(e, o.verbose));
    return { exit: 0 };
  }
  return { exit: extract(ctx as Ctx, name, entries, o) };
}

export const tarProgram: ProgramDef<TarState> = {
  id: 'tar',
  main(ctx) {
    const c = ctx as unknown as Ctx;
    const name = ctx.argv[0]?.split('/').pop() ?? 'tar';
    const first = ctx.argv[1];
    if (first === '--help' || first === '--version') {
      const bb = ctx.flavour === 'busybox';
      ctx.stdout.write(
        first === '--version'
          ? bb
            ? 'tar (busybox) 1.36.1\n'
            : 'tar (GNU tar) 1.34\nCopyright (C) 2021 Free Software Foundation, Inc.\nLicense GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\nThis is free software: you are free to change and redistribute it.\nThere is NO WARRANTY, to the extent permitted by law.\n\nWritten by John Gilmore and Jay Fenlason.\n'
          : bb
            ? 'BusyBox v1.36.1 (2024-06-10 07:11:47 UTC) multi-call binary.\n\nUsage: tar c|x|t [-ZzJjahmvokO] [-f TARFILE] [-C DIR] [-T FILE] [-X FILE] [LONGOPT]... [FILE]...\n\nCreate, extract, or list files from a tar file\n'
            : "Usage: tar [OPTION...] [FILE]...\nGNU 'tar' saves many files together into a single tape or disk archive, and can\nrestore individual files from the archive.\n\nExamples:\n  tar -cf archive.tar foo bar  # Create archive.tar from files foo and bar.\n  tar -tvf archive.tar         # List all files in archive.tar verbosely.\n  tar -xf archive.tar          # Extract all files from archive.tar.\n",
      );
      return { exit: 0 };
    }
    const o = parse(ctx.argv.slice(1));
    if (typeof o === 'string') return gnuFail(c, name, o);
    if (!o.mode) return gnuFail(c, name, "You must specify one of the '-Acdtrux', '--delete' or '--test-label' options");
    if (o.mode === 'c') {
      if (o.operands.length === 0) {
        ctx.stderr.write(`${name}: Cowardly refusing to create an empty archive\nTry '${name} --help' or '${name} --usage' for more information.\n`);
        return { exit: 2 };
      }
      const { entries, status } = collect(c, name, o);
      const out = encodeTar(entries);
      if (o.file === null || o.file === '-') ctx.stdout.write(out);
      else {
        const r = fsWrite(ctx.k, ctx.pid, absPath(ctx.k, ctx.pid, o.file), out, { mode: 0o644 });
        if (isErr(r)) {
          ctx.stderr.write(`${name}: ${o.file}: Cannot open: ${strerror(r.errno)}\n${name}: Error is not recoverable: exiting now\n`);
          return { exit: 2 };
        }
      }
      if (status) ctx.stderr.write(`${name}: Exiting with failure status due to previous errors\n`);
      return { exit: status };
    }
    if ((o.file === null || o.file === '-') && ctx.stdin.isatty) {
      ctx.stderr.write(`${name}: Refusing to read archive contents from terminal (missing -f option?)\n${name}: Error is not recoverable: exiting now\n`);
      return { exit: 2 };
    }
    ctx.state = { o, input: '' };
    return step(ctx);
  },
  onInput: step,
  resume: step,
};
