/**
 * Connections between processes: what a listening server program is handed
 * when a client's connect(2) (the kernel's net module) reaches its socket.
 *
 * Models three ways a server answers, as the simulated servers need them:
 * an HTTP exchange (onConnection: nginx, python's http.server, busybox
 * httpd), a request/response byte exchange (onData: redis), and a connected
 * stream socket installed as a file descriptor in both processes (onAccept:
 * `nc -l`), made of two pipes, one per direction, so each side reads what the
 * other writes and sees EOF when the other closes or shuts down writing.
 * SIMPLIFICATIONS: no accept queue or backlog; a stream is set up at once on
 * connect; shutdown(SHUT_RD) is not modelled.
 */

import type { ConnInfo, Fd, FdTable } from './types.ts';

/** What conn.ts needs of the runtime. */
export interface ConnHost {
  newPipe(content?: string, writers?: number): number;
  fdsOf(pid: number): FdTable;
  setFds(pid: number, fds: FdTable): void;
}

/** The lowest free fd number at or above 3. */
export function freeFd(fds: FdTable): number {
  let n = 3;
  while (fds[n] && fds[n]?.k !== 'closed') n++;
  return n;
}

/** Add `f` to pid's fd table at the lowest free number ≥ 3 (as socket(2)/accept(2) would); returns it. */
export function addFd(h: ConnHost, pid: number, f: Fd): number {
  const fds = h.fdsOf(pid);
  const n = freeFd(fds);
  h.setFds(pid, { ...fds, [n]: f });
  return n;
}

/** Close one fd of pid (close(2)). */
export function closeFd(h: ConnHost, pid: number, fd: number): void {
  const fds = { ...h.fdsOf(pid) };
  if (!fds[fd]) return;
  delete fds[fd];
  h.setFds(pid, fds);
}

/** shutdown(fd, SHUT_WR): the peer reads EOF; this side can still read. */
export function shutdownWrite(h: ConnHost, pid: number, fd: number): void {
  const fds = h.fdsOf(pid);
  const f = fds[fd];
  if (!f || f.k !== 'sock' || f.tx < 0) return;
  h.setFds(pid, { ...fds, [fd]: Object.assign({}, f, { tx: -1 }) });
}

/**
 * Set up a stream between a client and a server: two pipes, the client's end
 * installed first (so the server never sees a premature EOF). Returns both fd numbers.
 */
export function openStream(h: ConnHost, clientPid: number, serverPid: number, inodes: { client?: number; server?: number } = {}): { clientFd: number; serverFd: number } {
  const up = h.newPipe('', 0);
  const down = h.newPipe('', 0);
  const clientFd = addFd(h, clientPid, { k: 'sock', rx: down, tx: up, ...(inodes.client !== undefined ? { inode: inodes.client } : {}) });
  const serverFd = addFd(h, serverPid, { k: 'sock', rx: up, tx: down, ...(inodes.server !== undefined ? { inode: inodes.server } : {}) });
  return { clientFd, serverFd };
}

export type { ConnInfo };
