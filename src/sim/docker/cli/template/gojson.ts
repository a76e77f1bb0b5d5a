/**
 * encoding/json as docker's templates and `inspect` use it: compact
 * Marshal, MarshalIndent / json.Indent, and
 * Go's string escaping (\u003c for < only when HTML escaping is on; \u0008 and
 * \u000c rather than \b and \f; U+2028/2029 escaped).
 */

import { GO_TYPE, GoPtr, NO_VALUE } from './govalues.ts';
import { goMarshalView } from './gotypes.ts';

function quote(s: string, escapeHtml: boolean): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20) out += `\\u00${c.toString(16).padStart(2, '0')}`;
    else if (escapeHtml && (ch === '<' || ch === '>' || ch === '&')) out += `\\u00${c.toString(16)}`;
    else if (c === 0x2028 || c === 0x2029) out += `\\u${c.toString(16)}`;
    else out += ch;
  }
  return `${out}"`;
}

function num(n: number): string {
  if (!Number.isFinite(n)) return 'null';
  if (Number.isInteger(n)) return String(n);
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) {
    return n.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return String(n);
}

/** Already-encoded JSON, as a Go MarshalJSON method returns it. */
export class RawJson {
  constructor(readonly text: string) {}
}

/**
 * The value a Go marshaller sees: MarshalJSON() results, methods dropped; a
 * typed value (gotypes.ts) as encoding/json marshals its Go type.
 */
function toPlain(v: unknown): unknown {
  if (v instanceof GoPtr) return toPlain(v.elem);
  const typed = goMarshalView(v);
  if (typed !== undefined) return typed;
  if (v !== null && typeof v === 'object' && typeof (v as { MarshalJSON?: unknown }).MarshalJSON === 'function') {
    return (v as { MarshalJSON: () => unknown }).MarshalJSON();
  }
  return v;
}

/** json.Marshal, or with indent json.MarshalIndent(v, prefix, indent). */
export function goJson(v: unknown, opts: { indent?: string; prefix?: string; escapeHtml?: boolean } = {}): string {
  const indent = opts.indent ?? '';
  const prefix = opts.prefix ?? '';
  const esc = opts.escapeHtml ?? true;
  const enc = (x: unknown, depth: number): string => {
    x = toPlain(x);
    if (x instanceof RawJson) return x.text;
    if (x === null || x === undefined || x === NO_VALUE) return 'null';
    if (typeof x === 'string') return quote(x, esc);
    if (typeof x === 'number') return num(x);
    if (typeof x === 'boolean') return x ? 'true' : 'false';
    const nl = indent ? `\n${prefix}${indent.repeat(depth + 1)}` : '';
    const close = indent ? `\n${prefix}${indent.repeat(depth)}` : '';
    if (Array.isArray(x)) {
      if (!x.length) return '[]';
      return `[${x.map((e) => nl + enc(e, depth + 1)).join(',')}${close}]`;
    }
    if (typeof x === 'object') {
      const o = x as Record<string, unknown>;
      // Key order is kept: the daemon's JSON order (Go struct field order) is what Docker prints.
      const keys = Object.keys(o).filter((k) => typeof o[k] !== 'function');
      if (!keys.length) return '{}';
      const sep = indent ? ': ' : ':';
      return `{${keys.map((k) => `${nl}${quote(k, esc)}${sep}${enc(o[k], depth + 1)}`).join(',')}${close}}`;
    }
    return 'null';
  };
  return enc(v, 0);
}

export { GO_TYPE };
