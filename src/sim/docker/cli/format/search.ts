/**
 * docker search rows (cli/command/registry/formatter_search.go): the
 * *registry.searchContext a --format template runs on, Go fields
 * {HeaderContext, trunc, json, s (the registry.SearchResult)} that {{.}}
 * prints, the columns as its methods. MarshalJSON sets the row's json field
 * first, so `{{json .}}` words IsOfficial "true"/"false" (not "[OK]"/""),
 * and so does every later column of that row; Docker 28 has no IsAutomated
 * column (the field stays in the struct).
 * Checked against the real client through `container-sim serve`:
 * `docker search --format '{{json .}}|{{.IsOfficial}}|{{printf "%+v" .}}'`.
 */

import { goJson, RawJson } from '../template/index.ts';
import { contextRow, goStruct, rowMethods } from './formatter.ts';
import { ellipsis } from './display.ts';

/** One result of GET /images/search. */
export interface ApiSearchResult {
  star_count?: number;
  is_official?: boolean;
  name?: string;
  is_automated?: boolean;
  description?: string;
}

export const DEFAULT_SEARCH_TABLE = 'table {{.Name}}\\t{{.Description}}\\t{{.StarCount}}\\t{{.IsOfficial}}';

const ROW = Symbol('registry.searchContext row');
type Row = { [ROW]: ApiSearchResult; trunc: boolean; json: boolean };

function formatBool(row: Row, v: boolean): string {
  if (row.json) return v ? 'true' : 'false';
  return v ? '[OK]' : '';
}

/** The searchContext methods, the prototype of every row. */
const SEARCH_METHODS = rowMethods({
  Name(this: Row) {
    return this[ROW].name ?? '';
  },
  Description(this: Row) {
    const d = (this[ROW].description ?? '').replace(/\n/g, ' ').replace(/\r/g, ' ');
    return this.trunc ? ellipsis(d, 45) : d;
  },
  StarCount(this: Row) {
    return String(this[ROW].star_count ?? 0);
  },
  IsOfficial(this: Row) {
    return formatBool(this, this[ROW].is_official === true);
  },
  MarshalJSON(this: Row) {
    this.json = true;
    const o: Record<string, unknown> = {};
    const self = this as unknown as Record<string, () => unknown>;
    for (const k of ['Description', 'IsOfficial', 'Name', 'StarCount']) o[k] = self[k]?.call(this);
    return new RawJson(goJson(o, { escapeHtml: true }));
  },
});

/** A *registry.searchContext: Go fields {HeaderContext, trunc, json, s}, the methods on its prototype. */
export function searchContext(r: ApiSearchResult, o: { trunc: boolean }): object {
  const s = goStruct({ StarCount: r.star_count ?? 0, IsOfficial: r.is_official === true, Name: r.name ?? '', IsAutomated: r.is_automated === true, Description: r.description ?? '' }, 'registry.SearchResult');
  const ctx = contextRow(SEARCH_METHODS, '*registry.searchContext', { trunc: o.trunc, json: false, s });
  (ctx as unknown as Row)[ROW] = r;
  return ctx;
}

export function searchHeader(): object {
  return goStruct({ Name: 'NAME', Description: 'DESCRIPTION', StarCount: 'STARS', IsOfficial: 'OFFICIAL' }, 'formatter.SubHeaderContext');
}
