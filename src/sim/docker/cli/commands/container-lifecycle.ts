/**
 * Container lifecycle commands (docker/cli cli/command/container: start.go,
 * stop.go, restart.go, kill.go, pause.go, unpause.go, rm.go, wait.go,
 * rename.go): one API call per argument, names echoed on success, errors
 * collected and printed together (exit 1); rm -f ignores missing containers;
 * start -a / -i attaches like docker run.
 */

import type { CommandSpec } from '../spec/types.ts';
import type { CliCtx, CmdResult } from '../context.ts';
import { flagBool, flagChanged, flagNum, flagStr } from '../spec/parse.ts';
import { eachArg } from '../seq.ts';
import { detachKeyBytes, newStream, pipesOf, pumpStream, waitAnswer } from '../stream.ts';

export const startCmd: CommandSpec = {
  name: 'start',
  use: 'start [OPTIONS] CONTAINER [CONTAINER...]',
  short: 'Start one or more stopped containers',
  aliasesLine: 'docker container start, docker start',
  args: { kind: 'min', n: 1 },
  flags: [
    { name: 'attach', short: 'a', type: 'bool', usage: 'Attach STDOUT/STDERR and forward signals' },
    { name: 'checkpoint', type: 'string', usage: 'Restore from this checkpoint' },
    { name: 'checkpoint-dir', type: 'string', usage: 'Use a custom checkpoint storage directory' },
    { name: 'detach-keys', type: 'string', usage: 'Override the key sequence for detaching a container' },
    { name: 'interactive', short: 'i', type: 'bool', usage: "Attach container's STDIN" },
  ],
  execute: executeStart,
};

export const stopCmd: CommandSpec = {
  name: 'stop',
  use: 'stop [OPTIONS] CONTAINER [CONTAINER...]',
  short: 'Stop one or more running containers',
  aliasesLine: 'docker container stop, docker stop',
  args: { kind: 'min', n: 1 },
  flags: [
    { name: 'signal', short: 's', type: 'string', usage: 'Signal to send to the container' },
    { name: 'timeout', short: 't', type: 'int', usage: 'Seconds to wait before killing the container' },
    { name: 'time', type: 'int', usage: 'Seconds to wait before killing the container', deprecated: 'use --timeout instead' },
  ],
  execute: eachArg('stop', stopQuery),
};

export const restartCmd: CommandSpec = {
  name: 'restart',
  use: 'restart [OPTIONS] CONTAINER [CONTAINER...]',
  short: 'Restart one or more containers',
  aliasesLine: 'docker container restart, docker restart',
  args: { kind: 'min', n: 1 },
  flags: [
    { name: 'signal', short: 's', type: 'string', usage: 'Signal to send to the container' },
    { name: 'timeout', short: 't', type: 'int', usage: 'Seconds to wait before killing the container' },
    { name: 'time', type: 'int', usage: 'Seconds to wait before killing the container', deprecated: 'use --timeout instead' },
  ],
  execute: eachArg('restart', stopQuery),
};

export const killCmd: CommandSpec = {
  name: 'kill',
  use: 'kill [OPTIONS] CONTAINER [CONTAINER...]',
  short: 'Kill one or more running containers',
  aliasesLine: 'docker container kill, docker kill',
  args: { kind: 'min', n: 1 },
  flags: [
    { name: 'signal', short: 's', type: 'string', usage: 'Signal to send to the container' },
  ],
  execute: eachArg('kill', (c) => ({ signal: flagStr(c.flags, 'signal') || undefined })),
};

export const pauseCmd: CommandSpec = {
  name: 'pause',
  use: 'pause CONTAINER [CONTAINER...]',
  short: 'Pause all processes within one or more containers',
  aliasesLine: 'docker container pause, docker pause',
  args: { kind: 'min', n: 1 },
  flags: [
  ],
  execute: eachArg('pause'),
};

export const unpauseCmd: CommandSpec = {
  name: 'unpause',
  use: 'unpause CONTAINER [CONTAINER...]',
  short: 'Unpause all processes within one or more containers',
  aliasesLine: 'docker container unpause, docker unpause',
  args: { kind: 'min', n: 1 },
  flags: [
  ],
  execute: eachArg('unpause'),
};

