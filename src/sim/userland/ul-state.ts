/**
 * The userland's own plain state (snapshotted with the host): pipe buffers,
 * capture buffers, terminals and who waits on them; and how a process's
 * program state wraps its fds, flavour and the program's own data.
 *
 * Models: pipe(7) buffers (64 KiB), terminals (pts) with a foreground process
 * group, the exit status a shell reports (128 + signal).
 * SIMPLIFICATIONS: see userland.ts.
 */

import type { Process } from '../kernel/process/types.ts';
import type { Fd, FdTable, Outcome, ProcWrap, WakeReason } from './types.ts';

export const PIPE_BUF_MAX = 65536;
export const CAPTURE_MAX = 4 * 1024 * 1024;
/** The marker that makes a file a simulated executable: an ELF header, then the program id. */
export const ELF_MARKER = '\x7fELF\x02\x01\x01\0sim:';

export interface PipeState {
  buf: string;
  /** Processes holding the write end / read end. */
  w: number;
  r: number;
  /** What writers wrote past the 64 KiB buffer while a reader was there: they wait in write(2) until it is read. */
  held?: string;
  /** The writers blocked on `held`, in order. */
  heldBy?: number[];
}

export interface TtyState {
  /** Foreground process group. */
  fgPgid: number;
  /** Session id of the controlling process. */
  sid: number;
  /** Typed input not yet read. */
  input: string;
  /** ^D pending: the next read returns EOF. */
  eof: boolean;
  cols: number;
  rows: number;
  /** Raw mode (cfmakeraw): keys go to the reader as typed, no echo, no line editing, no ^C signal. */
  raw: boolean;
}

export interface UserlandState {
  pipes: Record<number, PipeState>;
  caps: Record<number, string>;
  ttys: Record<string, TtyState>;
  /** Processes blocked reading a pipe ("p:ID") or a tty ("t:NAME"). */
  waiters: Record<string, number[]>;
  /** Processes whose current timer is periodic (see Outcome). */
  periodic: Record<number, true>;
  /**
   * Named network namespaces (`ip netns add`): "MNTNS:/run/netns/NAME" → netns inode. The
   * file is a mount point in the kernel model; this records which namespace the nsfs bind mount pins.
   */
  netns?: Record<string, number>;
  /** Processes waiting for input on fds other than just 0 (poll): pid → fds. */
  polling?: Record<number, number[]>;
  /** Processes blocked in write(2) on a full pipe → the pipe. */
  writing?: Record<number, number>;
  /** What such a process's handler answered, applied once its writes were read (or it died of SIGPIPE). */
  deferred?: Record<number, Outcome>;
  next: number;
}

export type Job = { pid: number; why: WakeReason | { kind: 'childExit'; pid: number; status: number } | { kind: 'written'; pipe: number } };

export function emptyState(): UserlandState {
  return { pipes: {}, caps: {}, ttys: {}, waiters: {}, periodic: {}, next: 1 };
}

export function wrapOf(p: Process): ProcWrap {
  const w = p.program.state as ProcWrap | null;
  if (w && typeof w === 'object' && 'fds' in w) return w;
  return { fds: { 0: { k: 'null' }, 1: { k: 'null' }, 2: { k: 'null' } }, fl: 'gnu', s: null };
}

/** Status as the shell reports it: exit code, or 128 + signal. */
export function statusOf(p: Process): number {
  return p.termSignal !== null ? 128 + p.termSignal : (p.exitCode ?? 0);
}

export function basename(p: string): string {
  const i = p.lastIndexOf('/');
  return i >= 0 ? p.slice(i + 1) : p;
}

/** Each (side, pipe) pair an fd table holds, once. */
export function pipeEnds(fds: FdTable): Array<['r' | 'w', number]> {
  const out: Array<['r' | 'w', number]> = [];
  // Most tables hold no pipe or socket (a terminal, captures, /dev/null): nothing to track then.
  let seen: Set<string> | null = null;
  for (const n of Object.keys(fds)) {
    const f = fds[n as unknown as number] as Fd;
    if (f.k === 'sock') {
      const so = f as { rx: number; tx: number };
      seen ??= new Set<string>();
      for (const [side, id] of [['r', so.rx], ['w', so.tx]] as Array<['r' | 'w', number]>) {
        if (seen.has(side + id)) continue;
        seen.add(side + id);
        out.push([side, id]);
      }
      continue;
    }
    if (f.k !== 'pipe') continue;
    seen ??= new Set<string>();
    const id = (f as { id: number }).id;
    const side = n === '0' ? 'r' : 'w';
    const key = side + id;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push([side, id]);
  }
  return out;
}

/** The waiter key of an fd a process may block reading: "p:ID" for a pipe or socket, "t:NAME" for a tty. */
export function waitKey(f: Fd | undefined): string | null {
  if (!f) return null;
  if (f.k === 'pipe') return `p:${f.id}`;
  if (f.k === 'sock') return `p:${f.rx}`;
  if (f.k === 'tty') return `t:${f.tty}`;
  return null;
}
