/**
 * The shell's table of remembered commands: bash's hash table (hashlib.c,
 * hashcmd.c, findcmd.c search_for_command) and dash's and busybox ash's
 * cmdtable (exec.c). A command found by a PATH search is remembered, and later
 * runs of it use the remembered path without searching PATH again (no stat of
 * each PATH directory). The remembered path is run without checking it
 * (bash's default, checkhash off): a program removed since fails with
 * "No such file or directory" (127) until the table is emptied.
 *
 * `hash` lists the table: bash prints "hits\tcommand" and one "%4d\t%s" line
 * per command in its bucket order (FNV-1 of the name, 256 buckets, the latest
 * insertion first in a bucket), "hash: hash table empty" when empty; dash and
 * ash print the paths in their cmdtable order (31 buckets, insertion order in
 * a bucket). `hash NAME` searches and remembers (hits 0), -r forgets all,
 * -d NAME forgets one, -t NAME prints the path, -l prints `builtin hash -p`
 * lines, -p PATH NAME remembers PATH (bash). `type` says "NAME is hashed
 * (PATH)" (bash) or "NAME is a tracked alias for PATH" (dash).
 * SIMPLIFICATIONS: the table is emptied when PATH's value changes (bash empties
 * it on every assignment to PATH, even of the same value); a command run with a
 * temporary PATH (`PATH=/x cmd`) neither uses nor fills it; no checkhash and no
 * `set +h`; dash's and ash's "*" marks for entries to re-check are not shown.
 */

import type { Sh } from './interp.ts';
import type { ShellState } from './state.ts';
import { err, out } from './interp.ts';
import { prefix } from './messages.ts';
import { own } from '../own.ts';

export interface HashEntry {
  path: string;
  /** Times it was found (bash's times_found). */
  hits: number;
  /** Insertion order, for the listing order. */
  seq: number;
}

export interface HashTable {
  /** The PATH the table was made for: another value empties it. */
  pathVar: string;
  seq: number;
  cmds: Record<string, HashEntry>;
}

function emptyTable(pathVar: string): HashTable {
  return { pathVar, seq: 0, cmds: {} };
}

/** The table for the shell's PATH now (emptied if PATH changed since it was made). */
function tableOf(st: ShellState): HashTable {
  const pathVar = own(st.vars, 'PATH') ?? '';
  let t = st.hashed;
  if (!t || t.pathVar !== pathVar) {
    t = emptyTable(pathVar);
    st.hashed = t;
  }
  return t;
}

function entryOf(t: HashTable, name: string): HashEntry | undefined {
  return own(t.cmds, name);
}

/** Store an entry as an own property, even one named "__proto__". */
function putEntry(cmds: Record<string, HashEntry>, name: string, e: HashEntry): void {
  if (name === '__proto__') Object.defineProperty(cmds, name, { value: e, enumerable: true, writable: true, configurable: true });
  else cmds[name] = e;
}

function setEntry(t: HashTable, name: string, path: string, hits: number): void {
  putEntry(t.cmds, name, { path, hits, seq: t.seq++ });
}

/** A copy of the table sharing nothing with it (for the shell state's copy: state.ts copyShellState). */
export function copyHashTable(t: HashTable): HashTable {
  const cmds: Record<string, HashEntry> = { ...t.cmds };
  for (const name of Object.keys(cmds)) {
    const e = cmds[name] as HashEntry;
    putEntry(cmds, name, { path: e.path, hits: e.hits, seq: e.seq });
  }
  return { pathVar: t.pathVar, seq: t.seq, cmds };
}

/** Can `name` run through the table? Not with a slash, nor with a temporary PATH (`envPath` differs from the shell's). */
export function hashable(st: ShellState, name: string, envPath: string | undefined): boolean {
  return !name.includes('/') && envPath === own(st.vars, 'PATH');
}

/** The remembered path of `name`, counting the hit (phash_search), or null. */
export function hashedPath(st: ShellState, name: string): string | null {
  const e = st.hashed ? entryOf(tableOf(st), name) : undefined;
  if (!e) return null;
  e.hits++;
  return e.path;
}

/** Remember where a PATH search found `name` (phash_insert after search_for_command: one hit). */
export function rememberCommand(st: ShellState, name: string, path: string): void {
  setEntry(tableOf(st), name, path, 1);
}

