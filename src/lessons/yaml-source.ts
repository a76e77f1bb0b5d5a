/**
 * YAML with line numbers: parse a block of a lesson file and answer "on which
 * line of the file is the value at this path?", so every validation error can
 * name the file and line it is about.
 */

import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { LessonError, Loc } from './types.ts';
import type { Path } from './predicates/index.ts';

export interface YamlBlock {
  data: unknown;
  loc(path: Path): Loc;
  errors: LessonError[];
}

/**
 * Parse `text`, which starts on line `firstLine` (1-based) of `file`.
 * Duplicate keys and syntax errors are reported with their lines.
 */
export function parseYamlBlock(text: string, file: string, firstLine: number): YamlBlock {
  const lc = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number): number => lc.linePos(offset).line + firstLine - 1;
  const errors: LessonError[] = [];
  for (const e of [...doc.errors, ...doc.warnings]) {
    const line = e.linePos?.[0]?.line ?? (e.pos ? lc.linePos(e.pos[0]).line : 1);
    const msg = e.message.split('\n')[0] ?? e.message;
    errors.push({ file, line: line + firstLine - 1, message: `YAML: ${msg}` });
  }
  const data = errors.length ? null : doc.toJS({ maxAliasCount: 50 });
  const loc = (path: Path): Loc => {
    // The deepest node on the path that exists.
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return { file, line: lineAt(node.range[0]) };
      // A scalar key's value may be a plain JS value: use the pair's key.
    }
    return { file, line: firstLine };
  };
  return { data, loc, errors };
}
