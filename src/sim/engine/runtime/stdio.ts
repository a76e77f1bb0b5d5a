/**
 * A container process's stdio as containerd and the shim set it up (containerd
 * pkg/cio: fifos the shim copies; `-t`: a pseudo-terminal whose master the
 * shim holds): without -t, stdout and stderr are buffers the daemon drains into
 * the json-file log, stdin is a pipe when -i was given (else /dev/null); with
 * -t, all three are a new pts. Both output buffers also append to a third
 * in write order, so the daemon keeps stdout and stderr interleaved.
 *
 * SIMPLIFICATIONS:
 * - The pts comes from the host's numbering (the container's own devpts
 *   instance is not separate in the userland's terminal table).
 * - Output buffers are the userland's capture buffers; the daemon empties
 *   them as it reads (there is no API for that yet, so it resets the buffer).
 */

import type { Userland } from '../../userland/userland.ts';
import type { Fd, FdTable } from '../../userland/types.ts';

export interface ContainerStdio {
  fds: FdTable;
  tty: string | null;
  outCap: number | null;
  errCap: number | null;
  /** Both streams in the order they were written (the fds' `also` capture). */
  mixCap: number | null;
}

/** Take (side, pipe) references for every pipe in an fd table, as fork does (fd 0 reads, others write). */
export function refFds(ul: Userland, fds: FdTable, delta: number): void {
  const seen = new Set<string>();
  for (const [n, f] of Object.entries(fds) as Array<[string, Fd]>) {
    if (f.k !== 'pipe') continue;
    const side = n === '0' ? 'r' : 'w';
    const key = `${side}${f.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    ul.pipeRef(f.id, side, delta);
  }
}

/** A free pseudo-terminal name: the lowest pts/N nobody holds. */
export function allocPty(ul: Userland): string {
  for (let n = 0; ; n++) {
    const name = `pts/${n}`;
    const t = ul.state.ttys[name];
    if (!t || (t.sid === 0 && t.fgPgid === 0 && t.input === '')) {
      const fresh = ul.tty(name);
      fresh.input = '';
      fresh.eof = false;
      fresh.raw = false;
      // Reserved until a process takes it as its controlling terminal.
      fresh.fgPgid = -1;
      return name;
    }
  }
}

/** The shim closes the pty master: the name can be handed out again. */
export function releasePty(ul: Userland, name: string): void {
  const t = ul.state.ttys[name];
  if (!t) return;
  t.sid = 0;
  t.fgPgid = 0;
  t.input = '';
  t.eof = false;
}

/** Read and empty a capture buffer (what the shim's copy loop does with a fifo). */
export function consumeCapture(ul: Userland, id: number): string {
  const s = ul.peekCapture(id);
  if (s !== '') ul.state.caps[id] = '';
  return s;
}

/** stdio for a container's init: a new pts with -t, else output buffers and the given stdin pipe (or /dev/null). */
export function containerStdio(ul: Userland, o: { tty: string | null; stdinPipe: number | null }): ContainerStdio {
  if (o.tty) {
    const tty = o.tty;
    ul.tty(tty);
    const f: Fd = { k: 'tty', tty };
    return { fds: { 0: f, 1: { ...f }, 2: { ...f } }, tty, outCap: null, errCap: null, mixCap: null };
  }
  const outCap = ul.newCapture();
  const errCap = ul.newCapture();
  const mixCap = ul.newCapture();
  return {
    fds: { 0: o.stdinPipe === null ? { k: 'null' } : { k: 'pipe', id: o.stdinPipe }, 1: { k: 'cap', id: outCap, also: mixCap }, 2: { k: 'cap', id: errCap, also: mixCap } },
    tty: null,
    outCap,
    errCap,
    mixCap,
  };
}
