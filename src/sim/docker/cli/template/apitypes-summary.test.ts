import { describe, expect, it } from 'vitest';
import { typedSummary } from './apitypes-summary.ts';
import { sprintValue } from './fmt.ts';

describe('list summaries as the formatter contexts hold them', () => {
  it('print a time.Time as its raw fields {wall ext loc}: nanoseconds, seconds since year 1, nil for UTC', () => {
    const n = (created: string) => sprintValue((typedSummary('network', { Name: 'n', Created: created }) as Record<string, unknown>).Created);
    expect(n('2026-11-22T15:24:11.65886132Z')).toBe('{658861320 63930957851 <nil>}');
    expect(n('2026-11-22T15:24:11Z')).toBe('{0 63930957851 <nil>}');
    expect(n('')).toBe('{0 0 <nil>}');
    expect(n('2026-11-22T16:24:11+01:00')).toMatch(/^\{0 63930957851 0xc[0-9a-f]{9}\}$/);
  });

  it('fill fields the answer leaves out with Go zero values, in declaration order', () => {
    expect(sprintValue(typedSummary('container', { Id: 'x', Names: ['/a'], Created: 5 }))).toBe('{x [/a]   <nil>  5 [] 0 0 map[]   { map[]} <nil> []}');
    expect(sprintValue(typedSummary('volume', { Name: 'v', UsageData: { Size: 1, RefCount: 0 } }))).toMatch(/^\{<nil> {3}map\[\] {2}v map\[\] {2}map\[\] 0xc[0-9a-f]{9}\}$/);
  });
});
