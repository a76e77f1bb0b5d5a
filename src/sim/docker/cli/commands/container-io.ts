/**
 * Streams of a container (cli/command/container/logs.go, attach.go,
 * exec.go): logs (stdout to stdout, stderr to stderr unless the container has
 * a TTY; -t prefixes RFC 3339 times; -f follows), attach (refuses stopped,
 * paused and restarting containers) and exec (create, start, then the exec's
 * own exit code from GET /exec/{id}/json).
 */

import type { CommandSpec } from '../spec/types.ts';
import type { CliCtx, CmdResult } from '../context.ts';
import { fail } from './common.ts';
import { setEnv } from '../spec/values.ts';
import { flagBool, flagList, flagStr } from '../spec/parse.ts';
import { parseGoDuration } from '../util/go.ts';
import { rfc3339Nano } from '../format/display.ts';
import { logEntries, newStream, pipesOf, pumpStream, detachKeyBytes, waitAnswer } from '../stream.ts';
import { readEnvFile } from '../opts/envfile.ts';

export const logsCmd: CommandSpec = {
  name: 'logs',
  use: 'logs [OPTIONS] CONTAINER',
  short: 'Fetch the logs of a container',
  aliasesLine: 'docker container logs, docker logs',
  args: { kind: 'exact', n: 1 },
  flags: [
    { name: 'details', type: 'bool', usage: 'Show extra details provided to logs' },
    { name: 'follow', short: 'f', type: 'bool', usage: 'Follow log output' },
    { name: 'since', type: 'string', usage: 'Show logs since timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)' },
    { name: 'tail', short: 'n', type: 'string', usage: 'Number of lines to show from the end of the logs', defText: '"all"' },
    { name: 'timestamps', short: 't', type: 'bool', usage: 'Show timestamps' },
    { name: 'until', type: 'string', usage: 'Show logs before a timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)' },
  ],
  execute: executeLogs,
};

export const attachCmd: CommandSpec = {
  name: 'attach',
  use: 'attach [OPTIONS] CONTAINER',
  short: 'Attach local standard input, output, and error streams to a running container',
  aliasesLine: 'docker container attach, docker attach',
  args: { kind: 'exact', n: 1 },
  flags: [
    { name: 'detach-keys', type: 'string', usage: 'Override the key sequence for detaching a container' },
    { name: 'no-stdin', type: 'bool', usage: 'Do not attach STDIN' },
    { name: 'sig-proxy', type: 'bool', usage: 'Proxy all received signals to the process', defText: 'true' },
  ],
  execute: executeAttach,
};

export const execCmd: CommandSpec = {
  name: 'exec',
  use: 'exec [OPTIONS] CONTAINER COMMAND [ARG...]',
  short: 'Execute a command in a running container',
  aliasesLine: 'docker container exec, docker exec',
  args: { kind: 'min', n: 2 },
  interspersed: false,
  flags: [
    { name: 'detach', short: 'd', type: 'bool', usage: 'Detached mode: run command in the background' },
    { name: 'detach-keys', type: 'string', usage: 'Override the key sequence for detaching a container' },
    { name: 'env', short: 'e', type: 'list', usage: 'Set environment variables', set: setEnv },
    { name: 'env-file', type: 'list', usage: 'Read in a file of environment variables' },
    { name: 'interactive', short: 'i', type: 'bool', usage: 'Keep STDIN open even if not attached' },
    { name: 'privileged', type: 'bool', usage: 'Give extended privileges to the command' },
    { name: 'tty', short: 't', type: 'bool', usage: 'Allocate a pseudo-TTY' },
    { name: 'user', short: 'u', type: 'string', usage: 'Username or UID (format: "<name|uid>[:<group|gid>]")' },
    { name: 'workdir', short: 'w', type: 'string', usage: 'Working directory inside the container' },
  ],
  execute: executeExec,
};

