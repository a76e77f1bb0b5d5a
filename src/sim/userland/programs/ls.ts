/**
 * ls(1) (coreutils 9.1) and busybox ls: list directory contents from the
 * simulated filesystem as the calling process sees it.
 *
 * Models: one name per line when stdout is not a terminal, columns when it
 * is; --color=auto (directories, executables, symlinks) only on a terminal;
 * -l with the "total" line, aligned columns, "Mon DD HH:MM" (or the year for
 * files older than six months) and "-> target" for symlinks; -a -A -d -R -h
 * -1 -i -t -S -r -F.
 * SIMPLIFICATIONS: C.UTF-8 collation (byte order); no ACL "+" marker.
 */

import type { Ctx, ProgramDef } from '../types.ts';
import { parseArgs, progName, usageError } from './args.ts';
import { absPath, fsLstat, fsReaddir, fsReadlink, fsStat, type StatInfo } from '../fsapi.ts';
import { isErr, strerror } from '../../kernel/errno.ts';
import { nameDb } from './users.ts';

interface Opts {
  all: boolean;
  almost: boolean;
  long: boolean;
  dir: boolean;
  recursive: boolean;
  human: boolean;
  one: boolean;
  inode: boolean;
  sortTime: boolean;
  sortSize: boolean;
  reverse: boolean;
  classify: boolean;
  color: boolean;
  numeric: boolean;
}

const TYPE_CHAR: Record<string, string> = { file: '-', dir: 'd', symlink: 'l', chardev: 'c', blockdev: 'b', fifo: 'p', socket: 's' };

