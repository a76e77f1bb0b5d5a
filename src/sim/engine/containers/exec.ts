/**
 * docker exec (moby daemon/exec.go ContainerExecCreate, ContainerExecStart,
 * ContainerExecInspect): an exec instance is created for a running, unpaused
 * container; starting it runs `runc exec` from the container's shim (setns into
 * every namespace of the init, its cgroup and capabilities; --privileged: all
 * of them; -u, -w, -e) and hands the client its streams; the process's exit
 * sets ExitCode. A command that cannot be found makes ExitCode 127 (126 for
 * permission denied) and the error text is written to the client's stderr, as
 * the real daemon writes it into the hijacked stream. Without -t the
 * process's stdout and stderr reach the client in the order written (one
 * multiplexed stream when the client asks with mux=1).
 * SIMPLIFICATIONS: no detach keys; resize only records the size on the pts.
 */

import type { Engine } from '../engine.ts';
import type { ApiResponse } from '../api/types.ts';
import { apiError, apiJson } from '../api/types.ts';
import type { ContainerRecord, ExecRecord } from './types.ts';
import { onExecEnded } from './health.ts';
import type { FdTable } from '../../userland/types.ts';
import { hex } from '../../host/rng.ts';
import { fullCapSets } from '../../kernel/caps/caps.ts';
import { capSetsForContainer } from '../../kernel/caps/container.ts';
import { eventAttrs, withContainer } from './lookup.ts';
import { recordEvent } from '../system/events-log.ts';
import { runcExec } from '../runtime/runc-exec.ts';
import { allocPty } from '../runtime/stdio.ts';
import { noNewPrivileges, processEnv } from '../runtime/spec.ts';
import { runtimeOf } from './runtime-ctx.ts';
import { frame, pushSome, takeInterleaved } from './mux.ts';

type Obj = Record<string, unknown>;

