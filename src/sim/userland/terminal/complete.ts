/**
 * Tab completion as bash's readline does it by default: the first word from
 * builtins, functions, aliases and the executables on PATH; other words (and
 * words with a slash) from the filesystem, directories getting a trailing "/".
 * SIMPLIFICATIONS: no programmable completion; no quoting of special characters.
 */

import type { Userland } from '../userland.ts';
import type { ShellState } from '../shell/state.ts';
import { BUILTINS } from '../shell/builtins.ts';
import { absPath, fsReaddirTyped, fsStat } from '../fsapi.ts';
import { isErr } from '../../kernel/errno.ts';

export interface Completion {
  /** Text to insert at the cursor. */
  insert: string;
  /** All candidates when ambiguous (to list on a second Tab). */
  choices: string[];
}

const KEYWORDS = ['if', 'then', 'else', 'elif', 'fi', 'case', 'esac', 'for', 'while', 'until', 'do', 'done', 'function', 'in', 'time', 'select'];

function commonPrefix(xs: string[]): string {
  if (!xs.length) return '';
  let p = xs[0] as string;
  for (const x of xs) while (!x.startsWith(p)) p = p.slice(0, -1);
  return p;
}

export function complete(ul: Userland, shellPid: number, line: string, cursor: number): Completion {
  const before = line.slice(0, cursor);
  const m = /(\S*)$/.exec(before);
  const word = m ? (m[1] as string) : '';
  const head = before.slice(0, before.length - word.length);
  const firstWord = /^\s*$/.test(head) || /[;&|]\s*$/.test(head);
  const st = ul.programState<ShellState>(shellPid);
  if (firstWord && !word.includes('/')) {
    const names = new Set<string>();
    for (const n of [...Object.keys(BUILTINS), ...KEYWORDS, ...Object.keys(st?.funcs ?? {}), ...Object.keys(st?.aliases ?? {})]) if (n.startsWith(word)) names.add(n);
    const path = st?.vars.PATH ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
    for (const dir of path.split(':')) {
      const ents = fsReaddirTyped(ul.k, shellPid, dir || '.');
      if (isErr(ents)) continue;
      for (const e of ents) if (e.name.startsWith(word)) names.add(e.name);
    }
    return finish(word, [...names].sort(), (n) => `${n} `);
  }
  // Programmable completion for the command of this simple command (docker ...).
  const words = (/(?:^|[;&|]\s*)([^;&|]*)$/.exec(head)?.[1] ?? '').trim().split(/\s+/).filter(Boolean);
  const cmd = words[0]?.split('/').pop();
  const completer = cmd ? ul.completers[cmd] : undefined;
  const candidates = completer?.(words.slice(1), word) ?? null;
  if (candidates) return finish(word, [...new Set(candidates.filter((c) => c.startsWith(word)))].sort(), (n) => `${n} `);
  // Path completion.
  const slash = word.lastIndexOf('/');
  const dirPart = slash >= 0 ? word.slice(0, slash + 1) : '';
  const base = slash >= 0 ? word.slice(slash + 1) : word;
  let dirText = dirPart;
  if (dirText.startsWith('~')) dirText = (st?.vars.HOME ?? '/root') + dirText.slice(1);
  const dir = absPath(ul.k, shellPid, dirText || '.');
  const ents = fsReaddirTyped(ul.k, shellPid, dir);
  if (isErr(ents)) return { insert: '', choices: [] };
  const matches = ents.filter((e) => e.name.startsWith(base) && (base.startsWith('.') || !e.name.startsWith('.'))).map((e) => e.name);
  const isDir = (n: string) => {
    const s = fsStat(ul.k, shellPid, `${dir === '/' ? '' : dir}/${n}`);
    return !isErr(s) && s.type === 'dir';
  };
  return finish(base, matches.sort(), (n) => (isDir(n) ? `${n}/` : `${n} `), isDir);
}

function finish(word: string, matches: string[], single: (n: string) => string, isDir?: (n: string) => boolean): Completion {
  if (matches.length === 0) return { insert: '', choices: [] };
  if (matches.length === 1) return { insert: single(matches[0] as string).slice(word.length), choices: [] };
  const p = commonPrefix(matches);
  return { insert: p.slice(word.length), choices: matches.map((m) => (isDir?.(m) ? `${m}/` : m)) };
}

/** Lay out choices in columns as readline does. */
export function columns(choices: string[], width: number): string {
  const w = Math.max(...choices.map((c) => c.length)) + 2;
  const cols = Math.max(1, Math.floor(width / w));
  const rows = Math.ceil(choices.length / cols);
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    let l = '';
    for (let c = 0; c < cols; c++) {
      const x = choices[c * rows + r];
      if (x === undefined) continue;
      l += c === cols - 1 || choices[(c + 1) * rows + r] === undefined ? x : x.padEnd(w);
    }
    lines.push(l);
  }
  return lines.join('\r\n');
}
