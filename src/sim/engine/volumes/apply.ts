/**
 * The only writer of the volumes slice of EngineState. Copies data out of
 * events and is deterministic.
 */

import type { EngineState } from '../state.ts';
import type { EngineEvent } from '../events.ts';

export function applyVolumesEvent(s: EngineState, e: EngineEvent): void {
  const st = s.volumes;
  switch (e.type) {
    case 'volume.created': {
      const v = e.volume;
      st.volumes[v.Name] = Object.assign({}, v, { Labels: v.Labels ? { ...v.Labels } : null, Options: v.Options ? { ...v.Options } : null });
      if (!st.order.includes(v.Name)) st.order.push(v.Name);
      return;
    }
    case 'volume.removed':
      delete st.volumes[e.name];
      delete st.refs[e.name];
      st.order = st.order.filter((n) => n !== e.name);
      return;
    case 'volume.referenced': {
      st.prepared[e.containerId] = e.mounts.map((m) => (Object.assign({}, m, { point: m.point ? { ...m.point } : null })));
      if (!e.names.length) return;
      const mine = (st.byContainer[e.containerId] ??= []);
      for (const n of e.names) {
        if (!mine.includes(n)) mine.push(n);
        const r = (st.refs[n] ??= []);
        if (!r.includes(e.containerId)) r.push(e.containerId);
      }
      return;
    }
    case 'volume.released': {
      for (const n of st.byContainer[e.containerId] ?? []) {
        const r = st.refs[n];
        if (!r) continue;
        const left = r.filter((id) => id !== e.containerId);
        if (left.length) st.refs[n] = left;
        else delete st.refs[n];
      }
      delete st.byContainer[e.containerId];
      delete st.prepared[e.containerId];
      return;
    }
    default:
      return;
  }
}