function strs(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** POST /containers/{id}/exec */
export function execCreateRoute(engine: Engine, idOrName: string, body: unknown): ApiResponse {
  return withContainer(engine, idOrName, (c) => {
    const v = c.rt.lifecycle.value;
    if (v === 'paused') return apiError(409, `Container ${idOrName} is paused, unpause the container before exec`);
    if (v === 'restarting') return apiError(409, `Container ${c.Id} is restarting, wait until the container is running`);
    if (v !== 'running') return apiError(409, `container ${c.Id} is not running`);
    const b = (typeof body === 'object' && body !== null ? body : {}) as Obj;
    const cmd = strs(b.Cmd);
    if (cmd.length === 0) return apiError(400, 'No exec command specified');
    const id = hex(engine.k.state.rng, 64);
    const x: ExecRecord = {
      ID: id,
      Running: false,
      ExitCode: null,
      ProcessConfig: { tty: b.Tty === true, entrypoint: cmd[0] as string, arguments: cmd.slice(1), privileged: b.Privileged === true, ...(typeof b.User === 'string' && b.User ? { user: b.User } : {}) },
      OpenStdin: b.AttachStdin === true,
      OpenStderr: b.AttachStderr === true,
      OpenStdout: b.AttachStdout === true,
      CanRemove: false,
      ContainerID: c.Id,
      DetachKeys: typeof b.DetachKeys === 'string' ? b.DetachKeys : '',
      Pid: 0,
      rt: { env: strs(b.Env), workingDir: typeof b.WorkingDir === 'string' ? b.WorkingDir : '', pid: null, tty: null, out: null, err: null, stdin: null, done: null, started: false },
    };
    engine.emit({ type: 'container.execCreated', exec: x });
    recordEvent(engine, 'container', `exec_create: ${cmd.join(' ')}`, c.Id, eventAttrs(c, { execID: id }));
    return apiJson(201, { Id: id });
  });
}

function clientPipe(engine: Engine, writers: number): number {
  const id = engine.ul.newPipe('', writers);
  engine.ul.pipeRef(id, 'r', 1);
  return id;
}

export interface ExecIo {
  fds: FdTable;
  tty: string | null;
  out: number | null;
  err: number | null;
  stdin: number | null;
  done: number | null;
  outCap: number | null;
  errCap: number | null;
  mixCap: number | null;
  mux: boolean;
}

/**
 * The exec's stdio: a pts with -t; else output buffers the daemon copies to
 * the client's pipes in write order (one multiplexed pipe with mux); /dev/null
 * when detached.
 */
function execFds(engine: Engine, x: ExecRecord, detach: boolean, mux: boolean): ExecIo {
  const none = { outCap: null, errCap: null, mixCap: null, mux: false };
  if (detach) return { fds: { 0: { k: 'null' }, 1: { k: 'null' }, 2: { k: 'null' } }, tty: null, out: null, err: null, stdin: null, done: null, ...none };
  const done = clientPipe(engine, 0);
  if (x.ProcessConfig.tty) {
    const tty = allocPty(engine.ul);
    const f = { k: 'tty' as const, tty };
    // What the process writes on its terminal is copied to an output pipe the daemon holds until the exec ends.
    const out = clientPipe(engine, 1);
    return { fds: { 0: f, 1: { ...f }, 2: { ...f }, 3: { k: 'pipe', id: done } }, tty, out, err: null, stdin: null, done, ...none };
  }
  // The daemon holds the write ends of the client's pipes until the exec's output ends.
  const out = clientPipe(engine, 1);
  const err = mux ? null : clientPipe(engine, 1);
  const outCap = engine.ul.newCapture();
  const errCap = engine.ul.newCapture();
  const mixCap = engine.ul.newCapture();
  // The client holds the write end of stdin; without -i the process reads /dev/null.
  const stdin = x.OpenStdin ? engine.ul.newPipe('', 1) : null;
  return {
    fds: { 0: stdin === null ? { k: 'null' } : { k: 'pipe', id: stdin }, 1: { k: 'cap', id: outCap, also: mixCap }, 2: { k: 'cap', id: errCap, also: mixCap }, 3: { k: 'pipe', id: done } },
    tty: null,
    out,
    err,
    stdin,
    done,
    outCap,
    errCap,
    mixCap,
    mux,
  };
}

/**
 * Copy what a non-TTY exec wrote to its client, in write order (stdcopy
 * frames on one pipe with mux), holding back what does not fit in the pipe
 * until the client has read; once every holder of the exec's stdio is gone
 * (its `done` pipe has no writer) and all was delivered, close the client's
 * pipes and free the buffers.
 */
export function drainExec(engine: Engine, execId: string): void {
  const x = engine.state.containers.execs[execId];
  const r = x?.rt;
  if (!x || !r || r.outCap == null || r.errCap == null || r.out === null) return;
  const ul = engine.ul;
  let out = r.pendingOut ?? '';
  let err = r.pendingErr ?? '';
  // The daemon's copy reads the next chunk once the client took the last (io.Copy): while output is
  // held back, what the exec writes waits in its capture, which holds a bounded amount (CAPTURE_MAX).
  const held = out !== '' || err !== '';
  if (!held) for (const ch of takeInterleaved(ul, r.outCap, r.errCap, r.mixCap ?? null)) {
    if (r.mux) out += frame(ch.stream, ch.data);
    else if (ch.stream === 'stdout') out += ch.data;
    else err += ch.data;
  }
  out = pushSome(ul, r.out, out);
  err = pushSome(ul, r.err, err);
  if (out !== (r.pendingOut ?? '') || err !== (r.pendingErr ?? '')) engine.emit({ type: 'container.execChanged', id: execId, patch: { rt: { pendingOut: out, pendingErr: err } } });
  const done = r.done === null ? undefined : ul.state.pipes[r.done];
  if ((done && done.w > 0) || out !== '' || err !== '') return;
  if (held && (ul.state.caps[r.outCap] || ul.state.caps[r.errCap])) return; // still to be copied
  ul.pipeRef(r.out, 'w', -1);
  if (r.err !== null) ul.pipeRef(r.err, 'w', -1);
  for (const cap of [r.outCap, r.errCap, r.mixCap]) if (cap != null) ul.takeCapture(cap);
  engine.emit({ type: 'container.execChanged', id: execId, patch: { rt: { outCap: null, errCap: null, mixCap: null } } });
}

/** Drain every exec whose output is still being copied (ticks, ends of requests). */
export function drainExecs(engine: Engine): void {
  const execs = engine.state.containers.execs;
  for (const id in execs) if (execs[id]?.rt.outCap != null) drainExec(engine, id);
}

function exitCodeFor(msg: string): number {
  const m = msg.toLowerCase();
  if (m.includes('executable file not found') || m.includes('no such file or directory')) return 127;
  if (m.includes('permission denied')) return 126;
  return 126;
}

/** POST /exec/{id}/start */
export function execStartRoute(engine: Engine, execId: string, body: unknown, mux = false): ApiResponse {
  const x = engine.state.containers.execs[execId];
  if (!x) return apiError(404, `No such exec instance: ${execId}`);
  if (x.Running) return apiError(409, `Error: Exec command ${execId} is already running`);
  if (x.rt.started) return apiError(409, `Error: Exec command ${execId} has already run`);
  const c = engine.state.containers.byId[x.ContainerID];
  const t = c?.rt.task;
  if (!c || !t || c.rt.lifecycle.value !== 'running') return apiError(409, `container ${x.ContainerID} is not running`);
  const b = (typeof body === 'object' && body !== null ? body : {}) as Obj;
  const detach = b.Detach === true;
  const io = execFds(engine, x, detach, mux);
  engine.emit({
    type: 'container.execChanged',
    id: execId,
    patch: { rt: { started: true, tty: io.tty, out: io.out, err: io.err, stdin: io.stdin, done: io.done, outCap: io.outCap, errCap: io.errCap, mixCap: io.mixCap, mux: io.mux } },
  });
  const hijack: ApiResponse = detach
    ? { status: 200, headers: {} }
    : { status: 101, headers: { Connection: 'Upgrade', Upgrade: 'tcp' }, hijack: { kind: 'exec', execId }, body: { stdout: io.out, stderr: io.err, stdin: io.stdin, tty: io.tty, done: io.done, ...(io.mux ? { mux: true } : {}) } };
  const r = launchExec(engine, execId, io);
  if (r) return apiError(500, r);
  return hijack;
}

/**
 * Run a created exec with the given stdio: runc exec in the container (its
 * capabilities, user, environment), the exec_start event, the program. A
 * process that cannot start ends the exec at once with 126/127 and runc's
 * error on its stderr. Returns an error text only for a broken spec.
 */
export function launchExec(engine: Engine, execId: string, io: ExecIo): string | null {
  const x = engine.state.containers.execs[execId] as ExecRecord;
  const c = engine.state.containers.byId[x.ContainerID] as ContainerRecord;
  const t = c.rt.task as NonNullable<ContainerRecord['rt']['task']>;
  const caps = x.ProcessConfig.privileged || c.HostConfig.Privileged ? fullCapSets() : capSetsForContainer({ capAdd: c.HostConfig.CapAdd ?? [], capDrop: c.HostConfig.CapDrop ?? [] });
  if (typeof caps === 'string') return caps;
  const env = processEnv(Object.assign({}, c, { Config: Object.assign({}, c.Config, { Tty: x.ProcessConfig.tty, Env: [...c.Config.Env, ...x.rt.env] }) }));
  const args = [x.ProcessConfig.entrypoint, ...x.ProcessConfig.arguments];
  const r = runcExec(engine.k, engine.ul, {
    id: c.Id,
    shimPid: t.shimPid,
    initPid: t.initPid,
    cgroup: c.rt.cgroup,
    args,
    env,
    user: x.ProcessConfig.user ?? c.Config.User,
    cwd: x.rt.workingDir || c.Config.WorkingDir || '/',
    caps,
    noNewPrivs: noNewPrivileges(c),
    fds: io.fds,
    tty: io.tty,
  });
  recordEvent(engine, 'container', `exec_start: ${args.join(' ')}`, c.Id, eventAttrs(c, { execID: execId }));
  if (io.tty && io.out !== null) listenExecTty(engine, execId, io.tty, io.out);
  if ('error' in r) {
    const code = exitCodeFor(r.error);
    const text = `OCI runtime exec failed: exec failed: unable to start container process: ${r.error}: unknown\n`;
    if (io.fds[2]?.k === 'cap') engine.ul.write(0, io.fds, 2, text);
    else if (io.tty) engine.ul.ttyWrite(io.tty, text);
    if (io.tty) endExecTty(engine, execId);
    engine.emit({ type: 'container.execChanged', id: execId, patch: { Running: false, ExitCode: code } });
    recordEvent(engine, 'container', 'exec_die', c.Id, eventAttrs(c, { execID: execId, exitCode: String(code) }));
    drainExec(engine, execId);
    onExecEnded(engine, execId);
    return null;
  }
  engine.emit({ type: 'container.execChanged', id: execId, patch: { Running: true, Pid: r.pid, rt: { pid: r.pid } } });
  const e = engine.ul.execInPlace(r.pid, r.path, args, r.env);
  if (e) engine.ul.write(r.pid, io.fds, 2, e.error);
  engine.ul.drain();
  return null;
}

/** Copy a -t exec's terminal output to its client's pipe. */
function listenExecTty(engine: Engine, execId: string, tty: string, out: number): void {
  const rt = runtimeOf(engine);
  rt.ttyListeners[`exec:${execId}`]?.();
  const off = engine.ul.onTtyOutput(tty, (s) => engine.ul.write(0, { 1: { k: 'pipe', id: out } }, 1, s));
  rt.ttyListeners[`exec:${execId}`] = () => {
    off();
    engine.ul.pipeRef(out, 'w', -1);
  };
}

/** A -t exec ended: stop copying its terminal and close the client's output pipe. */
export function endExecTty(engine: Engine, execId: string): void {
  const rt = runtimeOf(engine);
  rt.ttyListeners[`exec:${execId}`]?.();
  delete rt.ttyListeners[`exec:${execId}`];
}

/** GET /exec/{id}/json */
export function execInspectRoute(engine: Engine, execId: string): ApiResponse {
  const x = engine.state.containers.execs[execId];
  if (!x) return apiError(404, `No such exec instance: ${execId}`);
  const { rt: _rt, ...view } = x;
  return apiJson(200, Object.assign({}, view, { ProcessConfig: Object.assign({}, x.ProcessConfig, { arguments: [...x.ProcessConfig.arguments] }) }));
}

/** POST /exec/{id}/resize?h=&w= */
export function execResizeRoute(engine: Engine, execId: string, query: Record<string, string | string[]>): ApiResponse {
  const x = engine.state.containers.execs[execId];
  if (!x) return apiError(404, `No such exec instance: ${execId}`);
  if (x.rt.tty) {
    const t = engine.ul.tty(x.rt.tty);
    const h = Number(query.h);
    const w = Number(query.w);
    if (h > 0) t.rows = h;
    if (w > 0) t.cols = w;
  }
  return { status: 200, headers: {} };
}

/** The streams of a started exec, for the client that hijacked POST /exec/{id}/start. */
export function execStreams(engine: Engine, execId: string): { tty: string | null; stdout: number | null; stderr: number | null; stdin: number | null; done: number | null } | null {
  const x = engine.state.containers.execs[execId];
  if (!x) return null;
  return { tty: x.rt.tty, stdout: x.rt.out, stderr: x.rt.err, stdin: x.rt.stdin, done: x.rt.done };
}
