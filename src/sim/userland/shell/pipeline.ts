/**
 * Pipelines, background jobs, command substitution and waiting for children.
 *
 * Models: sh(1p) 2.9.2 "Pipelines" (one process per stage, the last stage's
 * status, `!`), 2.9.3 asynchronous lists, 2.6.3 command substitution, and an
 * interactive shell's job table (a foreground job's process group owns the
 * terminal; a job stopped or killed is reported).
 * SIMPLIFICATIONS: see interp.ts.
 */

import type { Command } from './ast.ts';
import type { Frame } from './state.ts';
import type { FdTable, Outcome } from '../types.ts';
import { prefix, signalNotice } from './messages.ts';
import { applyRedirs } from './simple.ts';
import { cmdText } from './unparse.ts';
import { type Sh, effFds, err, expandCtx, forkSubshell, childDone, nsPid, noteSignalled, takeSignalled } from './sh.ts';
import { popFrame, reclaimTty } from './interp.ts';

export function pipeIds(fds: FdTable): number[] {
  return Object.values(fds).flatMap((f) => (f.k === 'pipe' ? [f.id] : []));
}

export function compoundRedirs(sh: Sh, fr: Extract<Frame, { f: 'cmd' }>, redirs: import('./ast.ts').Redir[]): FdTable | null {
  if (!redirs.length) return effFds(sh);
  const cx = expandCtx(sh, fr.subst);
  const r = applyRedirs(sh, cx, effFds(sh), redirs);
  if ('error' in r) {
    err(sh, r.error);
    sh.st.last = 1;
    return null;
  }
  return r.fds;
}

export function startBackground(sh: Sh, cmd: Command): void {
  const st = sh.st;
  const fds = { ...effFds(sh) };
  if (!st.interactive && fds[0]?.k === 'tty') fds[0] = { k: 'null' };
  const frames: Frame[] = [cmd.t === 'andor' ? { f: 'andor', node: cmd, i: 0 } : { f: 'cmd', node: cmd, phase: 0, subst: null }];
  const pid = forkSubshell(sh, frames, fds, { newPgrp: true });
  if (typeof pid !== 'number') {
    err(sh, pid.error);
    st.last = pid.status;
    return;
  }
  st.lastBg = pid;
  st.last = 0;
  const id = st.jobs.reduce((m, j) => Math.max(m, j.id), 0) + 1;
  st.jobs.push({ id, pgid: pid, pids: [pid], done: {}, cmd: cmdText(cmd), state: 'Running', notified: false });
  if (st.interactive) err(sh, `[${id}] ${nsPid(sh, pid)}\n`);
  const s = childDone(sh, pid);
  if (s !== null) jobChildExited(sh, pid, s);
}

export function startPipeline(sh: Sh, node: Extract<Command, { t: 'pipeline' }>): Outcome | null {
  const st = sh.st;
  const n = node.cmds.length;
  const base = effFds(sh);
  const pipes: number[] = [];
  for (let i = 0; i < n - 1; i++) pipes.push(sh.ul.newPipe());
  const pids: number[] = [];
  let pgid = 0;
  const jobCtl = !st.subshell;
  for (let i = 0; i < n; i++) {
    const fds: FdTable = { ...base };
    if (i > 0) fds[0] = { k: 'pipe', id: pipes[i - 1] as number };
    if (i < n - 1) fds[1] = { k: 'pipe', id: pipes[i] as number };
    const c = node.cmds[i] as Command;
    const frames: Frame[] = [c.t === 'andor' ? { f: 'andor', node: c, i: 0 } : { f: 'cmd', node: c, phase: 0, subst: null }];
    const pid = forkSubshell(sh, frames, fds, { newPgrp: jobCtl && i === 0, pgid: jobCtl && i > 0 ? pgid : undefined, run: false });
    if (typeof pid !== 'number') {
      err(sh, pid.error);
      break;
    }
    if (i === 0) pgid = sh.k.proc(pid)?.pgid ?? pid;
    pids.push(pid);
  }
  for (const id of pipes) sh.ul.gcPipe(id);
  if (st.interactive && base[0]?.k === 'tty') sh.ul.tty(base[0].tty).fgPgid = pgid;
  for (const pid of pids) sh.ul.runMain(pid);
  if (!pids.length) {
    st.last = 1;
    return null;
  }
  st.stack.push({ f: 'wait', pids, status: {}, bang: node.bang, pgid, job: false, cmd: cmdText(node) });
  return null;
}