/** timetypes.GetTimestamp: a duration before now ("10m"), an RFC 3339 time, or seconds as given. */
export function apiTimestamp(value: string, nowMs: number): string {
  if (value === '') return '';
  const d = parseGoDuration(value);
  if ('value' in d && /[a-zµ]$/.test(value)) return String(Math.floor((nowMs - d.value / 1e6) / 1000));
  const t = Date.parse(value);
  if (/^\d{4}-\d\d-\d\d/.test(value) && !Number.isNaN(t)) {
    const frac = /\.(\d+)/.exec(value)?.[1] ?? '';
    return `${Math.floor(t / 1000)}.${frac.padEnd(9, '0').slice(0, 9)}`;
  }
  return value;
}

function executeLogs(c: CliCtx): CmdResult {
  const f = c.flags;
  const j = c.api.get(`/containers/${encodeURIComponent(c.args[0] as string)}/json`);
  if (!j.ok) return fail(c, j.error);
  const info = j.body as { Id: string; Config?: { Tty?: boolean } };
  const tty = !!info.Config?.Tty;
  const timestamps = flagBool(f, 'timestamps');
  const now = c.sys.nowMs();
  const r = c.api.get(`/containers/${info.Id}/logs`, {
    stdout: '1',
    stderr: '1',
    since: apiTimestamp(flagStr(f, 'since'), now) || undefined,
    until: apiTimestamp(flagStr(f, 'until'), now) || undefined,
    timestamps: timestamps ? '1' : undefined,
    follow: flagBool(f, 'follow') ? '1' : undefined,
    mux: flagBool(f, 'follow') ? '1' : undefined,
    tail: flagStr(f, 'tail'),
    details: flagBool(f, 'details') ? '1' : undefined,
  });
  if (!r.ok) return fail(c, r.error);
  let last = 0;
  if (typeof r.body === 'string') c.io.out(r.body);
  else
    for (const e of logEntries(r.body)) {
      const text = timestamps && e.timeMs && !e.framed ? `${rfc3339Nano(e.timeMs)} ${e.log}` : e.log;
      c.io[e.stream === 'stderr' && !tty ? 'err' : 'out'](text);
      last = Math.max(last, e.timeMs);
    }
  if (!flagBool(f, 'follow')) return 0;
  const pipes = pipesOf(r);
  if (tty && pipes) pipes.err = pipes.err ?? null;
  return pumpStream(c, newStream({ target: { kind: 'container', id: info.Id }, pipes: pipes ?? { out: null, err: null, stdin: null, tty: null }, stdin: false, autoRemove: false, sigProxy: false, sinceMs: last || now, mode: 'logs' }));
}

function checkState(c: CliCtx, name: string): { info: { Id: string; Config?: { Tty?: boolean; OpenStdin?: boolean } } } | { error: string } {
  const j = c.api.get(`/containers/${encodeURIComponent(name)}/json`);
  if (!j.ok) return { error: j.error };
  const b = j.body as { Id: string; State?: { Running?: boolean; Paused?: boolean; Restarting?: boolean }; Config?: { Tty?: boolean; OpenStdin?: boolean } };
  if (!b.State?.Running) return { error: 'You cannot attach to a stopped container, start it first' };
  if (b.State.Paused) return { error: 'You cannot attach to a paused container, unpause it first' };
  if (b.State.Restarting) return { error: 'You cannot attach to a restarting container, wait until it is running' };
  return { info: b };
}

