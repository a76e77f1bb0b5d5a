/**
 * docker/cli's formatter.Context: the --format of list commands. "table"
 * (the command's default columns), "table TEMPLATE" (custom columns with a
 * generated header), "json" ({{json .}} per row) or a raw Go template; \t and
 * \n escapes in the format are made real; tables go through the tabwriter with
 * the header rendered from the header context with docker's header functions.
 */

import { executeGoTemplate, parseGoTemplate, HEADER_FUNCS, ALL_FUNCS, GO_TYPE, type Template } from '../template/index.ts';
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
    if ('error' in out) return { error: `failed to execute template: ${out.error}` };
    body += `${out.text}\n`;
  }
  if (!p.table) return { text: body };
  const h = executeGoTemplate(p.tmpl, header, { ...ALL_FUNCS, ...HEADER_FUNCS });
  const headerLine = 'error' in h ? '' : h.text;
  return { text: tabwrite(`${headerLine}\n${body}`) };
}