export const rmCmd: CommandSpec = {
  name: 'rm',
  use: 'rm [OPTIONS] CONTAINER [CONTAINER...]',
  short: 'Remove one or more containers',
  aliases: ['remove'],
  aliasesLine: 'docker container rm, docker container remove, docker rm',
  args: { kind: 'min', n: 1 },
  flags: [
    { name: 'force', short: 'f', type: 'bool', usage: 'Force the removal of a running container (uses SIGKILL)' },
    { name: 'link', short: 'l', type: 'bool', usage: 'Remove the specified link' },
    { name: 'volumes', short: 'v', type: 'bool', usage: 'Remove anonymous volumes associated with the container' },
  ],
  execute: eachArg('rm', rmQuery),
};

export const waitCmd: CommandSpec = {
  name: 'wait',
  use: 'wait CONTAINER [CONTAINER...]',
  short: 'Block until one or more containers stop, then print their exit codes',
  aliasesLine: 'docker container wait, docker wait',
  args: { kind: 'min', n: 1 },
  flags: [
  ],
  execute: eachArg('wait'),
};

export const renameCmd: CommandSpec = {
  name: 'rename',
  use: 'rename CONTAINER NEW_NAME',
  short: 'Rename a container',
  aliasesLine: 'docker container rename, docker rename',
  args: { kind: 'exact', n: 2 },
  flags: [
  ],
  execute: executeRename,
};

function executeStart(c: CliCtx): CmdResult {
  const f = c.flags;
  const attach = flagBool(f, 'attach');
  const interactive = flagBool(f, 'interactive');
  if (!attach && !interactive) return eachArg('start')(c);
  if (c.args.length > 1) {
    c.io.err('you cannot start and attach multiple containers at once\n');
    return 1;
  }
  const j = c.api.get(`/containers/${encodeURIComponent(c.args[0] as string)}/json`);
  if (!j.ok) return fail(c, j.error);
  const info = j.body as { Id: string; Config?: { Tty?: boolean; OpenStdin?: boolean }; HostConfig?: { AutoRemove?: boolean } };
  const id = info.Id;
  const stdin = interactive && !!info.Config?.OpenStdin;
  const keys = detachKeyBytes(flagStr(f, 'detach-keys'));
  if (typeof keys !== 'string') return fail(c, keys.error);
  const h = c.api.post(`/containers/${id}/attach`, { stream: '1', mux: '1', stdin: stdin ? '1' : undefined, stdout: '1', stderr: '1', detachKeys: flagStr(f, 'detach-keys') || undefined });
  if (!h.ok) return fail(c, h.error);
  const autoRemove = !!info.HostConfig?.AutoRemove;
  const waited = waitAnswer(c.api.post(`/containers/${id}/wait`, { condition: autoRemove ? 'removed' : 'next-exit' }));
  const started = c.api.post(`/containers/${id}/start`);
  if (!started.ok) return fail(c, started.error);
  const tty = !!info.Config?.Tty;
  if (tty && stdin && c.io.stdinTty) c.sys.setRawMode?.(true);
  const st = newStream({
    target: { kind: 'container', id },
    pipes: pipesOf(h) ?? { out: null, err: null, stdin: null, tty: null },
    stdin,
    autoRemove,
    sigProxy: !tty,
    waitPipe: waited.pipe,
    status: waited.status,
    detachKeys: keys,
    sinceMs: c.sys.nowMs() - 1,
    mode: 'start',
  });
  return pumpStream(c, st);
}

function fail(c: CliCtx, msg: string): number {
  c.io.err(`${msg}\n`);
  return 1;
}

function stopQuery(c: CliCtx): Record<string, string | undefined> {
  const f = c.flags;
  const changed = flagChanged(f, 'timeout') || flagChanged(f, 'time');
  const t = flagChanged(f, 'timeout') ? flagNum(f, 'timeout') : flagNum(f, 'time');
  return { t: changed ? String(t) : undefined, signal: flagStr(f, 'signal') || undefined };
}

function rmQuery(c: CliCtx): Record<string, string | undefined> {
  const f = c.flags;
  return { force: flagBool(f, 'force') ? '1' : undefined, v: flagBool(f, 'volumes') ? '1' : undefined, link: flagBool(f, 'link') ? '1' : undefined };
}

function executeRename(c: CliCtx): CmdResult {
  const oldName = (c.args[0] as string).trim();
  const newName = (c.args[1] as string).trim();
  if (!oldName || !newName) return fail(c, 'Error: Neither old nor new names may be empty');
  const r = c.api.post(`/containers/${encodeURIComponent(oldName)}/rename`, { name: newName });
  if (!r.ok) {
    c.io.err(`${r.error}\n`);
    return fail(c, `Error: failed to rename container named ${oldName}`);
  }
  return 0;
}
