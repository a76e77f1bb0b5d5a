/**
 * The runtime's scheduler: calling a program's handlers (main, resume,
 * onInput, onSignal, onChildExit) and applying what they answer (exit, exec,
 * block on a timer, input, a child or forever), with wake-ups queued while a
 * handler runs.
 *
 * Models: a process sleeping in nanosleep/read/wait4/pause and being woken
 * by a timer, data, a child's exit or a caught signal.
 * SIMPLIFICATIONS: see userland.ts.
 */

import type { Process } from '../kernel/process/types.ts';
import type { Ctx, Outcome, UserlandApi, ProcWrap, ProgramDef, WakeReason } from './types.ts';
import { kExit, kKill, kSetCpuDemand, kSetWait, kSleepUntil } from './kapi.ts';
import { own } from './own.ts';
import { HandlerCtx } from './ctx.ts';
import { UserlandIo } from './io.ts';
import { statusOf, waitKey, wrapOf, type Job } from './ul-state.ts';


/** The fds a process blocked on input waits for when it names none: stdin. */
const STDIN_ONLY: readonly number[] = Object.freeze([0]);

/** How deep wake-ups may nest inside running handlers (program → dockerd → container ...). */
const MAX_NESTED_DEPTH = 8;
export abstract class UserlandRuntime extends UserlandIo {
  abstract reapChild(parentPid: number, childPid: number): number | null;
  abstract execInPlace(pid: number, path: string, argv: string[], env: Record<string, string>): { error: string; status: number } | null;

  // ---- handlers --------------------------------------------------------

  protected def(name: string): ProgramDef<unknown> | undefined {
    return own(this.registry, name) as ProgramDef<unknown> | undefined;
  }

  /**
   * The handler works on a copy of the program's state (the kernel's copy changes only by event),
   * made when it first reads it (the program's copyState, else cloneShared: a program's state may
   * hold one object in two places; frozen parts are shared).
   */
  protected makeCtx(p: Process, w: ProcWrap, def: ProgramDef<unknown>): HandlerCtx {
    return new HandlerCtx(this.k, this as unknown as UserlandApi, p, w, def);
  }

