/**
 * Running a command line at a shell synchronously (host.run, scripts), and
 * letting a foreground job's timers run (`sleep 3` moves the clock 3 s).
 *
 * Models: what a user sees typing a line and waiting: the shell runs it; a
 * foreground job that sleeps takes that long (virtual time jumps to each
 * timer); a foreground job that waits for terminal input or forever (cat on a
 * tty, tail -f, a daemon in the foreground) keeps the terminal: the line is
 * "blocked".
 * SIMPLIFICATIONS: at most MAX_WAKES timer jumps per call, then the line is
 * reported blocked (a loop that never ends in virtual time).
 */

import type { Userland } from './userland.ts';
import type { FdTable } from './types.ts';
import type { ShellState } from './shell/state.ts';
import type { Process } from '../kernel/process/types.ts';
import { makeSh } from './shell/program.ts';
import { runMachine, submitLine } from './shell/interp.ts';
import { kAdvance } from './kapi.ts';
import { statusOf } from './userland.ts';

const MAX_WAKES = 10_000;

export type RunLineResult =
  | { status: 'done'; exitCode: number; stdout: string; stderr: string }
  | { status: 'blocked'; fgPid: number | null; stdout: string; stderr: string };

export interface RunLineIo {
  /** Data on stdin (default: /dev/null, as for a command not run from a terminal). */
  stdin?: string;
  /** Run with these fds instead of capturing (e.g. the shell's terminal). */
  fds?: FdTable;
}

/** Process groups of the shell's background jobs (jobs no frame waits for); null when it has no jobs. */
function backgroundPgids(st: ShellState | null): Set<number> | null {
  // A shell that exec'd another program has that program's state here: no jobs.
  if (!st || !Array.isArray(st.jobs) || !st.jobs.length) return null;
  const waited = new Set<number>();
  for (const f of st.stack ?? []) if (f.f === 'wait') for (const pid of f.pids) waited.add(pid);
  return new Set(st.jobs.filter((j) => !j.pids.some((pid) => waited.has(pid))).map((j) => j.pgid));
}

/** The processes of a shell's foreground job: its descendants outside background jobs. */
export function foregroundOf(ul: Userland, shellPid: number): Process[] {
  const k = ul.k;
  const st = ul.programState<ShellState>(shellPid);
  const bg = backgroundPgids(st);
  const out: Process[] = [];
  // Breadth first, in the order the queue was filled (an index instead of shift()).
  const queue = [shellPid];
  for (let i = 0; i < queue.length; i++) {
    const pid = queue[i] as number;
    const p = k.proc(pid);
    if (!p || p.state === 'Z') continue;
    if (bg !== null && pid !== shellPid && bg.has(p.pgid)) continue;
    out.push(p);
    for (const c of p.children) queue.push(c);
  }
  return out;
}

/**
 * When the foreground job of `shellPid` next needs virtual time to pass: the
 * earliest timer it sleeps on, or null if it is idle or blocked on something
 * else (a terminal read, a stopped or frozen process, a wait with no end, a
 * program that runs periodically until interrupted).
 */
export function nextForegroundWake(ul: Userland, shellPid: number, fg: Process[] = foregroundOf(ul, shellPid)): number | null {
  let next: number | null = null;
  for (const p of fg) {
    if (p.state === 'T' || p.frozen) return null;
    // A writer blocked on a full pipe goes on when its reader reads (or leaves): not a wait with no end.
    if (p.wait.kind === 'forever' && ul.state.writing?.[p.pid] !== undefined) continue;
    if (p.wait.kind === 'forever') return null;
    if (p.wait.kind === 'input') {
      const f0 = ul.fdsOf(p.pid)[0];
      if (!f0 || f0.k === 'tty') return null;
      continue;
    }
    if (p.wait.kind === 'timer') {
      if (ul.isPeriodic(p.pid)) return null;
      if (next === null || p.wait.untilMs < next) next = p.wait.untilMs;
    }
  }
  return next;
}

/**
 * Let the foreground job of `shellPid` run until `done()` or it waits on something
 * other than a timer, skipping ahead in virtual time to each timer it sleeps on
 * (at most `maxWakes` of them). Returns false if blocked (or out of wakes).
 */
export function settle(ul: Userland, shellPid: number, done: () => boolean, maxWakes = MAX_WAKES): boolean {
  ul.drain();
  for (let i = 0; i < maxWakes; i++) {
    if (done()) return true;
    const fg = foregroundOf(ul, shellPid);
    if (!fg.length) return true;
    const next = nextForegroundWake(ul, shellPid, fg);
    if (next === null) return false;
    kAdvance(ul.k, Math.max(0, next - ul.k.uptimeMs));
    ul.drain();
  }
  return maxWakes < MAX_WAKES ? done() : false;
}

/** The process a blocked line waits on (the deepest foreground process). */
function fgLeaf(ul: Userland, shellPid: number): number | null {
  const fg = foregroundOf(ul, shellPid).filter((p) => p.pid !== shellPid);
  const leaf = fg.find((p) => p.wait.kind === 'forever' || p.wait.kind === 'input') ?? fg[fg.length - 1];
  return leaf ? leaf.pid : null;
}

/** Is the shell between lines (nothing running in the foreground)? */
export function shellIdle(ul: Userland, shellPid: number): boolean {
  const st = ul.programState<ShellState>(shellPid);
  const p = ul.k.proc(shellPid);
  return !p || p.state === 'Z' || !st || (!st.runLine && st.stack.length === 0);
}

/** Run one command line at a shell and wait for it (in virtual time) to finish or block. */
export function runLine(ul: Userland, shellPid: number, line: string, io: RunLineIo = {}): RunLineResult {
  ul.drain();
  const k = ul.k;
  const p = k.proc(shellPid);
  if (!p || p.state === 'Z') return { status: 'done', exitCode: 127, stdout: '', stderr: 'runLine: no such shell\n' };
  if (!shellIdle(ul, shellPid)) return { status: 'blocked', fgPid: fgLeaf(ul, shellPid), stdout: '', stderr: '' };
  const outCap = ul.newCapture();
  const errCap = ul.newCapture();
  const fds: FdTable = io.fds ?? {
    0: io.stdin !== undefined ? { k: 'pipe', id: ul.newPipe(io.stdin) } : { k: 'null' },
    1: { k: 'cap', id: outCap },
    2: { k: 'cap', id: errCap },
  };
  ul.interrupt(shellPid);
  ul.call(shellPid, (_d, ctx) => {
    const sh = makeSh(ctx);
    sh.st.runLine = { savedFds: sh.st.fds, active: true, interactive: sh.st.interactive };
    sh.st.fds = fds;
    // A line run this way is not typed at a terminal: no job notices, no prompt.
    sh.st.interactive = false;
    submitLine(sh, line);
    return runMachine(sh);
  });
  const finished = settle(ul, shellPid, () => shellIdle(ul, shellPid));
  // With the caller's fds the line never wrote to the two captures: drop them.
  const stdout = ul.takeCapture(outCap);
  const stderr = ul.takeCapture(errCap);
  if (!finished) {
    // Keep capturing what the blocked job writes into fresh buffers is the caller's business.
    return { status: 'blocked', fgPid: fgLeaf(ul, shellPid), stdout, stderr };
  }
  const after = k.proc(shellPid);
  if (!after || after.state === 'Z') return { status: 'done', exitCode: after ? statusOf(after) : (ul.exitStatus[shellPid] ?? 0), stdout, stderr };
  const st = ul.programState<ShellState>(shellPid);
  return { status: 'done', exitCode: st?.last ?? 0, stdout, stderr };
}