export function modeString(type: string, mode: number): string {
  const rwx = (bits: number, special: boolean, ch: string) => `${bits & 4 ? 'r' : '-'}${bits & 2 ? 'w' : '-'}${special ? (bits & 1 ? ch : ch.toUpperCase()) : bits & 1 ? 'x' : '-'}`;
  return (TYPE_CHAR[type] ?? '?') + rwx((mode >> 6) & 7, (mode & 0o4000) !== 0, 's') + rwx((mode >> 3) & 7, (mode & 0o2000) !== 0, 's') + rwx(mode & 7, (mode & 0o1000) !== 0, 't');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function lsDate(ms: number, nowMs: number): string {
  const d = new Date(ms);
  const mon = MONTHS[d.getUTCMonth()] ?? 'Jan';
  const day = String(d.getUTCDate()).padStart(2);
  const sixMonths = 182.5 * 86400000;
  if (nowMs - ms > sixMonths || ms - nowMs > 3600000) return `${mon} ${day}  ${d.getUTCFullYear()}`;
  return `${mon} ${day} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

export function humanSize(n: number): string {
  if (n < 1024) return String(n);
  const units = ['K', 'M', 'G', 'T', 'P'];
  let v = n;
  let u = -1;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  const s = v < 10 ? (Math.ceil(v * 10) / 10).toFixed(1) : String(Math.ceil(v));
  return s + units[u];
}

interface Entry {
  name: string;
  path: string;
  st: StatInfo;
  target?: string;
}

function colorOf(e: Entry): string | null {
  if (e.st.type === 'dir') return (e.st.mode & 0o1002) === 0o1002 ? '30;42' : '01;34';
  if (e.st.type === 'symlink') return '01;36';
  if (e.st.type === 'chardev' || e.st.type === 'blockdev') return '40;33;01';
  if (e.st.type === 'fifo') return '40;33';
  if (e.st.type === 'socket') return '01;35';
  if (e.st.mode & 0o4000) return '37;41';
  if (e.st.mode & 0o111) return '01;32';
  return null;
}

function paint(o: Opts, e: Entry, text: string): string {
  if (!o.color) return text;
  const c = colorOf(e);
  return c ? `\x1b[${c}m${text}\x1b[0m` : text;
}

function suffix(o: Opts, e: Entry): string {
  if (!o.classify) return '';
  if (e.st.type === 'dir') return '/';
  if (e.st.type === 'symlink') return '@';
  if (e.st.type === 'fifo') return '|';
  if (e.st.type === 'socket') return '=';
  if (e.st.mode & 0o111) return '*';
  return '';
}

function sortEntries(o: Opts, es: Entry[]): Entry[] {
  const out = [...es].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (o.sortTime) out.sort((a, b) => b.st.mtimeMs - a.st.mtimeMs);
  else if (o.sortSize) out.sort((a, b) => b.st.size - a.st.size);
  if (o.reverse) out.reverse();
  return out;
}

/** Lay names out in columns across `width` as GNU ls does (down the columns). */
export function columnize(names: string[], widths: number[], width: number): string {
  const n = names.length;
  if (!n) return '';
  let best = 1;
  let bestW: number[] = [Math.max(...widths)];
  for (let cols = n; cols >= 1; cols--) {
    const rows = Math.ceil(n / cols);
    const cw: number[] = [];
    for (let c = 0; c < cols; c++) {
      let m = 0;
      for (let r = 0; r < rows; r++) {
        const i = c * rows + r;
        if (i < n) m = Math.max(m, widths[i] as number);
      }
      cw.push(m);
    }
    if (Math.ceil(n / rows) < cols) continue;
    const total = cw.reduce((a, b) => a + b, 0) + 2 * (cols - 1);
    if (total <= width) {
      best = cols;
      bestW = cw;
      break;
    }
  }
  const rows = Math.ceil(n / best);
  let out = '';
  for (let r = 0; r < rows; r++) {
    let line = '';
    for (let c = 0; c < best; c++) {
      const i = c * rows + r;
      if (i >= n) continue;
      const last = c === best - 1 || (c + 1) * rows + r >= n;
      line += last ? names[i] : (names[i] as string) + ' '.repeat((bestW[c] as number) - (widths[i] as number) + 2);
    }
    out += line + '\n';
  }
  return out;
}

function longLines(ctx: Ctx, o: Opts, es: Entry[]): string {
  const db = nameDb(ctx.k, ctx.pid);
  const bb = ctx.flavour === 'busybox';
  const rows = es.map((e) => ({
    e,
    mode: modeString(e.st.type, e.st.mode),
    links: String(e.st.nlink),
    user: o.numeric ? String(e.st.uid) : (db.user(e.st.uid) ?? String(e.st.uid)),
    group: o.numeric ? String(e.st.gid) : (db.group(e.st.gid) ?? String(e.st.gid)),
    size: e.st.type === 'chardev' || e.st.type === 'blockdev' ? `${e.st.rdev[0]}, ${e.st.rdev[1]}` : o.human ? humanSize(e.st.size) : String(e.st.size),
    date: lsDate(e.st.mtimeMs, ctx.k.nowMs),
    ino: String(e.st.ino),
  }));
  const w = (f: (r: (typeof rows)[number]) => string) => Math.max(0, ...rows.map((r) => f(r).length));
  const wl = w((r) => r.links);
  const wu = w((r) => r.user);
  const wg = w((r) => r.group);
  const ws = w((r) => r.size);
  const wi = w((r) => r.ino);
  return rows
    .map((r) => {
      const name = paint(o, r.e, r.e.name) + suffix(o, r.e) + (r.e.st.type === 'symlink' && r.e.target !== undefined ? ` -> ${r.e.target}` : '');
      const ino = o.inode ? `${r.ino.padStart(wi)} ` : '';
      if (bb) return `${ino}${r.mode} ${r.links.padStart(4)} ${r.user.padEnd(8)} ${r.group.padEnd(8)} ${r.size.padStart(9)} ${r.date} ${name}\n`;
      return `${ino}${r.mode} ${r.links.padStart(wl)} ${r.user.padEnd(wu)} ${r.group.padEnd(wg)} ${r.size.padStart(ws)} ${r.date} ${name}\n`;
    })
    .join('');
}

function render(ctx: Ctx, o: Opts, es: Entry[]): string {
  if (!es.length) return '';
  if (o.long) return longLines(ctx, o, es);
  const names = es.map((e) => (o.inode ? `${e.st.ino} ` : '') + paint(o, e, e.name) + suffix(o, e));
  if (o.one || !ctx.stdout.isatty) return names.map((n) => n + '\n').join('');
  const widths = es.map((e) => (o.inode ? String(e.st.ino).length + 1 : 0) + e.name.length + suffix(o, e).length);
  const cols = (ctx.ul as unknown as { tty(n: string): { cols: number } }).tty((ctx.fds[1] as { tty: string }).tty).cols;
  return columnize(names, widths, cols);
}

function entry(ctx: Ctx, name: string, path: string, follow: boolean): Entry | null {
  const l = fsLstat(ctx.k, ctx.pid, path);
  if (isErr(l)) return null;
  let st = l;
  let target: string | undefined;
  if (l.type === 'symlink') {
    const t = fsReadlink(ctx.k, ctx.pid, path);
    target = isErr(t) ? undefined : t;
    if (follow) {
      const s = fsStat(ctx.k, ctx.pid, path);
      if (!isErr(s)) st = s;
    }
  }
  return { name, path, st, target };
}

function listDir(ctx: Ctx, o: Opts, path: string): { entries: Entry[]; error?: string } {
  const names = fsReaddir(ctx.k, ctx.pid, path);
  if (isErr(names)) return { entries: [], error: strerror(names.errno) };
  const all = [...(o.all ? ['.', '..'] : []), ...names.filter((n) => o.all || o.almost || !n.startsWith('.'))];
  const es: Entry[] = [];
  for (const n of all) {
    const e = entry(ctx, n, n === '.' ? path : n === '..' ? path.replace(/\/[^/]*$/, '') || '/' : `${path === '/' ? '' : path}/${n}`, false);
    if (e) es.push(e);
  }
  return { entries: sortEntries(o, es) };
}

function blocksTotal(es: Entry[]): number {
  // Fast symlinks (short targets kept in the inode) use no blocks.
  return es.reduce((t, e) => t + (e.st.type === 'symlink' && e.st.size < 60 ? 0 : Math.ceil(e.st.blocks / 2)), 0);
}

export const lsProgram: ProgramDef<null> = {
  id: 'ls',
  main(ctx) {
    const name = progName(ctx, 'ls');
    const r = parseArgs(ctx.argv.slice(1), {
      flags: 'alAdRh1itSrFnCLU',
      long: { all: { short: 'a' }, 'almost-all': { short: 'A' }, directory: { short: 'd' }, recursive: { short: 'R' }, 'human-readable': { short: 'h' }, inode: { short: 'i' }, reverse: { short: 'r' }, classify: { short: 'F' }, 'numeric-uid-gid': { short: 'n' }, color: {}, colour: {} },
    });
    if (!r.ok) return usageError(ctx, name, r.error, 2);
    const colorArg = r.p.value('color') ?? r.p.value('colour') ?? (r.p.has('color') || r.p.has('colour') ? 'always' : 'never');
    const o: Opts = {
      all: r.p.has('a'),
      almost: r.p.has('A'),
      long: r.p.has('l') || r.p.has('n'),
      dir: r.p.has('d'),
      recursive: r.p.has('R'),
      human: r.p.has('h'),
      one: r.p.has('1'),
      inode: r.p.has('i'),
      sortTime: r.p.has('t'),
      sortSize: r.p.has('S'),
      reverse: r.p.has('r'),
      classify: r.p.has('F'),
      color: colorArg === 'always' || ((colorArg === 'auto' || colorArg === 'tty') && ctx.stdout.isatty),
      numeric: r.p.has('n'),
    };
    const ops = r.p.operands.length ? r.p.operands : ['.'];
    let status = 0;
    const files: Entry[] = [];
    const dirs: Entry[] = [];
    for (const op of ops) {
      const path = absPath(ctx.k, ctx.pid, op);
      const e = entry(ctx, op, path, !o.long || op.endsWith('/'));
      if (!e) {
        const err = fsLstat(ctx.k, ctx.pid, path);
        ctx.stderr.write(ctx.flavour === 'busybox' ? `${name}: ${op}: ${isErr(err) ? strerror(err.errno) : ''}\n` : `${name}: cannot access '${op}': ${isErr(err) ? strerror(err.errno) : ''}\n`);
        status = 2;
        continue;
      }
      const isDir = e.st.type === 'dir' || (e.st.type === 'symlink' && !o.long && !isErr(fsStat(ctx.k, ctx.pid, path)) && (fsStat(ctx.k, ctx.pid, path) as StatInfo).type === 'dir');
      if (isDir && !o.dir) dirs.push(e);
      else files.push(e);
    }
    let out = render(ctx, o, sortEntries(o, files));
    const showHeaders = ops.length > 1 || o.recursive;
    const queue = sortEntries(o, dirs).map((d) => ({ label: d.name, path: d.path }));
    let first = files.length === 0;
    while (queue.length) {
      const d = queue.shift() as { label: string; path: string };
      const l = listDir(ctx, o, d.path);
      if (l.error) {
        ctx.stderr.write(`${name}: cannot open directory '${d.label}': ${l.error}\n`);
        status = 2;
        continue;
      }
      if (!first) out += '\n';
      first = false;
      if (showHeaders) out += `${d.label}:\n`;
      if (o.long) out += `total ${blocksTotal(l.entries)}\n`;
      out += render(ctx, o, l.entries);
      if (o.recursive) {
        const sub = l.entries.filter((e) => e.st.type === 'dir' && e.name !== '.' && e.name !== '..').map((e) => ({ label: `${d.label === '/' ? '' : d.label.replace(/\/$/, '')}/${e.name}`, path: e.path }));
        queue.unshift(...sub);
      }
    }
    ctx.stdout.write(out);
    return { exit: status };
  },
};
