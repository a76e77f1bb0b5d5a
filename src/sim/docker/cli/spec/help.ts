/**
 * --help texts generated from the command table, in docker/cli's layout
 * (cli/cobra.go usage template) with pflag's FlagUsagesWrapped column layout
 * and word wrapping at the terminal width (80 when stdin is not a terminal).
 */

import type { FlagSpec } from './types.ts';

/** pflag's wrapN: split s at whitespace into ≤ i runes, allowing `slop` more for the last piece. */
function wrapN(i: number, slop: number, s: string): [string, string] {
  if (i + slop > s.length) return [s, ''];
  const head = s.slice(0, i);
  const w = Math.max(head.lastIndexOf(' '), head.lastIndexOf('\t'), head.lastIndexOf('\n'));
  if (w <= 0) return [s, ''];
  const nl = head.lastIndexOf('\n');
  if (nl > 0 && nl < w) return [s.slice(0, nl), s.slice(nl + 1)];
  return [s.slice(0, w), s.slice(w + 1)];
}

/** pflag's wrap: wrap s to width w with indent i (first line not indented). */
export function pflagWrap(i: number, w: number, s: string): string {
  if (w === 0) return s.replace(/\n/g, `\n${' '.repeat(i)}`);
  let wrap = w - i;
  let r = '';
  if (wrap < 24) {
    i = 16;
    wrap = w - i;
    r += `\n${' '.repeat(i)}`;
  }
  if (wrap < 24) return s.replace(/\n/g, r);
  const slop = 5;
  wrap -= slop;
  let [l, rest] = wrapN(wrap, slop, s);
  r += l.replace(/\n/g, `\n${' '.repeat(i)}`);
  while (rest !== '') {
    [l, rest] = wrapN(wrap, slop, rest);
    r += `\n${' '.repeat(i)}${l.replace(/\n/g, `\n${' '.repeat(i)}`)}`;
  }
  return r;
}

/** pflag FlagUsagesWrapped over the visible flags, sorted by name. */
export function flagUsages(flags: readonly FlagSpec[], cols: number): string {
  const visible = flags.filter((f) => !f.hidden && !f.deprecated).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const lines: string[] = [];
  let maxlen = 0;
  for (const f of visible) {
    let line = f.short ? `  -${f.short}, --${f.name}` : `      --${f.name}`;
    if (f.type !== 'bool') line += ` ${f.type}`;
    line += '\0';
    maxlen = Math.max(maxlen, line.length);
    line += f.usage;
    if (f.defText !== undefined) line += ` (default ${f.defText})`;
    lines.push(line);
  }
  let out = '';
  for (const line of lines) {
    const sidx = line.indexOf('\0');
    out += `${line.slice(0, sidx)} ${' '.repeat(maxlen - sidx)} ${pflagWrap(maxlen + 2, cols, line.slice(sidx + 1))}\n`;
  }
  return out;
}

/** docker's wrappedFlagUsages: width from the terminal on stdin (else 80), minus one. */
export function wrappedFlagUsages(flags: readonly FlagSpec[], termCols: number | null): string {
  return flagUsages(flags, (termCols ?? 80) - 1).replace(/\s+$/, '');
}

export interface HelpSubject {
  /** "docker container ls" */
  path: string;
  /** Use line with the parent path: "docker container ls [OPTIONS]". */
  useLine: string;
  short: string;
  long?: string;
  aliasesLine?: string;
  flags: FlagSpec[];
}

/** The help of a leaf command. */
export function commandHelp(c: HelpSubject, termCols: number | null): string {
  let out = `Usage:  ${c.useLine}\n\n${(c.long ?? c.short).trim()}\n`;
  if (c.aliasesLine) out += `\nAliases:\n  ${c.aliasesLine}\n`;
  const visible = c.flags.filter((f) => !f.hidden && !f.deprecated);
  if (visible.length) out += `\nOptions:\n${wrappedFlagUsages(c.flags, termCols)}\n`;
  return out;
}

export interface GroupHelpSubject {
  path: string;
  short: string;
  commands: Array<{ name: string; short: string }>;
}

function listCommands(cmds: Array<{ name: string; short: string }>): string {
  const pad = Math.max(11, ...cmds.map((c) => c.name.length)) + 1;
  return cmds.map((c) => `  ${c.name.padEnd(pad)}${c.short}`).join('\n');
}

/** The help of a management command ("docker container"). */
export function groupHelp(g: GroupHelpSubject): string {
  const cmds = [...g.commands].sort((a, b) => (a.name < b.name ? -1 : 1));
  return `Usage:  ${g.path} COMMAND\n\n${g.short}\n\nCommands:\n${listCommands(cmds)}\n\nRun '${g.path} COMMAND --help' for more information on a command.\n`;
}

export interface RootHelpSubject {
  common: Array<{ name: string; short: string }>;
  management: Array<{ name: string; short: string }>;
  swarm: Array<{ name: string; short: string }>;
  commands: Array<{ name: string; short: string }>;
  globalFlags: readonly FlagSpec[];
}

/** `docker --help`. */
export function rootHelp(r: RootHelpSubject, termCols: number | null): string {
  const sorted = (l: Array<{ name: string; short: string }>) => [...l].sort((a, b) => (a.name < b.name ? -1 : 1));
  return (
    'Usage:  docker [OPTIONS] COMMAND\n\nA self-sufficient runtime for containers\n\n' +
    `Common Commands:\n${listCommands(r.common)}\n\n` +
    `Management Commands:\n${listCommands(sorted(r.management))}\n\n` +
    `Swarm Commands:\n${listCommands(sorted(r.swarm))}\n\n` +
    `Commands:\n${listCommands(sorted(r.commands))}\n\n` +
    `Global Options:\n${wrappedFlagUsages(r.globalFlags, termCols)}\n\n` +
    "Run 'docker COMMAND --help' for more information on a command.\n\n" +
    'For more help on how to use Docker, head to https://docs.docker.com/go/guides/\n'
  );
}
