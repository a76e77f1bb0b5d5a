/**
 * Clients connected to a container: attached streams (POST
 * /containers/{id}/attach, the hijacked connection of docker run, start -a,
 * attach and logs -f) and waiters (POST /containers/{id}/wait, whose answer
 * comes when the container stops or is removed).
 *
 * Each connection is a pipe in the userland: the daemon holds the write end,
 * the client reads. Output goes to the attachment's `out` and `err` pipes; when
 * the container exits (or, for docker run --rm, once it is removed) the daemon
 * closes them, so the client reads end-of-file. A waiter's pipe receives the
 * JSON body {"StatusCode":N,"Error":null} and is closed.
 *
 * The client owns one read reference of every pipe handed to it (and one write
 * reference of the stdin pipe): it drops them with pipeRef when done.
 * A client may ask (mux=1) for stdout and stderr multiplexed on one pipe in
 * stdcopy frames, as the real hijacked connection carries them.
 * SIMPLIFICATIONS: no detach keys; without mux=1, two pipes and no headers.
 */

import type { Engine } from '../engine.ts';
import type { Attachment, ContainerRecord } from './types.ts';
import { allocPty, releasePty } from '../runtime/stdio.ts';
import { closeAttachment } from './deliver.ts';

export type WaitCondition = 'not-running' | 'next-exit' | 'removed';

/** A pipe the daemon writes and a client reads. */
function clientPipe(engine: Engine): number {
  const id = engine.ul.newPipe('', 1);
  engine.ul.pipeRef(id, 'r', 1);
  return id;
}

/** Attach a client: pipes for stdout and stderr, and the container's stdin pipe if asked for. */
export function attach(engine: Engine, c: ContainerRecord, o: { stdin: boolean; untilRemoved: boolean; mux?: boolean }): Attachment {
  let stdin: number | null = null;
  if (o.stdin && c.Config.OpenStdin && !c.Config.Tty) {
    const s = ensureStdin(engine, c);
    stdin = s.pipe;
    // StdinOnce: the first client gets the daemon's own write end, so closing it ends the container's input.
    if (c.Config.StdinOnce && s.held) engine.emit({ type: 'container.stdinChanged', id: c.Id, stdin: { pipe: s.pipe, held: false } });
    else engine.ul.pipeRef(stdin, 'w', 1);
  }
  // A client without a TTY may take both streams multiplexed on one pipe (docker's stdcopy frames).
  const mux = !!o.mux && !c.Config.Tty;
  const a: Attachment = { out: clientPipe(engine), err: mux ? null : clientPipe(engine), stdin, untilRemoved: o.untilRemoved, ...(mux ? { mux: true } : {}) };
  engine.emit({ type: 'container.attached', id: c.Id, attachment: a });
  return a;
}

/** The container's stdin pipe (-i without -t), made on first use; the daemon holds its write end. */
export function ensureStdin(engine: Engine, c: ContainerRecord): { pipe: number; held: boolean } {
  const cur = engine.state.containers.byId[c.Id]?.rt.stdin;
  if (cur) return cur;
  const s = { pipe: engine.ul.newPipe('', 1), held: true };
  engine.emit({ type: 'container.stdinChanged', id: c.Id, stdin: s });
  return s;
}

/** The container's pts (-t), made on first use (attach before start, or start). */
export function ensurePty(engine: Engine, c: ContainerRecord): string {
  const cur = engine.state.containers.byId[c.Id]?.rt.pty;
  if (cur) return cur;
  const pty = allocPty(engine.ul);
  engine.emit({ type: 'container.ptyChanged', id: c.Id, pty });
  return pty;
}

/** The task is gone: the pts can be handed out again. */
export function releaseContainerPty(engine: Engine, c: ContainerRecord): void {
  if (!c.rt.pty) return;
  releasePty(engine.ul, c.rt.pty);
  engine.emit({ type: 'container.ptyChanged', id: c.Id, pty: null });
}

/** Drop the daemon's end of the stdin pipe (the task is gone). */
export function releaseStdin(engine: Engine, c: ContainerRecord): void {
  const s = c.rt.stdin;
  if (!s) return;
  if (s.held) engine.ul.pipeRef(s.pipe, 'w', -1);
  engine.emit({ type: 'container.stdinChanged', id: c.Id, stdin: null });
}

/** Close attached streams: all of them, or all but those waiting for the removal. */
export function closeAttachments(engine: Engine, c: ContainerRecord, keepUntilRemoved: boolean): void {
  if (c.rt.attachments.length === 0) return;
  const remaining: Attachment[] = [];
  for (const a of c.rt.attachments) {
    if (keepUntilRemoved && a.untilRemoved) {
      remaining.push(a);
      continue;
    }
    closeAttachment(engine, a);
  }
  engine.emit({ type: 'container.attachmentsClosed', id: c.Id, remaining });
}

export function waitBody(c: ContainerRecord): { StatusCode: number; Error: null | { Message: string } } {
  return { StatusCode: c.State.ExitCode, Error: c.State.Error ? { Message: c.State.Error } : null };
}

/** Register a waiter; its pipe gets the answer later. Returns the pipe id. */
export function addWaiter(engine: Engine, c: ContainerRecord, condition: WaitCondition): number {
  const pipe = clientPipe(engine);
  engine.emit({ type: 'container.waiterAdded', id: c.Id, pipe, condition });
  return pipe;
}

/** Answer the waiters whose condition is met ('exit': the container stopped or is restarting; 'removed'). */
export function answerWaiters(engine: Engine, c: ContainerRecord, what: 'exit' | 'removed'): void {
  if (c.rt.waiters.length === 0) return;
  // On removal moby answers with the removal's error (SetRemovalError(nil) on success), not the start error.
  const body = `${JSON.stringify(what === 'removed' ? Object.assign({}, waitBody(c), { Error: null }) : waitBody(c))}\n`;
  const remaining = c.rt.waiters.filter((w) => {
    const due = what === 'removed' || w.condition !== 'removed';
    if (!due) return true;
    engine.ul.write(0, { 1: { k: 'pipe', id: w.pipe } }, 1, body);
    engine.ul.pipeRef(w.pipe, 'w', -1);
    return false;
  });
  engine.emit({ type: 'container.waitersAnswered', id: c.Id, remaining });
}