function executeAttach(c: CliCtx): CmdResult {
  const f = c.flags;
  const name = c.args[0] as string;
  const waited = waitAnswer(c.api.post(`/containers/${encodeURIComponent(name)}/wait`));
  const st = checkState(c, name);
  if ('error' in st) {
    if (waited.pipe !== null) c.sys.pipes?.release(waited.pipe, 'r');
    return fail(c, st.error);
  }
  const tty = !!st.info.Config?.Tty;
  const noStdin = flagBool(f, 'no-stdin');
  if (!noStdin && tty && !c.io.stdinTty) return fail(c, 'the input device is not a TTY');
  const keys = detachKeyBytes(flagStr(f, 'detach-keys'));
  if (typeof keys !== 'string') return fail(c, keys.error);
  const stdin = !noStdin && !!st.info.Config?.OpenStdin;
  const h = c.api.post(`/containers/${encodeURIComponent(name)}/attach`, { stream: '1', mux: '1', stdin: stdin ? '1' : undefined, stdout: '1', stderr: '1', detachKeys: flagStr(f, 'detach-keys') || undefined });
  if (!h.ok) return fail(c, h.error);
  const again = checkState(c, name);
  if ('error' in again) return fail(c, again.error);
  if (tty && c.io.stdoutTty && c.sys.termSize) c.api.post(`/containers/${encodeURIComponent(name)}/resize`, { h: String(c.sys.termSize.rows), w: String(c.sys.termSize.cols) });
  if (tty && stdin && c.io.stdinTty) c.sys.setRawMode?.(true);
  return pumpStream(
    c,
    newStream({
      target: { kind: 'container', id: st.info.Id },
      pipes: pipesOf(h) ?? { out: null, err: null, stdin: null, tty: null },
      stdin,
      autoRemove: false,
      sigProxy: flagBool(f, 'sig-proxy') && !tty,
      waitPipe: waited.pipe,
      status: waited.status,
      detachKeys: keys,
      sinceMs: c.sys.nowMs(),
      mode: 'attach',
    }),
  );
}

function executeExec(c: CliCtx): CmdResult {
  const f = c.flags;
  const name = c.args[0] as string;
  const env: string[] = [];
  for (const file of flagList(f, 'env-file')) {
    const r = readEnvFile((p) => c.sys.readFile(p), file, c.sys.env);
    if ('error' in r) return fail(c, r.error);
    env.push(...r.lines);
  }
  env.push(...flagList(f, 'env'));
  const detach = flagBool(f, 'detach');
  const tty = flagBool(f, 'tty');
  const attachStdin = !detach && flagBool(f, 'interactive');
  const j = c.api.get(`/containers/${encodeURIComponent(name)}/json`);
  if (!j.ok) return fail(c, j.error);
  if (!detach && attachStdin && tty && !c.io.stdinTty) return fail(c, 'the input device is not a TTY');
  const keys = detachKeyBytes(flagStr(f, 'detach-keys'));
  if (typeof keys !== 'string') return fail(c, keys.error);
  const size = tty && c.io.stdoutTty && c.sys.termSize ? [c.sys.termSize.rows, c.sys.termSize.cols] : undefined;
  const body: Record<string, unknown> = {
    User: flagStr(f, 'user'),
    Privileged: flagBool(f, 'privileged'),
    Tty: tty,
  };
  if (size) body.ConsoleSize = size;
  Object.assign(body, {
    AttachStdin: attachStdin,
    AttachStderr: !detach,
    AttachStdout: !detach,
    Detach: detach,
    DetachKeys: flagStr(f, 'detach-keys'),
    Env: env.length ? env : null,
    WorkingDir: flagStr(f, 'workdir'),
    Cmd: c.args.slice(1),
  });
  const cr = c.api.post(`/containers/${encodeURIComponent(name)}/exec`, undefined, body);
  if (!cr.ok) return fail(c, cr.error);
  const execId = (cr.body as { Id?: string }).Id ?? '';
  if (!execId) return fail(c, 'exec ID empty');
  const startBody: Record<string, unknown> = { Detach: detach, Tty: tty };
  if (size) startBody.ConsoleSize = size;
  const sr = c.api.post(`/exec/${execId}/start`, { mux: '1' }, startBody);
  if (!sr.ok) return fail(c, sr.error);
  if (detach) return 0;
  if (tty && attachStdin && c.io.stdinTty) c.sys.setRawMode?.(true);
  const pipes = pipesOf(sr);
  return pumpStream(
    c,
    newStream({
      target: { kind: 'exec', id: execId, container: name },
      pipes: pipes ?? { out: null, err: null, stdin: null, tty: null },
      stdin: attachStdin,
      autoRemove: false,
      sigProxy: false,
      detachKeys: keys,
      mode: 'exec',
    }),
  );
}
