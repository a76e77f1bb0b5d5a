/**
 * docker search rows: what {{.}}, printf "%+v", json and the columns print,
 * against the real 28.2.2 client's output for the same answers.
 */

import { describe, expect, it } from 'vitest';
import { renderList } from './formatter.ts';
import { DEFAULT_SEARCH_TABLE, searchContext, searchHeader } from './search.ts';

describe('docker search rows', () => {
  const result = { star_count: 11475, is_official: true, name: 'alpine', is_automated: false, description: 'A minimal Docker image based on Alpine Linux with a complete package index and only 5 MB in size!' };
  const renderSearch = (format: string, trunc = true) => {
    const out = renderList(format, DEFAULT_SEARCH_TABLE, [searchContext(result, { trunc })], searchHeader());
    if ('error' in out) throw new Error(out.error);
    return out.text;
  };

  it('{{.}} prints the *registry.searchContext with its registry.SearchResult', () => {
    expect(renderSearch('{{.}}')).toBe(`{{<nil>} true false {11475 true alpine false ${result.description}}}\n`);
    expect(renderSearch('{{printf "%+v" .}}', false)).toBe(`&{HeaderContext:{Header:<nil>} trunc:false json:false s:{StarCount:11475 IsOfficial:true Name:alpine IsAutomated:false Description:${result.description}}}\n`);
  });

  it('json words booleans as "true"/"false" and leaves the row in JSON mode', () => {
    expect(renderSearch('{{.IsOfficial}}|{{json .}}|{{.IsOfficial}}|{{.}}')).toBe(
      `[OK]|{"Description":"A minimal Docker image based on Alpine Linux…","IsOfficial":"true","Name":"alpine","StarCount":"11475"}|true|{{<nil>} true true {11475 true alpine false ${result.description}}}\n`,
    );
  });

  it('has no IsAutomated column in Docker 28', () => {
    const out = renderList('{{.IsAutomated}}', DEFAULT_SEARCH_TABLE, [searchContext(result, { trunc: true })], searchHeader());
    expect(out).toEqual({ error: 'template parsing error: template: :1:2: executing "" at <.IsAutomated>: can\'t evaluate field IsAutomated in type *registry.searchContext' });
  });
});
