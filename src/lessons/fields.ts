/**
 * Field checkers for the lesson format: each reads one field of a parsed YAML
 * map, reports a wrong type with its line, and returns the typed value.
 */

import type { Path, ParseSink } from './predicates/index.ts';
import { HIGHLIGHT_KINDS, VIEW_NAMES, type CommandLine, type Highlight, type HighlightKind, type StartSpec, type ViewName } from './types.ts';

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Report keys not in `allowed`. */
export function checkKeys(o: Obj, allowed: readonly string[], path: Path, sink: ParseSink, what: string): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) sink.error([...path, k], `${what}: unknown field "${k}" (expected ${allowed.join(', ')})`);
  }
}

export function str(o: Obj, key: string, path: Path, sink: ParseSink, opts: { required?: boolean; what: string }): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) {
    if (opts.required) sink.error(path, `${opts.what}: missing field "${key}"`);
    return undefined;
  }
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v !== 'string') {
    sink.error([...path, key], `${opts.what}: "${key}" must be text, got ${JSON.stringify(v)}`);
    return undefined;
  }
  if (opts.required && v.trim() === '') sink.error([...path, key], `${opts.what}: "${key}" is empty`);
  return v;
}

export function bool(o: Obj, key: string, path: Path, sink: ParseSink, what: string): boolean | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') {
    sink.error([...path, key], `${what}: "${key}" must be true or false, got ${JSON.stringify(v)}`);
    return undefined;
  }
  return v;
}

export function strList(o: Obj, key: string, path: Path, sink: ParseSink, opts: { required?: boolean; what: string; min?: number }): string[] | undefined {
  const v = o[key];
  if (v === undefined || v === null) {
    if (opts.required) sink.error(path, `${opts.what}: missing field "${key}"`);
    return undefined;
  }
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' && typeof x !== 'number')) {
    sink.error([...path, key], `${opts.what}: "${key}" must be a list of text items`);
    return undefined;
  }
  if (opts.min !== undefined && v.length < opts.min) {
    sink.error([...path, key], `${opts.what}: "${key}" needs at least ${opts.min} item(s)`);
  }
  return v.map(String);
}

export function views(o: Obj, key: string, path: Path, sink: ParseSink, what: string): ViewName[] | undefined {
  const list = strList(o, key, path, sink, { what });
  if (!list) return undefined;
  const out: ViewName[] = [];
  list.forEach((v, i) => {
    if ((VIEW_NAMES as readonly string[]).includes(v)) out.push(v as ViewName);
    else sink.error([...path, key, i], `${what}: unknown view "${v}" (expected ${VIEW_NAMES.join(', ')})`);
  });
  return out;
}

export function highlight(o: Obj, path: Path, sink: ParseSink, what: string): Highlight | undefined {
  const v = str(o, 'highlight', path, sink, { what });
  if (v === undefined) return undefined;
  const m = /^([a-z]+):(.+)$/.exec(v.trim());
  if (!m || !(HIGHLIGHT_KINDS as readonly string[]).includes(m[1] as string)) {
    sink.error([...path, 'highlight'], `${what}: highlight must be <kind>:<name> with kind one of ${HIGHLIGHT_KINDS.join(', ')}; got "${v}"`);
    return undefined;
  }
  return { kind: m[1] as HighlightKind, name: (m[2] as string).trim() };
}

/** A command list: "cmd", ["cmd", ...] or [{run: cmd, input: [...]}, ...]. */
export function commands(v: unknown, path: Path, sink: ParseSink, what: string): CommandLine[] | undefined {
  if (typeof v === 'string') return v.trim() ? [{ run: v.trim() }] : (sink.error(path, `${what}: empty command`), undefined);
  if (!Array.isArray(v) || v.length === 0) {
    sink.error(path, `${what}: expected a command or a non-empty list of commands`);
    return undefined;
  }
  const out: CommandLine[] = [];
  v.forEach((item, i) => {
    if (typeof item === 'string' && item.trim()) out.push({ run: item.trim() });
    else if (isObj(item) && typeof item.run === 'string' && item.run.trim()) {
      checkKeys(item, ['run', 'input'], [...path, i], sink, what);
      const input = item.input;
      if (input !== undefined && (!Array.isArray(input) || input.some((x) => typeof x !== 'string'))) {
        sink.error([...path, i, 'input'], `${what}: input must be a list of lines typed into the program`);
      }
      out.push(input === undefined ? { run: item.run.trim() } : { run: item.run.trim(), input: (input as unknown[]).map(String) });
    } else sink.error([...path, i], `${what}: each command is text, or {run: ..., input: [...]}`);
  });
  return out;
}

/** "5s", "500ms", "2m", or a number of milliseconds. */
export function duration(v: unknown, path: Path, sink: ParseSink, what: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'number' && v >= 0) return v;
  const m = typeof v === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)\s*$/.exec(v) : null;
  if (!m) {
    sink.error(path, `${what}: expected a duration like 5s or 500ms, got ${JSON.stringify(v)}`);
    return undefined;
  }
  const n = Number(m[1]);
  return Math.round(m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : n * 60000);
}

export function start(v: unknown, path: Path, sink: ParseSink): StartSpec | undefined {
  if (v === undefined) return undefined;
  if (v === 'fresh') return { kind: 'fresh' };
  if (v === 'continue') return { kind: 'continue' };
  if (typeof v === 'string' || Array.isArray(v)) {
    const cmds = commands(v, path, sink, 'start');
    return cmds ? { kind: 'setup', commands: cmds } : undefined;
  }
  sink.error(path, `start: expected fresh, continue, or a list of setup commands; got ${JSON.stringify(v)}`);
  return undefined;
}

/** Program names a command line starts (first word of each pipeline part), for the allowed-commands check. */
export function commandNames(line: string): string[] {
  const names: string[] = [];
  for (const part of line.split(/\|\||&&|[|;&`]|\$\(|\(|\)/)) {
    const words = part.trim().split(/\s+/).filter((w) => w && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w));
    const first = words[0];
    if (first && !/^[<>0-9]/.test(first) && !['!', 'then', 'do', 'else', 'if', 'for', 'while', 'done', 'fi'].includes(first)) names.push(first.replace(/^.*\//, ''));
  }
  return names;
}
