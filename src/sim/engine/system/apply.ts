/** applySystemEvent: the only writer of EngineState.system. */

import type { EngineState } from '../state.ts';
import type { EngineEvent } from '../events.ts';
import { clonePlain } from '../../kernel/plain.ts';
import { EVENTS_RING_SIZE } from './types.ts';
import { copyMessage } from '../copy.ts';

export function applySystemEvent(s: EngineState, e: EngineEvent): void {
  const st = s.system;
  switch (e.type) {
    case 'system.eventRecorded':
      st.events.push(copyMessage(e.event));
      // Oldest out; shift(), which V8 does without moving the rest (usually one over the ring's size).
      while (st.events.length > EVENTS_RING_SIZE) st.events.shift();
      return;
    case 'system.daemonStarted':
      st.daemon.running = true;
      st.daemon.pid = e.pid;
      st.daemon.containerdPid = e.containerdPid;
      st.daemon.id = e.id;
      st.daemon.startedAtMs = e.startedAtMs;
      return;
    case 'system.daemonStopped':
      st.daemon.running = false;
      st.daemon.pid = null;
      // The event ring lives in dockerd's memory: a new dockerd starts with none.
      st.events = [];
      return;
    case 'system.configChanged':
      st.daemon.usernsRemap = clonePlain(e.usernsRemap);
      return;
    default:
      return;
  }
}
