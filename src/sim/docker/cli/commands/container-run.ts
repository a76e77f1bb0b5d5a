/**
 * docker run and docker create (docker/cli cli/command/container/run.go,
 * create.go): validate the options into a ContainerCreate body, create the
 * container (pulling the image on a 404 with --pull=missing, printing "Unable
 * to find image 'x:latest' locally"), then for run: attach, wait, start, and
 * either print the ID (-d) or stream the container until it exits, ending
 * with its exit status. Errors: 125 for option and daemon errors, 126/127 for
 * start failures about permissions or missing executables.
 */

import type { CommandSpec } from '../spec/types.ts';
import type { CliCtx, CmdResult, Continuation, ResumeCtx } from '../context.ts';
import { containerFlags } from '../opts/container-flags.ts';
import { flagBool, flagList, flagStr } from '../spec/parse.ts';
import { buildContainerConfig } from '../opts/container-config.ts';
import { parseReference, withDefaultTag, familiarString, fullName } from '../util/reference.ts';
import { registryAuthHeader } from '../util/auth.ts';
import { displayJsonMessages, streamMessages } from '../format/jsonmessage.ts';
import { detachKeyBytes, newStream, pipesOf, pumpStream, waitAnswer } from '../stream.ts';
import type { ApiResult } from '../api/client.ts';
import { ACCEPT_CONTINUE, followProgress } from './progress-follow.ts';
import { runCli } from '../main.ts';

export const runCmd: CommandSpec = {
  name: 'run',
  use: 'run [OPTIONS] IMAGE [COMMAND] [ARG...]',
  short: 'Create and run a new container from an image',
  aliasesLine: 'docker container run, docker run',
  args: { kind: 'min', n: 1 },
  interspersed: false,
  flags: containerFlags('run'),
  execute: executeRun,
};

export const createCmd: CommandSpec = {
  name: 'create',
  use: 'create [OPTIONS] IMAGE [COMMAND] [ARG...]',
  short: 'Create a new container',
  aliasesLine: 'docker container create, docker create',
  args: { kind: 'min', n: 1 },
  interspersed: false,
  flags: containerFlags('create'),
  execute: executeCreate,
};

/** docker's withHelp: "docker: <err>\n\nRun 'docker run --help' for more information". */
function withHelp(c: Pick<CliCtx, 'io'> & { cmd: { spec: { name: string } } }, err: string, code = 125): number {
  c.io.err(`docker: ${err}\n\nRun 'docker ${c.cmd.spec.name} --help' for more information\n`);
  return code;
}

/** run.go toStatusError: 127 for missing executables, 126 for permission problems, else 125. */
function toStatusError(c: Pick<CliCtx, 'io'> & { cmd: { spec: { name: string } } }, err: string): number {
  if (/executable file not found|no such file or directory|system cannot find the file specified/.test(err)) return withHelp(c, err, 127);
  if (/permission denied|is a directory/.test(err)) return withHelp(c, err, 126);
  return withHelp(c, err, 125);
}

/** Pull an image for run/create: progress on stderr (none with -q). */
export function pullForCreate(c: ResumeCtx, image: string, platform: string, quiet: boolean): string | null {
  const ref = parseReference(image);
  if ('error' in ref) return ref.error;
  const tagged = withDefaultTag(ref);
  const r = c.api.post('/images/create', { fromImage: fullName(tagged), tag: tagged.digest ?? tagged.tag, platform: platform || undefined }, undefined, { 'X-Registry-Auth': registryAuthHeader(c.sys, image) });
  if (!r.ok) return r.error;
  const shown = displayJsonMessages(streamMessages(r.body), c.io.stdoutTty, quiet ? () => {} : (s) => c.io.err(s), { ids: {}, width: c.sys.termSize?.cols });
  return shown.error;
}

/**
 * The implicit pull of docker run/create, shown at the pace the daemon sends it (as docker pull
 * is): the command waits on the virtual clock for the transfer, then runs its own command line
 * again, which now finds the image (an answer that takes no time, or that carries an error in
 * its stream, is shown at once). null for a reference the daemon cannot be asked about.
 */
function startPacedPull(c: ResumeCtx, image: string, platform: string, quiet: boolean, argv: string[]): { pulling: CmdResult } | { error: string; daemon: true } | null {
  const ref = parseReference(image);
  if ('error' in ref) return null;
  const tagged = withDefaultTag(ref);
  const r = c.api.post('/images/create', { fromImage: fullName(tagged), tag: tagged.digest ?? tagged.tag, platform: platform || undefined }, undefined, { 'X-Registry-Auth': registryAuthHeader(c.sys, image), ...ACCEPT_CONTINUE });
  if (!r.ok) return { error: r.error, daemon: true };
  if (Number(r.headers['X-Sim-Duration-Ms'] ?? '0') <= 0 || streamMessages(r.body).some((m) => m.error !== undefined || m.errorDetail !== undefined)) {
    const shown = displayJsonMessages(streamMessages(r.body), c.io.stdoutTty, quiet ? () => {} : (s) => c.io.err(s), { ids: {}, width: c.sys.termSize?.cols });
    if (shown.error !== null) return { error: shown.error, daemon: true };
    return { pulling: runCli(argv, c.io, c.sys) };
  }
  return { pulling: followProgress(c, r, { quiet, tail: '', then: argv, toStderr: true }) };
}

