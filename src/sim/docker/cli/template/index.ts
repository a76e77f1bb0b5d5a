/**
 * The Go text/template engine the docker CLI's --format uses: parse once,
 * execute against data; errors come back as values with Go's wording.
 */

import { parseTemplate, TemplateError, type Node } from './parse.ts';
import { compileFast, execTemplate, type ExecOptions, type FastTemplate, type TemplateFunc } from './exec.ts';
import { ALL_FUNCS, HEADER_FUNCS } from './funcs.ts';

export interface Template {
  src: string;
  nodes: Node[];
  /** The row fast path (compileFast), made on first use; null when the template needs the executor. */
  fast?: FastTemplate | null;
}

export type { TemplateFunc, ExecOptions };
export { GO_TYPE, NO_VALUE, sprintf, sprintValue } from './fmt.ts';
export { GO_PTR, GoFloat } from './govalues.ts';
export { goJson, RawJson } from './gojson.ts';
export { typedInspect, INSPECT_TYPES } from './apitypes.ts';
export { typedInfo, typedVersion } from './apitypes-system.ts';
export { typedSummary, SUMMARY_TYPES } from './apitypes-summary.ts';
export { goTyped, declareStructs, type GoTypes } from './gotypes.ts';
export { ALL_FUNCS, HEADER_FUNCS };

/** Parse a template (docker's templates.Parse: builtins plus docker's functions). */
export function parseGoTemplate(src: string, extra: string[] = []): Template | { error: string } {
  try {
    return { src, nodes: parseTemplate(src, new Set([...Object.keys(ALL_FUNCS), ...extra])) };
  } catch (e) {
    if (e instanceof TemplateError) return { error: e.message };
    throw e;
  }
}

/** Execute a parsed template against data; on an error, `partial` is what was written before it. */
export function executeGoTemplate(t: Template, data: unknown, funcs: Record<string, TemplateFunc> = ALL_FUNCS, opts: ExecOptions = {}): { text: string } | { error: string; partial?: string } {
  try {
    if (t.fast === undefined) t.fast = compileFast(t.nodes);
    const text = t.fast ? t.fast(data) : null;
    if (text !== null) return { text };
    return { text: execTemplate(t.src, t.nodes, funcs, data, opts) };
  } catch (e) {
    if (e instanceof TemplateError) return { error: e.message, partial: e.partial ?? '' };
    throw e;
  }
}

/** Parse and execute in one go. */
export function renderGoTemplate(src: string, data: unknown, funcs?: Record<string, TemplateFunc>): { text: string } | { error: string } {
  const t = parseGoTemplate(src);
  if ('error' in t) return t;
  return executeGoTemplate(t, data, funcs);
}
