import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';

/**
 * The reducers are reached by the first letter of an event's type (engine.ts
 * applyEngineEvent; kernel/net/apply.ts returns at once for types not starting
 * with "n"): a reducer that learns to react to another module's events must
 * change that routing too. This reads the case labels each reducer handles.
 */
function eventCases(path: string): string[] {
  const src = readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
  return [...src.matchAll(/case '([a-z]+\.[A-Za-z]+)'/g)].map((m) => m[1] as string);
}

describe('event routing by the first letter of the type', () => {
  it.each([
    ['src/sim/engine/containers/apply.ts', 'c'],
    ['src/sim/engine/images/apply.ts', 'i'],
    ['src/sim/engine/network/apply.ts', 'n'],
    ['src/sim/engine/volumes/apply.ts', 'v'],
    ['src/sim/engine/system/apply.ts', 's'],
    ['src/sim/kernel/net/apply.ts', 'n'],
  ])('%s handles only events starting with "%s"', (path, letter) => {
    const cases = eventCases(path);
    expect(cases.length).toBeGreaterThan(0);
    expect(cases.filter((t) => !t.startsWith(letter))).toEqual([]);
  });
});