/** createContainer: POST /containers/create, pulling on "No such image" when allowed. */
function createContainer(c: CliCtx, body: Record<string, unknown>): { id: string } | { error: string; daemon: boolean } | { pulling: CmdResult } {
  const f = c.flags;
  const image = (body.Image as string) ?? '';
  const pull = flagStr(f, 'pull') || 'missing';
  const quiet = flagBool(f, 'quiet');
  const platform = flagStr(f, 'platform');
  const cidfile = flagStr(f, 'cidfile');
  if (cidfile && !('error' in c.sys.readFile(cidfile))) return { error: `container ID file found, make sure the other container isn't running or delete ${cidfile}`, daemon: false };
  const ref = parseReference(image);
  if ('error' in ref && !/^(sha256:)?[a-f0-9]{12,64}$/.test(image)) return { error: ref.error, daemon: false };
  const named = 'error' in ref ? null : withDefaultTag(ref);
  if (pull === 'always') {
    const e = pullForCreate(c, image, platform, quiet);
    if (e) return { error: e, daemon: true };
  }
  const query = { name: flagStr(f, 'name') || undefined, platform: platform || undefined };
  let r: ApiResult = c.api.post('/containers/create', query, body);
  if (!r.ok && r.status === 404 && named && pull === 'missing') {
    if (!quiet) c.io.err(`Unable to find image '${familiarString(named)}' locally\n`);
    if (c.argv) {
      // The pull request is the next round trip, after a yield (a terminal that does not wait shows the message first).
      const next: RunPullCont = { k: 'run-pull', image, platform, quiet, argv: [...c.argv], cmd: c.cmd.spec.name === 'create' ? 'create' : 'run' };
      return { pulling: { pending: next, wait: { kind: 'yield' } } };
    }
    const e = pullForCreate(c, image, platform, quiet);
    if (e) return { error: e, daemon: true };
    r = c.api.post('/containers/create', query, body);
  }
  if (!r.ok) return { error: r.error, daemon: true };
  const res = r.body as { Id?: string; ID?: string; Warnings?: string[] | null };
  for (const w of res.Warnings ?? []) c.io.err(`WARNING: ${w}\n`);
  const id = res.Id ?? res.ID ?? '';
  if (cidfile) c.sys.writeFile(cidfile, id);
  return { id };
}

/** Parse the options into the create body (flattened Config + HostConfig + NetworkingConfig). */
function buildBody(c: CliCtx, detach: boolean): { body: Record<string, unknown> } | { error: string } {
  const size = c.io.stdoutTty && c.sys.termSize ? c.sys.termSize : null;
  const b = buildContainerConfig(c.flags, c.args, { readFile: (p) => c.sys.readFile(p), env: c.sys.env, consoleSize: size ? [size.rows, size.cols] : [0, 0] }, { detach });
  if ('error' in b) return b;
  return { body: Object.assign({}, b.Config, { HostConfig: b.HostConfig, NetworkingConfig: b.NetworkingConfig }) };
}

function validatePull(p: string): string | null {
  return ['', 'always', 'missing', 'never'].includes(p) ? null : `invalid pull option: '${p}': must be one of "always", "missing" or "never"`;
}

function executeCreate(c: CliCtx): CmdResult {
  const pe = validatePull(flagStr(c.flags, 'pull'));
  if (pe) return withHelp(c, pe);
  c.api.ping();
  const built = buildBody(c, false);
  if ('error' in built) return withHelp(c, built.error);
  const r = createContainer(c, built.body);
  if ('pulling' in r) return r.pulling;
  if ('error' in r) {
    c.io.err(`${r.error}\n`);
    return 1;
  }
  c.io.out(`${r.id}\n`);
  return 0;
}

