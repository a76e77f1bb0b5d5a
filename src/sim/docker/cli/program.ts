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

import type { Ctx, FdTable, Outcome, ProgramDef } from '../../userland/types.ts';
import type { Userland } from '../../userland/userland.ts';
import type { ApiRequest, ApiResponse } from '../../engine/api/types.ts';
import type { CliIo, CliSystem, CmdResult, Continuation } from './context.ts';
import { runCli, resumeCli, clientFor } from './main.ts';
import { absPath, fsMkdir, fsRead, fsReaddirTyped, fsStat, fsWrite, fsGetcwd } from '../../userland/fsapi.ts';
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

export function ctxIo(ctx: Ctx): CliIo {
  const inTty = ttyName(ctx, 0);
  const ul = userland(ctx);
  return {
    out: (s) => void ctx.stdout.write(s),
    err: (s) => void ctx.stderr.write(s),
    readIn: () => ctx.readFd(0),
    stdinTty: ctx.stdin.isatty,
    stdoutTty: ctx.stdout.isatty,
    termCols: inTty && typeof ul.tty === 'function' ? ul.tty(inTty).cols : null,
  };
}

export function ctxSystem(ctx: Ctx): CliSystem {
  const k = ctx.k;
  const pid = ctx.pid;
  const ul = userland(ctx);
  const outTty = ttyName(ctx, 1);
  const abs = (p: string) => absPath(k, pid, p);
  const pipeFds = (id: number, side: 'r' | 'w'): FdTable => (side === 'r' ? { 0: { k: 'pipe', id } } : { 1: { k: 'pipe', id } });
  return {
    env: ctx.env,
    cwd: fsGetcwd(k, pid),
    nowMs: () => k.nowMs,
    termSize: outTty && typeof ul.tty === 'function' ? { rows: ul.tty(outTty).rows, cols: ul.tty(outTty).cols } : null,
    connect(path) {
      const st = fsStat(k, pid, abs(path));
      if (isErr(st)) return null;
      const server = k.ports.unix[abs(path)];
      if (!server) return null;
      return (req: ApiRequest) => server.request(req, pid) as ApiResponse;
    },
    readFile(path) {
      const r = fsRead(k, pid, abs(path));
      if (isErr(r)) return { error: goOpenError(path, r.errno) };
      return { data: r };
    },
    writeFile(path, data, mode = 0o600) {
      const full = abs(path);
      const dir = full.slice(0, full.lastIndexOf('/')) || '/';
      if (isErr(fsStat(k, pid, dir))) fsMkdir(k, pid, dir, 0o700);
      const r = fsWrite(k, pid, full, data, { create: true, mode });
      return isErr(r) ? { error: goOpenError(path, r.errno) } : null;
    },
    isDir(path) {
      const st = fsStat(k, pid, abs(path));
      return !isErr(st) && st.type === 'dir';
    },
    mkdirAll(path) {
      let cur = '';
      for (const part of abs(path).split('/').filter(Boolean)) {
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
    },
    readTree(path) {
      const root = abs(path).replace(/\/+$/, '') || '/';
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
    },
    pipes: {
      read: (id) => ul.read(pid, pipeFds(id, 'r'), 0),
      write: (id, data) => ul.write(pid, pipeFds(id, 'w'), 1, data),
      release: (id, side) => ul.pipeRef(id, side, -1),
    },
    ttyInput: (tty, data, eof) => ul.ttyInput(tty, data, eof),
    ttySignal: (tty, sig) => ul.ttySignal(tty, sig),
    setRawMode(on) {
      const t = ttyName(ctx, 0);
      if (t && typeof ul.tty === 'function') ul.tty(t).raw = on;
    },
  };
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
