/**
 * The `docker` executable: the CLI as a process on the simulated host. It
 * reaches dockerd through the unix socket /var/run/docker.sock (or
 * DOCKER_HOST=unix://PATH): the socket file must exist in the caller's mount
 * namespace and a server must be registered on k.ports.unix for it. Waiting
 * commands keep their continuation in the process's plain state and resume on
 * timers; caught SIGINT/SIGTERM are forwarded to an attached container
 * (--sig-proxy) or end the CLI with 128+signal.
 * SIMPLIFICATIONS: the socket path is looked up by its name as the caller
 * gives it (no resolution across mount namespaces); pipes handed over by the
 * daemon are read through the userland directly, not through fds.
 */

import type { Ctx, Outcome, ProgramDef } from '../../userland/types.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import type { Userland } from '../../userland/userland.ts';
import type { ApiRequest, ApiResponse } from '../../engine/api/types.ts';
import type { CliIo, CliSystem, CmdResult, Continuation, PipePort, Transport } from './context.ts';
import { runCli, resumeCli, clientFor } from './main.ts';
import { absPath, fsMkdir, fsRead, fsReaddirTyped, fsStat, fsStatMode, fsWrite, fsGetcwd } from '../../userland/fsapi.ts';
import { isErr } from '../../kernel/errno.ts';
import { signalName } from '../../kernel/signals.ts';
import { ON_SIGNAL } from './resume.ts';

export interface DockerState {
  cont: Continuation | null;
}

/** The userland behind ctx.ul (pipes and terminals by name). */
function userland(ctx: Ctx): Userland {
  return ctx.ul as unknown as Userland;
}

function ttyName(ctx: Ctx, fd: number): string | null {
  const f = ctx.fds[fd];
  return f && f.k === 'tty' ? f.tty : null;
}

function goOpenError(path: string, errno: string): string {
  const text: Record<string, string> = { ENOENT: 'no such file or directory', EACCES: 'permission denied', EISDIR: 'is a directory', ENOTDIR: 'not a directory' };
  return `open ${path}: ${text[errno] ?? errno.toLowerCase()}`;
}

/** The CLI's streams: the process's fds 0-2 (stdin's terminal width for help text). */
class ProcIo implements CliIo {
  readonly stdinTty: boolean;
  readonly stdoutTty: boolean;
  readonly termCols: number | null;

  constructor(private readonly ctx: Ctx) {
    const inTty = ttyName(ctx, 0);
    this.stdinTty = inTty !== null;
    this.stdoutTty = ttyName(ctx, 1) !== null;
    const ul = userland(ctx);
    this.termCols = inTty && typeof ul.tty === 'function' ? ul.tty(inTty).cols : null;
  }

  out(s: string): void {
    this.ctx.stdout.write(s);
  }

  err(s: string): void {
    this.ctx.stderr.write(s);
  }

  readIn(): { data: string; eof: boolean } {
    return this.ctx.readFd(0);
  }
}

export function ctxIo(ctx: Ctx): CliIo {
  return new ProcIo(ctx);
}

/** The client's end of pipes the daemon handed over, read and written as the CLI process. */
class ProcPipes implements PipePort {
  constructor(
    private readonly ul: Userland,
    private readonly pid: number,
  ) {}

  read(id: number): { data: string; eof: boolean } {
    return this.ul.read(this.pid, { 0: { k: 'pipe', id } }, 0);
  }

  write(id: number, data: string): boolean {
    return this.ul.write(this.pid, { 1: { k: 'pipe', id } }, 1, data);
  }

  release(id: number, side: 'r' | 'w'): void {
    this.ul.pipeRef(id, side, -1);
  }
}

/** The machine as the CLI process sees it: its environment, working directory, files and sockets. */
class ProcSystem implements CliSystem {
  readonly env: Record<string, string>;
  readonly termSize: { rows: number; cols: number } | null;
  private readonly k: Kernel;
  private readonly pid: number;
  private readonly ul: Userland;
  private dir: string | null = null;
  private pipePort: ProcPipes | null = null;

  constructor(private readonly ctx: Ctx) {
    this.k = ctx.k;
    this.pid = ctx.pid;
    this.ul = userland(ctx);
    this.env = ctx.env;
    const outTty = ttyName(ctx, 1);
    const t = outTty && typeof this.ul.tty === 'function' ? this.ul.tty(outTty) : null;
    this.termSize = t ? { rows: t.rows, cols: t.cols } : null;
  }

  private abs(p: string): string {
    return absPath(this.k, this.pid, p);
  }

  get cwd(): string {
    return (this.dir ??= fsGetcwd(this.k, this.pid));
  }


  get pipes(): PipePort {
    return (this.pipePort ??= new ProcPipes(this.ul, this.pid));
  }

  nowMs(): number {
    return this.k.nowMs;
  }

  connect(path: string): Transport | null {
    const k = this.k;
    const pid = this.pid;
    const full = this.abs(path);
    if (isErr(fsStatMode(k, pid, full))) return null;
    const server = k.ports.unix[full];
    if (!server) return null;
    return (req: ApiRequest) => server.request(req, pid) as ApiResponse;
  }

