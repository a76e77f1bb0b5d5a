import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { KERNEL_ROUTES, type KernelSlice } from '../src/sim/kernel/kernel.ts';

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

describe('kernel events reach the reducers of the slices KERNEL_ROUTES names for their prefix', () => {
  const slices: Array<[KernelSlice, string]> = [
    ['ns', 'src/sim/kernel/ns/apply.ts'],
    ['cgroup', 'src/sim/kernel/cgroup/apply.ts'],
    ['fs', 'src/sim/kernel/fs/apply.ts'],
    ['net', 'src/sim/kernel/net/apply.ts'],
    ['process', 'src/sim/kernel/process/apply.ts'],
  ];
  // Event types have a prefix the table knows; other dotted case labels (cgroup file names such as memory.max) are not events.
  const prefixes = Object.keys(KERNEL_ROUTES);

  it.each(slices)('every event type the %s reducer handles is routed to it', (slice, path) => {
    const cases = eventCases(path).filter((t) => prefixes.includes(t.slice(0, t.indexOf('.'))));
    expect(cases.length).toBeGreaterThan(0);
    expect(cases.filter((t) => !(KERNEL_ROUTES[t.slice(0, t.indexOf('.'))] ?? []).includes(slice))).toEqual([]);
  });

  it('every event type prefix in the code is in the table', () => {
    const src = readFileSync(new URL('../src/sim/events.ts', import.meta.url), 'utf8');
    expect(src).toContain('KernelEvent');
    for (const p of ['fs', 'net', 'ns', 'process', 'cgroup', 'clock', 'caps', 'container', 'image', 'network', 'volume', 'system', 'vm', 'host']) expect(prefixes).toContain(p);
  });
});
