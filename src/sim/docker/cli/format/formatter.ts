/**
 * docker/cli's formatter.Context: the --format of list commands. "table"
 * (the command's default columns), "table TEMPLATE" (custom columns with a
 * generated header), "json" ({{json .}} per row) or a raw Go template; \t and
 * \n escapes in the format are made real; tables go through the tabwriter with
 * the header rendered from the header context with docker's header functions.
 * Rows are docker/cli's formatter contexts (contextRow): pointers to structs
 * whose fields {{.}} prints (HeaderContext, then unexported ones holding the
 * API value) and whose methods the columns call; an execution error is
 * "template parsing error: ..." as formatter.Context words it.
 */

import { executeGoTemplate, parseGoTemplate, HEADER_FUNCS, ALL_FUNCS, GO_PTR, GO_TYPE, type Template } from '../template/index.ts';
import { tabwrite } from './tabwriter.ts';

export interface ListFormat {
  /** What the user gave (--format), or '' for the default. */
  format: string;
  /** The command's default table, e.g. "table {{.ID}}\t{{.Image}}...". */
  defaultTable: string;
}

/** Resolve "table"/"json"/"" into the template text docker executes; and whether it is a table. */
export function resolveFormat(format: string, defaultTable: string): { text: string; table: boolean } {
  let f = format === '' || format === 'table' ? defaultTable : format === 'json' ? '{{json .}}' : format;
  const table = f.startsWith('table');
  if (table) f = f.slice('table'.length);
  f = f.trim().replace(/\\t/g, '\t').replace(/\\n/g, '\n');
  return { text: f, table };
}

/** Parse a --format for a list command; the error is worded as docker's "template parsing error". */
export function parseListFormat(format: string, defaultTable: string): { tmpl: Template; table: boolean } | { error: string } {
  const { text, table } = resolveFormat(format, defaultTable);
  const t = parseGoTemplate(text);
  if ('error' in t) return { error: `template parsing error: ${t.error}` };
  return { tmpl: t, table };
}

/** Make an object a Go struct for templates (missing fields are errors naming `type`). */
export function goStruct<T extends object>(obj: T, type: string): T {
  Object.defineProperty(obj, GO_TYPE, { value: type, enumerable: false });
  return obj;
}

/** formatter.HeaderContext{Header: nil}, the first field of every row context (never written: shared). */
const HEADER_CONTEXT = Object.freeze(goStruct({ Header: null }, 'formatter.HeaderContext'));

/**
 * The methods of a row context type: `methods` (shared by every row) with
 * HeaderContext's promoted Header beside them: {{.Header}} is a nil
 * interface, which a template prints as "<no value>".
 */
export function rowMethods<T extends object>(methods: T): T {
  return Object.defineProperty(methods, 'Header', { value: undefined, enumerable: false });
}

/**
 * A field computed when first read (the typed API summary a row holds: only
 * {{.}} and printf show it, and typing a thousand rows up front would cost
 * more than printing them). Make one per row type: `get` is shared.
 */
export class LazyField {
  /** The property descriptor every row gets (one getter, shared). */
  readonly descriptor: PropertyDescriptor;
  constructor(make: (row: object) => unknown) {
    const cache = Symbol('lazy field');
    this.descriptor = {
      enumerable: true,
      configurable: true,
      get(this: Record<symbol, unknown>) {
        if (!(cache in this)) this[cache] = make(this);
        return this[cache];
      },
    };
  }
}

/**
 * One row of a list command: a pointer to a docker/cli formatter context
 * (`type`, e.g. "*formatter.imageContext") whose Go fields are `fields` after
 * the embedded HeaderContext, in declaration order (what {{.}} and %v print;
 * lower-case ones are unexported: templates may not read them; a LazyField is
 * computed when read), and whose methods come from `methods` (a rowMethods
 * object, the row's prototype).
 */
export function contextRow<T extends object>(methods: T, type: string, fields: Record<string, unknown>): T {
  const o = Object.create(methods) as Record<string, unknown>;
  o.HeaderContext = HEADER_CONTEXT;
  for (const k in fields) {
    const v = fields[k];
    if (v instanceof LazyField) Object.defineProperty(o, k, v.descriptor);
    else o[k] = v;
  }
  Object.defineProperty(o, GO_TYPE, { value: type, enumerable: false });
  Object.defineProperty(o, GO_PTR, { value: '0xc000180000', enumerable: false, writable: true, configurable: true });
  return o as T;
}

/**
 * Render rows (template contexts) with a list format. `header` maps fields to
 * column titles (a context object too: it may have methods like Label).
 */
export function renderList(format: string, defaultTable: string, rows: object[], header: object): { text: string } | { error: string } {
  const p = parseListFormat(format, defaultTable);
  if ('error' in p) return p;
  let body = '';
  for (const r of rows) {
    const out = executeGoTemplate(p.tmpl, r, ALL_FUNCS);
    if ('error' in out) return { error: `template parsing error: ${out.error}` };
    body += `${out.text}\n`;
  }
  if (!p.table) return { text: body };
  const h = executeGoTemplate(p.tmpl, header, { ...ALL_FUNCS, ...HEADER_FUNCS });
  const headerLine = 'error' in h ? '' : h.text;
  return { text: tabwrite(`${headerLine}\n${body}`) };
}