function executeRun(c: CliCtx): CmdResult {
  const f = c.flags;
  const pe = validatePull(flagStr(f, 'pull'));
  if (pe) return withHelp(c, pe);
  c.api.ping();
  const detach = flagBool(f, 'detach');
  const built = buildBody(c, detach);
  if ('error' in built) return withHelp(c, built.error);
  const body = built.body;
  const tty = body.Tty === true;
  const attachStdin = !detach && body.AttachStdin === true;
  if (!detach) {
    if (attachStdin && tty && !c.io.stdinTty) return fail1(c, 'the input device is not a TTY');
  } else if (flagList(f, 'attach').length) return fail1(c, 'conflicting options: cannot specify both --attach and --detach');
  const keys = detachKeyBytes(flagStr(f, 'detach-keys'));
  if (typeof keys !== 'string') return fail1(c, keys.error);

  const created = createContainer(c, body);
  if ('pulling' in created) return created.pulling;
  if ('error' in created) return created.daemon ? toStatusError(c, created.error) : withHelp(c, created.error);
  const id = created.id;
  const attach = !detach && (body.AttachStdin === true || body.AttachStdout === true || body.AttachStderr === true);
  if (!attach) {
    c.io.out(`${id}\n`);
    // The next round trips (wait, start) after a yield: a terminal that does not wait shows the container created first.
    const next: RunStartCont = { k: 'run-start', id, autoRemove: flagBool(f, 'rm') };
    return { pending: next, wait: { kind: 'yield' } };
  }
  let hijack: ApiResult | null = null;
  if (attach) {
    hijack = c.api.post(`/containers/${id}/attach`, {
      stream: '1',
      mux: '1',
      stdin: body.AttachStdin ? '1' : undefined,
      stdout: body.AttachStdout ? '1' : undefined,
      stderr: body.AttachStderr ? '1' : undefined,
      detachKeys: flagStr(f, 'detach-keys') || undefined,
    });
    if (!hijack.ok) return fail1(c, hijack.error);
  }
  const autoRemove = flagBool(f, 'rm');
  const waited = waitAnswer(c.api.post(`/containers/${id}/wait`, { condition: autoRemove ? 'removed' : 'next-exit' }));
  const started = c.api.post(`/containers/${id}/start`);
  const pipes = hijack && hijack.ok ? pipesOf(hijack) : null;
  if (!started.ok) {
    if (pipes && c.sys.pipes) {
      if (pipes.out !== null) c.sys.pipes.release(pipes.out, 'r');
      if (pipes.err !== null) c.sys.pipes.release(pipes.err, 'r');
      if (pipes.stdin !== null) c.sys.pipes.release(pipes.stdin, 'w');
    }
    if (waited.pipe !== null) c.sys.pipes?.release(waited.pipe, 'r');
    return toStatusError(c, started.error);
  }
  if (tty && c.io.stdoutTty && c.sys.termSize) c.api.post(`/containers/${id}/resize`, { h: String(c.sys.termSize.rows), w: String(c.sys.termSize.cols) });
  if (tty && attachStdin && c.io.stdinTty) c.sys.setRawMode?.(true);
  const st = newStream({
    target: { kind: 'container', id },
    pipes: pipes ?? { out: null, err: null, stdin: null, tty: null },
    stdin: attachStdin,
    autoRemove,
    sigProxy: flagBool(f, 'sig-proxy'),
    waitPipe: waited.pipe,
    status: waited.status,
    detachKeys: keys,
    sinceMs: c.sys.nowMs() - 1,
    mode: 'run',
  });
  return pumpStream(c, st);
}

/** docker run/create between "Unable to find image" and its pull request. */
export interface RunPullCont extends Continuation {
  k: 'run-pull';
  image: string;
  platform: string;
  quiet: boolean;
  argv: string[];
  cmd: 'run' | 'create';
}

/** The implicit pull of docker run/create, then the command line again (see startPacedPull). */
export function resumeRunPull(c: ResumeCtx, data: Continuation): CmdResult {
  const st = data as RunPullCont;
  const r = startPacedPull(c, st.image, st.platform, st.quiet, st.argv);
  // null only for a reference that does not parse, which the create before this already ruled out.
  if (r === null) return runCli(st.argv, c.io, c.sys);
  if ('pulling' in r) return r.pulling;
  if (st.cmd === 'run') return toStatusError({ io: c.io, cmd: { spec: runCmd } }, r.error);
  c.io.err(`${r.error}\n`);
  return 1;
}

/** A detached docker run between create and start. */
export interface RunStartCont extends Continuation {
  k: 'run-start';
  id: string;
  autoRemove: boolean;
}

/** The rest of a detached docker run: wait (for --rm's removal), start. */
export function resumeRunStart(c: ResumeCtx, data: Continuation): CmdResult {
  const st = data as RunStartCont;
  const waited = waitAnswer(c.api.post(`/containers/${st.id}/wait`, { condition: st.autoRemove ? 'removed' : 'next-exit' }));
  const started = c.api.post(`/containers/${st.id}/start`);
  if (waited.pipe !== null) c.sys.pipes?.release(waited.pipe, 'r');
  if (!started.ok) return toStatusError({ io: c.io, cmd: { spec: runCmd } }, started.error);
  return 0;
}

function fail1(c: CliCtx, msg: string): number {
  c.io.err(`${msg}\n`);
  return 1;
}
