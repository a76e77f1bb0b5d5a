/**
 * Copying a container's output to attached clients without losing any
 * (moby container/stream: the daemon's copy to the hijacked connection blocks
 * until the client reads): what does not fit in a client's pipe (64 KiB) is
 * held in the attachment (`pendingOut`/`pendingErr`) and sent as the client
 * reads; a client whose container stopped (or was removed) while output was
 * still held is kept on the daemon's `draining` list until everything was
 * delivered, then its pipes are closed.
 * SIMPLIFICATIONS: the held output is flushed when the daemon next reads
 * output (after each request, as virtual time passes), not the moment the
 * client reads.
 */

import type { Engine } from '../engine.ts';
import type { Attachment, ContainerRecord } from './types.ts';
import { frame, pushSome } from './mux.ts';

/** An attachment with `data` of `stream` appended to what it holds, and as much as fits sent. */
function withData(engine: Engine, a: Attachment, stream: 'stdout' | 'stderr', data: string): Attachment {
  let out = a.pendingOut ?? '';
  let err = a.pendingErr ?? '';
  if (a.mux) out += frame(stream, data);
  else if (stream === 'stdout') out += data;
  else if (a.err !== null) err += data;
  return Object.assign({}, a, { pendingOut: pushSome(engine.ul, a.out, out), pendingErr: pushSome(engine.ul, a.err, err) });
}

function held(a: Attachment): boolean {
  return !!(a.pendingOut || a.pendingErr);
}

function same(a: Attachment, b: Attachment): boolean {
  return (a.pendingOut ?? '') === (b.pendingOut ?? '') && (a.pendingErr ?? '') === (b.pendingErr ?? '');
}

/** Send output to the container's attached clients (all, or the one whose out pipe is `only`). */
export function sendToClients(engine: Engine, c: ContainerRecord, stream: 'stdout' | 'stderr', data: string, only: number | null = null): void {
  if (data === '' || c.rt.attachments.length === 0) return;
  let changed = false;
  const next = c.rt.attachments.map((a) => {
    if (only !== null && a.out !== only) return a;
    const b = withData(engine, a, stream, data);
    if (!same(a, b)) changed = true;
    return b;
  });
  if (changed) engine.emit({ type: 'container.attachmentsChanged', id: c.Id, attachments: next });
}

/** The daemon closes its ends of one client's streams (now, or once what it holds was delivered). */
export function closeAttachment(engine: Engine, a: Attachment): void {
  if (held(a)) {
    engine.emit({ type: 'container.drainingChanged', draining: [...(engine.state.containers.draining ?? []), a] });
    return;
  }
  engine.ul.pipeRef(a.out, 'w', -1);
  if (a.err !== null) engine.ul.pipeRef(a.err, 'w', -1);
}

/** Send what attachments hold as their clients make room; close drained clients of stopped containers. */
export function flushClients(engine: Engine): void {
  const st = engine.state.containers;
  for (const id of Object.keys(st.pendingIds ?? {})) {
    const c = st.byId[id];
    if (!c) continue;
    let changed = false;
    const next = c.rt.attachments.map((a) => {
      if (!held(a)) return a;
      const b = Object.assign({}, a, { pendingOut: pushSome(engine.ul, a.out, a.pendingOut ?? ''), pendingErr: pushSome(engine.ul, a.err, a.pendingErr ?? '') });
      if (!same(a, b)) changed = true;
      return b;
    });
    if (changed) engine.emit({ type: 'container.attachmentsChanged', id, attachments: next });
  }
  const draining = st.draining ?? [];
  if (draining.length === 0) return;
  const left: Attachment[] = [];
  let changed = false;
  for (const a of draining) {
    const b = Object.assign({}, a, { pendingOut: pushSome(engine.ul, a.out, a.pendingOut ?? ''), pendingErr: pushSome(engine.ul, a.err, a.pendingErr ?? '') });
    if (!same(a, b)) changed = true;
    if (held(b)) left.push(b);
    else {
      changed = true;
      engine.ul.pipeRef(b.out, 'w', -1);
      if (b.err !== null) engine.ul.pipeRef(b.err, 'w', -1);
    }
  }
  if (changed) engine.emit({ type: 'container.drainingChanged', draining: left });
}