  readFile(path: string): { data: string } | { error: string } {
    const r = fsRead(this.k, this.pid, this.abs(path));
    if (isErr(r)) return { error: goOpenError(path, r.errno) };
    return { data: r };
  }

  writeFile(path: string, data: string, mode = 0o600): { error: string } | null {
    const k = this.k;
    const pid = this.pid;
    const full = this.abs(path);
    const dir = full.slice(0, full.lastIndexOf('/')) || '/';
    if (isErr(fsStat(k, pid, dir))) fsMkdir(k, pid, dir, 0o700);
    const r = fsWrite(k, pid, full, data, { create: true, mode });
    return isErr(r) ? { error: goOpenError(path, r.errno) } : null;
  }

  isDir(path: string): boolean {
    const st = fsStat(this.k, this.pid, this.abs(path));
    return !isErr(st) && st.type === 'dir';
  }

  mkdirAll(path: string): { error: string } | null {
    const k = this.k;
    const pid = this.pid;
    let cur = '';
    for (const part of this.abs(path).split('/').filter(Boolean)) {
      cur += `/${part}`;
      const st = fsStat(k, pid, cur);
      if (!isErr(st)) {
        if (st.type !== 'dir') return { error: `mkdir ${path}: not a directory` };
        continue;
      }
      const r = fsMkdir(k, pid, cur, 0o755);
      if (isErr(r)) return { error: `mkdir ${path}: ${goOpenError(path, r.errno).replace(/^open [^:]*: /, '')}` };
    }
    return null;
  }

  readTree(path: string): { files: Record<string, string> } | { error: string } {
    const k = this.k;
    const pid = this.pid;
    const root = this.abs(path).replace(/\/+$/, '') || '/';
    const st = fsStat(k, pid, root);
    if (isErr(st) || st.type !== 'dir') return { error: `path "${path}" not found` };
    const files: Record<string, string> = {};
    const walk = (dir: string, rel: string) => {
      const ents = fsReaddirTyped(k, pid, dir);
      if (isErr(ents)) return;
      for (const e of ents) {
        const full = `${dir === '/' ? '' : dir}/${e.name}`;
        const r = rel ? `${rel}/${e.name}` : e.name;
        if (e.type === 'dir') walk(full, r);
        else {
          const d = fsRead(k, pid, full);
          if (!isErr(d)) files[r] = d;
        }
      }
    };
    walk(root, '');
    return { files };
  }

  ttyInput(tty: string, data: string, eof?: boolean): void {
    this.ul.ttyInput(tty, data, eof);
  }

  ttySignal(tty: string, sig: number): void {
    this.ul.ttySignal(tty, sig);
  }

  setRawMode(on: boolean): void {
    const t = ttyName(this.ctx, 0);
    if (t && typeof this.ul.tty === 'function') this.ul.tty(t).raw = on;
  }
}

export function ctxSystem(ctx: Ctx): CliSystem {
  return new ProcSystem(ctx);
}

function outcome(ctx: Ctx<DockerState>, r: CmdResult): Outcome {
  if (typeof r === 'number') {
    ctx.state = { cont: null };
    return { exit: r };
  }
  ctx.state = { cont: r.pending };
  const w = r.wait;
  if (w.kind === 'poll') return { block: 'timer', untilMs: ctx.k.uptimeMs + Math.max(1, w.ms), periodic: w.periodic };
  if (w.kind === 'yield') return { block: 'timer', untilMs: ctx.k.uptimeMs };
  if (w.kind === 'input') return { block: 'input' };
  return { block: 'forever' };
}

function resume(ctx: Ctx<DockerState>, why: 'timer' | 'input'): Outcome {
  const cont = ctx.state?.cont;
  if (!cont) return { exit: 0 };
  return outcome(ctx, resumeCli(cont, why, ctxIo(ctx), ctxSystem(ctx)));
}

export const dockerProgram: ProgramDef<DockerState> = {
  id: 'docker',
  catches: [1, 2, 15],
  main(ctx) {
    ctx.state = { cont: null };
    return outcome(ctx, runCli(ctx.argv.slice(1), ctxIo(ctx), ctxSystem(ctx)));
  },
  resume: (ctx) => resume(ctx, 'timer'),
  onInput: (ctx) => resume(ctx, 'input'),
  onSignal(ctx, sig) {
    const cont = ctx.state?.cont;
    const handler = cont ? ON_SIGNAL[cont.k] : undefined;
    if (cont && handler && sig !== 1) {
      const host = typeof cont.host === 'string' ? cont.host : 'unix:///var/run/docker.sock';
      const sys = ctxSystem(ctx);
      const r = handler({ io: ctxIo(ctx), sys, api: clientFor(sys, host, true) }, cont, signalName(sig) ?? String(sig));
      if (r === null) return null;
      return outcome(ctx, r);
    }
    return { exit: 128 + sig };
  },
};
