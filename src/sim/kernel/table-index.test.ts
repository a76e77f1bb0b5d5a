import { describe, expect, it } from 'vitest';
import { TableIndex } from './table-index.ts';

describe('TableIndex', () => {
  it('reads what the table holds, through puts and removes', () => {
    const ix = new TableIndex<{ n: number }>();
    const t: Record<number, { n: number }> = {};
    const a = { n: 1 };
    ix.put(t, 4026531840, a);
    ix.put(t, 4026531841, { n: 2 });
    expect(ix.get(t, 4026531840)).toBe(a);
    expect(t[4026531840]).toBe(a);
    ix.remove(t, 4026531841);
    expect(ix.get(t, 4026531841)).toBeUndefined();
    expect(4026531841 in t).toBe(false);
    expect(ix.check(t, 't')).toEqual([]);
  });

  it('indexes a table it has not seen (a restored snapshot) when first asked, and keeps tables apart', () => {
    const ix = new TableIndex<string>();
    const t1: Record<number, string> = { 4026531840: 'a', 7: 'b' };
    const t2: Record<number, string> = { 4026531840: 'c' };
    expect(ix.get(t1, 4026531840)).toBe('a');
    expect(ix.get(t1, 7)).toBe('b');
    expect(ix.get(t2, 4026531840)).toBe('c');
    expect(ix.get(t1, 4026531840)).toBe('a');
    expect(ix.check(t1, 't1')).toEqual([]);
  });

  it('the check finds a write that went around the index', () => {
    const ix = new TableIndex<string>();
    const t: Record<number, string> = {};
    ix.put(t, 1, 'a');
    t[2] = 'b';
    t[1] = 'c';
    expect(ix.check(t, 'byInum')).toEqual(['byInum: 2 entries, its index 1', 'byInum[1]: its index holds another record', 'byInum[2]: not in its index']);
    expect(ix.check({}, 'never asked')).toEqual([]);
  });

  it('counts records by group through puts, replacements and removes, and the check finds a count gone wrong', () => {
    const ix = new TableIndex<{ from: number }>((v) => v.from);
    const t: Record<number, { from: number }> = { 5: { from: 9 } };
    expect(ix.inGroup(t, 9)).toBe(1);
    ix.put(t, 6, { from: 9 });
    ix.put(t, 7, { from: 4 });
    expect([ix.inGroup(t, 9), ix.inGroup(t, 4), ix.size(t)]).toEqual([2, 1, 3]);
    ix.put(t, 6, { from: 4 });
    expect([ix.inGroup(t, 9), ix.inGroup(t, 4)]).toEqual([1, 2]);
    ix.remove(t, 5);
    ix.remove(t, 5);
    expect([ix.inGroup(t, 9), ix.inGroup(t, 4), ix.size(t)]).toEqual([0, 2, 2]);
    expect(ix.check(t, 'lazy')).toEqual([]);
    (t[7] as { from: number }).from = 9;
    expect(ix.check(t, 'lazy')).toEqual(['lazy: its index counts 0 in group 9, the table 1', 'lazy: its index counts 2 in group 4, the table 1']);
  });
});