/** bash's hash_string: FNV-1, 32 bits. */
function fnv1(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h, 16777619) >>> 0;
    h = (h ^ s.charCodeAt(i)) >>> 0;
  }
  return h;
}

/** dash's and ash's cmdtable bucket. */
function cmdtableBucket(s: string): number {
  let h = s.charCodeAt(0) << 4;
  for (let i = 0; i < s.length; i++) h += s.charCodeAt(i);
  return (h & 0x7fff) % 31;
}

/** The entries in the order the shell lists them. */
function listed(st: ShellState, t: HashTable): Array<[string, HashEntry]> {
  const bash = st.flavour === 'bash';
  // bash puts a new entry first in its bucket; dash and ash append it.
  const later = bash ? -1 : 1;
  const rows = Object.entries(t.cmds).map(([n, e]) => ({ n, e, b: bash ? fnv1(n) & 255 : cmdtableBucket(n) }));
  rows.sort((a, b) => a.b - b.b || later * (a.e.seq - b.e.seq));
  return rows.map((r) => [r.n, r.e]);
}

/** What `type NAME` says of a remembered command, or null if it is not remembered (bash counts the hit). */
export function typeHashed(st: ShellState, name: string): string | null {
  if (st.flavour === 'ash' || name.includes('/')) return null;
  const path = hashedPath(st, name);
  if (path === null) return null;
  return st.flavour === 'bash' ? `${name} is hashed (${path})\n` : `${name} is a tracked alias for ${path}\n`;
}

const USAGE = 'hash: usage: hash [-lr] [-p pathname] [-dt] [name ...]\n';

/** The hash builtin; `shellCommand(name)`: a function or builtin, which it leaves alone. */
export function hashBuiltin(sh: Sh, argv: string[], shellCommand: (name: string) => boolean): number {
  const st = sh.st;
  const t = tableOf(st);
  const bash = st.flavour === 'bash';
  let list = false;
  let forgetAll = false;
  let del = false;
  let show = false;
  let given: string | null = null;
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    for (let j = 1; j < a.length; j++) {
      const c = a[j] as string;
      if (c === 'r') forgetAll = true;
      else if (bash && c === 'l') list = true;
      else if (bash && c === 'd') del = true;
      else if (bash && c === 't') show = true;
      else if (bash && c === 'p') {
        const v = j + 1 < a.length ? a.slice(j + 1) : argv[++i];
        if (v === undefined) {
          err(sh, `${prefix(st)}hash: -p: option requires an argument\n${USAGE}`);
          return 2;
        }
        given = v;
        break;
      } else {
        err(sh, bash ? `${prefix(st)}hash: -${c}: invalid option\n${USAGE}` : `${prefix(st)}hash: Illegal option -${c}\n`);
        return 2;
      }
    }
  }
  const names = argv.slice(i);
  if (forgetAll) t.cmds = {};
  if (names.length === 0) {
    if (forgetAll || del || show || given !== null) return 0;
    const rows = listed(st, t);
    if (!bash) {
      for (const [, e] of rows) out(sh, 1, `${e.path}\n`);
      return 0;
    }
    if (rows.length === 0) {
      out(sh, 1, 'hash: hash table empty\n');
      return 0;
    }
    if (list) for (const [n, e] of rows) out(sh, 1, `builtin hash -p ${e.path} ${n}\n`);
    else {
      out(sh, 1, 'hits\tcommand\n');
      for (const [, e] of rows) out(sh, 1, `${String(e.hits).padStart(4)}\t${e.path}\n`);
    }
    return 0;
  }
  let status = 0;
  const notFound = (name: string): void => {
    err(sh, `${prefix(st)}hash: ${name}: not found\n`);
    status = 1;
  };
  for (const name of names) {
    if (given !== null) {
      setEntry(t, name, given, 0);
      continue;
    }
    const e = entryOf(t, name);
    if (del) {
      if (e) delete t.cmds[name];
      else notFound(name);
      continue;
    }
    if (show) {
      if (!e) notFound(name);
      else out(sh, 1, names.length > 1 ? `${name}\t${e.path}\n` : `${e.path}\n`);
      continue;
    }
    if (name.includes('/') || shellCommand(name)) continue;
    const w = sh.ul.which(sh.pid, name, own(st.vars, 'PATH'));
    if ('path' in w) setEntry(t, name, w.path, 0);
    else notFound(name);
  }
  return status;
}