export function stepSubst(sh: Sh, fr: Extract<Frame, { f: 'subst' }>): Outcome | null {
  const st = sh.st;
  for (;;) {
    if (fr.pid) {
      const s = childDone(sh, fr.pid);
      if (s === null) return { block: 'child', pid: fr.pid };
      st.substStatus = s;
      st.last = s;
      fr.results.push(sh.ul.takeCapture(fr.cap).replace(/\n+$/, ''));
      fr.pid = 0;
      fr.i++;
      if (s >= 128 && s - 128 === 2) {
        st.stack = [];
        return null;
      }
    }
    const body = fr.bodies[fr.i];
    if (!body) {
      st.stack.pop();
      const parent = st.stack[st.stack.length - 1] as (Frame & { subst?: string[] | null }) | undefined;
      if (parent) parent.subst = fr.results;
      return null;
    }
    const cap = sh.ul.newCapture();
    const fds: FdTable = { ...effFds(sh), 1: { k: 'cap', id: cap } };
    const pid = forkSubshell(sh, [{ f: 'list', items: body.items, i: 0, cond: false }], fds);
    if (typeof pid !== 'number') {
      err(sh, pid.error);
      sh.ul.takeCapture(cap);
      fr.results.push('');
      fr.i++;
      continue;
    }
    fr.pid = pid;
    fr.cap = cap;
  }
}

export function stepWait(sh: Sh, fr: Extract<Frame, { f: 'wait' }>): Outcome | null {
  const st = sh.st;
  for (const pid of fr.pids) {
    if (fr.status[pid] !== undefined) continue;
    const s = childDone(sh, pid);
    if (s !== null) fr.status[pid] = s;
  }
  const pending = fr.pids.find((p) => fr.status[p] === undefined);
  if (pending !== undefined) return { block: 'child', pid: -1 };
  popFrame(sh);
  const lastPid = fr.pids[fr.pids.length - 1] as number;
  let status = fr.status[lastPid] ?? 0;
  if (fr.job) {
    // `wait` builtin: forget finished jobs.
    st.jobs = st.jobs.filter((j) => !j.pids.every((p) => fr.status[p] !== undefined || j.done[p] !== undefined));
  }
  if (fr.pgid) reclaimTty(sh);
  if (status > 128 && !fr.job && takeSignalled(sh, lastPid)) {
    const sig = status - 128;
    if (sig === 2) {
      // A foreground job killed by ^C: the shell abandons the rest of the line.
      if (st.interactive) {
        st.stack = [];
        st.last = status;
        err(sh, '\n');
        return null;
      }
    }
    const note = signalNotice(sig);
    // A line run by host.run is typed at the login shell: it reports like an interactive shell.
    if (note && (st.interactive || st.runLine?.interactive)) err(sh, `${note}\n`);
    else if (note && st.flavour === 'bash' && sig !== 13) {
      // A non-interactive bash reports a foreground job killed by a signal with its line, PID and command.
      // ("bash: PID Killed ... cmd" for -c, "script: line N: PID Killed ... cmd" for a script file).
      err(sh, `${prefix(st)}${String(nsPid(sh, lastPid)).padStart(5)} ${note.padEnd(24)}${fr.cmd}\n`);
    }
  }
  if (fr.bang) status = status === 0 ? 1 : 0;
  st.last = status;
  return null;
}

/** A child exited while the shell was not waiting for it (SIGCHLD). */
export function jobChildExited(sh: Sh, pid: number, status: number): void {
  const st = sh.st;
  noteSignalled(sh, pid);
  const job = st.jobs.find((j) => j.pids.includes(pid));
  if (!job) {
    st.childStatus[pid] = status;
    return;
  }
  job.done[pid] = status;
  if (job.pids.every((p) => job.done[p] !== undefined)) {
    job.state = 'Done';
    if (st.interactive && !job.notified) {
      job.notified = true;
      const last = job.done[job.pids[job.pids.length - 1] as number] ?? 0;
      const word = last === 0 ? 'Done' : last > 128 ? (signalNotice(last - 128) ?? `Exit ${last}`) : `Exit ${last}`;
      st.notices.push(`[${job.id}]+  ${word.padEnd(24)}${job.cmd}\n`);
    }
    if (st.interactive) {
      st.jobs = st.jobs.filter((j) => j !== job);
      // POSIX wait: a known process that already terminated gives its status; bash keeps $!'s (bgp_add).
      const lastPid = job.pids[job.pids.length - 1] as number;
      if (lastPid === st.lastBg) st.childStatus[lastPid] = job.done[lastPid] ?? 0;
    }
  }
}

/** Record a child's status delivered by a wake-up, in its job or the pending map. */
export function recordChild(sh: Sh, pid: number, status: number): void {
  const st = sh.st;
  const waiting = st.stack.some((f) => (f.f === 'wait' && f.pids.includes(pid)) || (f.f === 'subst' && f.pid === pid));
  if (waiting) {
    st.childStatus[pid] = status;
    const job = st.jobs.find((j) => j.pids.includes(pid));
    if (job) job.done[pid] = status;
    return;
  }
  jobChildExited(sh, pid, status);
}

