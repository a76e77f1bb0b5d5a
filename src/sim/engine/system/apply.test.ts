import { describe, expect, it } from 'vitest';
import { applySystemEvent } from './apply.ts';
import { EVENTS_RING_SIZE, type DockerEvent } from './types.ts';
import type { EngineState } from '../state.ts';

function message(i: number): DockerEvent {
  return { Type: 'container', Action: 'create', Actor: { ID: `c${i}`, Attributes: {} }, scope: 'local', time: i, timeNano: i * 1e9 };
}

describe("dockerd's events ring", () => {
  it(`keeps the latest ${EVENTS_RING_SIZE} events, oldest out, each a copy`, () => {
    const s = { system: { events: [] } } as unknown as EngineState;
    const sent: DockerEvent[] = [];
    for (let i = 0; i < EVENTS_RING_SIZE + 44; i++) {
      const event = message(i);
      sent.push(event);
      applySystemEvent(s, { type: 'system.eventRecorded', event });
    }
    const kept = s.system.events;
    expect(kept).toHaveLength(EVENTS_RING_SIZE);
    expect(kept[0]?.Actor.ID).toBe('c44');
    expect(kept.at(-1)?.Actor.ID).toBe(`c${EVENTS_RING_SIZE + 43}`);
    expect(kept.at(-1)).toEqual(sent.at(-1));
    expect(kept.at(-1)).not.toBe(sent.at(-1));
  });

  it('trims a longer ring (a state from before the bound) to the bound on the next event', () => {
    const s = { system: { events: Array.from({ length: EVENTS_RING_SIZE + 10 }, (_, i) => message(i)) } } as unknown as EngineState;
    applySystemEvent(s, { type: 'system.eventRecorded', event: message(999) });
    expect(s.system.events).toHaveLength(EVENTS_RING_SIZE);
    expect(s.system.events[0]?.Actor.ID).toBe('c11');
    expect(s.system.events.at(-1)?.Actor.ID).toBe('c999');
  });
});