  /** Run one handler of a process's program and apply what it answers. */
  protected invoke(pid: number, call: (def: ProgramDef<unknown>, ctx: Ctx) => Outcome | null | void): void {
    const p = this.k.proc(pid);
    if (!p || p.state === 'Z') return;
    const def = this.def(p.program.name);
    if (!def) return;
    const w = wrapOf(p);
    const ctx = this.makeCtx(p, w, def);
    let out: Outcome | null | void;
    this.depth++;
    this.active.push(pid);
    try {
      out = call(def, ctx);
    } catch (error) {
      this.crashes.push({ pid, program: def.id, error });
      ctx.writeFd(2, `${p.comm}: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
      out = { exit: 70 };
    } finally {
      this.depth--;
      this.active.pop();
    }
    const now = this.k.proc(pid);
    if (now && now.state !== 'Z' && now.program.name === p.program.name && ctx.dirty && !ctx.execed) {
      const cur = wrapOf(now);
      this.k.emit({ type: 'process.programStateChanged', pid, state: { fds: cur.fds, fl: cur.fl, s: ctx.state } });
    }
    if (out) this.apply(pid, out, ctx.broken);
    this.drain();
  }

  protected apply(pid: number, out: Outcome, broken: boolean): void {
    const p = this.k.proc(pid);
    if (!p || p.state === 'Z') return;
    if (broken && !('exec' in out)) {
      kKill(this.k, 0, pid, 13);
      return;
    }
    if (this.state.writing?.[pid] !== undefined) {
      // Blocked in write(2) on a full pipe (io.ts): what the handler answered waits until the reader took it.
      (this.state.deferred ??= {})[pid] = out;
      if (p.cpuDemand !== 0) kSetCpuDemand(this.k, pid, 0);
      delete this.state.periodic[pid];
      kSetWait(this.k, pid, { kind: 'forever' });
      return;
    }
    if ('exit' in out) {
      kExit(this.k, pid, out.exit & 255);
      return;
    }
    if ('exec' in out) {
      const r = this.execInPlace(pid, out.exec.path, out.exec.argv, out.exec.env ?? p.env);
      if (r) {
        this.write(pid, wrapOf(p).fds, 2, r.error);
        kExit(this.k, pid, r.status);
      }
      return;
    }
    // A busy loop wants a core; a process that blocks wants none (sched(7): runnable vs sleeping).
    const spinning = 'block' in out && (out.block === 'busy' || (out.block === 'timer' && out.busy === true));
    const demand = spinning ? Math.max(1, p.cpuDemand) : 0;
    if (p.cpuDemand !== demand) kSetCpuDemand(this.k, pid, demand);
    if (this.state.polling?.[pid]) delete this.state.polling[pid];
    switch (out.block) {
      case 'busy':
        delete this.state.periodic[pid];
        kSetWait(this.k, pid, { kind: 'none' });
        return;
      case 'timer':
        if (out.periodic) this.state.periodic[pid] = true;
        else delete this.state.periodic[pid];
        kSleepUntil(this.k, pid, out.untilMs, out.busy === true);
        return;
      case 'forever':
        kSetWait(this.k, pid, { kind: 'forever' });
        return;
      case 'input': {
        kSetWait(this.k, pid, { kind: 'input' });
        const fds = wrapOf(p).fds;
        const which = out.fds && out.fds.length ? out.fds : STDIN_ONLY;
        if (which.length > 1 || which[0] !== 0) (this.state.polling ??= {})[pid] = [...which];
        const keys: Array<string | null> = [];
        for (const n of which) keys.push(waitKey(fds[n]));
        for (let i = 0; i < keys.length; i++) {
          if (keys[i] === null || this.readable(fds, which[i])) {
            this.queue.push({ pid, why: { kind: 'input' } });
            return;
          }
        }
        for (let i = 0; i < keys.length; i++) {
          const key = keys[i] as string;
          if (keys.indexOf(key) !== i) continue;
          const list = (this.state.waiters[key] ??= []);
          if (!list.includes(pid)) list.push(pid);
        }
        return;
      }
      case 'child': {
        kSetWait(this.k, pid, { kind: 'child', pid: out.pid });
        const z = this.zombieChild(p, out.pid);
        if (z !== null) this.queue.push({ pid, why: { kind: 'child', pid: z, status: 0 } });
        return;
      }
    }
  }

  protected zombieChild(p: Process, want: number): number | null {
    for (const c of p.children) {
      if (want !== -1 && c !== want) continue;
      if (this.k.proc(c)?.state === 'Z') return c;
    }
    return null;
  }

  /** Run queued wake-ups, unless a handler is still on the stack. */
  drain(): void {
    if (this.depth > 0) {
      this.drainOthers();
      return;
    }
    for (let guard = 0; this.queue.length && guard < 1_000_000; guard++) {
      const job = this.queue.shift() as Job;
      this.dispatch(job);
    }
  }

  /**
   * While some handlers are running (one program called into another, as the
   * docker CLI calls dockerd, which signals a container), run the queued wake-ups
   * of the processes that are not inside a handler, so a container's SIGTERM
   * handler runs before `docker stop` decides whether to SIGKILL. Wake-ups of
   * processes on the handler stack wait until they return.
   */
  private drainOthers(): void {
    if (this.depth > MAX_NESTED_DEPTH) return;
    const kept: Job[] = [];
    for (let guard = 0; this.queue.length && guard < 100_000; guard++) {
      const job = this.queue.shift() as Job;
      if (this.active.includes(job.pid)) kept.push(job);
      else this.dispatch(job);
    }
    this.queue.unshift(...kept);
  }

  protected dispatch(job: Job): void {
    const p = this.k.proc(job.pid);
    if (!p || p.state === 'Z') return;
    const why = job.why;
    if (why.kind === 'written') {
      const out = this.state.deferred?.[job.pid];
      if (!out || this.state.writing?.[job.pid] !== undefined) return;
      delete (this.state.deferred as Record<number, Outcome>)[job.pid];
      if (p.wait.kind === 'forever') kSetWait(this.k, job.pid, { kind: 'none' });
      // Its writes were read, but the reader has gone since: a program that goes on writing by itself
      // (it answered a timer: yes, a loop) meets EPIPE at once and dies of SIGPIPE.
      const pipe = this.state.pipes[why.pipe];
      const gone = !pipe || pipe.r <= 0;
      this.apply(job.pid, out, gone && 'block' in out && out.block === 'timer');
      this.drain();
      return;
    }
    if (why.kind === 'childExit') {
      const signal = this.k.proc(why.pid)?.termSignal ?? null;
      const status = this.reapChild(job.pid, why.pid);
      if (status === null) return;
      this.invoke(job.pid, (d, ctx) => {
        d.onChildExit?.(ctx, why.pid, status, signal);
      });
      return;
    }
    if (why.kind === 'signal') {
      const wait = p.wait;
      this.invoke(job.pid, (d, ctx) => {
        const r = d.onSignal?.(ctx, why.sig) ?? null;
        if (r === null) return null;
        if (wait.kind !== 'none') kSetWait(this.k, job.pid, { kind: 'none' });
        return r;
      });
      return;
    }
    if (why.kind === 'input') {
      if (p.wait.kind !== 'input') return;
      const fds = wrapOf(p).fds;
      const which = this.state.polling?.[job.pid] ?? [0];
      if (!which.some((n) => this.readable(fds, n))) {
        this.apply(job.pid, { block: 'input', fds: which }, false);
        return;
      }
      kSetWait(this.k, job.pid, { kind: 'none' });
      this.invoke(job.pid, (d, ctx) => (d.onInput ? d.onInput(ctx) : d.resume ? d.resume(ctx, why) : { exit: 0 }));
      return;
    }
    if (why.kind === 'child') {
      if (p.wait.kind !== 'child') return;
      const z = this.zombieChild(p, p.wait.pid);
      if (z === null) return;
      const signal = this.k.proc(z)?.termSignal ?? null;
      const status = this.reapChild(job.pid, z) ?? 0;
      kSetWait(this.k, job.pid, { kind: 'none' });
      const w: WakeReason = { kind: 'child', pid: z, status, signal };
      this.invoke(job.pid, (d, ctx) => (d.resume ? d.resume(ctx, w) : { exit: status }));
      return;
    }
    // timer
    if (p.wait.kind !== 'timer' && p.wait.kind !== 'none') return;
    if (p.wait.kind === 'timer') kSetWait(this.k, job.pid, { kind: 'none' });
    this.invoke(job.pid, (d, ctx) => (d.resume ? d.resume(ctx, why) : { exit: 0 }));
  }

  // ---- kernel hooks ------------------------------------------------------

  /** A timer fired for p (called from the kernel's advanceTime). */
  timerFired(p: Process): void {
    this.queue.push({ pid: p.pid, why: { kind: 'timer' } });
    this.drain();
  }

  /** A caught signal was delivered to pid: run its handler. */
  signalDelivered(pid: number, sig: number): void {
    this.queue.push({ pid, why: { kind: 'signal', sig } });
    this.drain();
  }

  /** Exit statuses of recently ended processes (transient; for runLine after a shell's `exit`). */
  readonly exitStatus: Record<number, number> = {};

  /** p exited: close its pipe ends, tell its parent. */
  processExited(p: Process): void {
    delete this.state.periodic[p.pid];
    if (this.state.writing) delete this.state.writing[p.pid];
    if (this.state.deferred) delete this.state.deferred[p.pid];
    if (this.state.polling?.[p.pid]) delete this.state.polling[p.pid];
    const after = this.k.proc(p.pid);
    this.exitStatus[p.pid] = after ? statusOf(after) : 0;
    const w = wrapOf(p);
    this.refFds(w.fds, -1);
    for (const key of Object.keys(this.state.waiters)) {
      const list = this.state.waiters[key];
      if (!list) continue;
      const i = list.indexOf(p.pid);
      if (i >= 0) list.splice(i, 1);
      if (!list.length) delete this.state.waiters[key];
    }
    const parent = this.k.proc(p.ppid);
    if (!parent || parent.state === 'Z') return;
    const status = statusOf(p);
    if (parent.wait.kind === 'child' && (parent.wait.pid === -1 || parent.wait.pid === p.pid)) {
      this.queue.push({ pid: parent.pid, why: { kind: 'child', pid: p.pid, status } });
    } else {
      const def = this.def(parent.program.name);
      if (def?.onChildExit) this.queue.push({ pid: parent.pid, why: { kind: 'childExit', pid: p.pid, status } });
    }
    // No drain here: the kernel is still inside terminate(); wake-ups run once it returns.
  }
}
