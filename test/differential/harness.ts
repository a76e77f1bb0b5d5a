/**
 * The differential harness: the same docker command lines run (a) through the
 * project's own CLI on a simulated host (host.run) and (b) through the real
 * `docker` client against `container-sim serve` on a temporary unix socket;
 * outputs are compared after normalising what legitimately differs (IDs,
 * times, generated names, column padding that follows from them).
 * The real client is found on PATH (`docker`, or DOCKER_CLI naming a binary);
 * when none is found the suite fails, never skips.
 */

import { execFile, execFileSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { createHost, type Host } from '../../src/sim/host/host.ts';
import { startServer, type RunningServer } from '../../src/node/serve.ts';
import { LEFT, RIGHT } from '../../src/sim/engine/containers/names.data.ts';

export interface Result {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** A command line: the docker arguments, and text for its stdin (piped). */
export interface Step {
  args: string[];
  stdin?: string;
  /** Compare only the exit code (a known difference in the output, explained where the step is used). */
  exitCodeOnly?: boolean;
}

/** The real docker client's path, or null. */
export function findDocker(): string | null {
  const named = process.env.DOCKER_CLI;
  const candidates = named ? [named] : (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, 'docker'));
  for (const p of candidates) {
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return null;
}

export const NO_DOCKER_MESSAGE =
  'no docker client binary found on PATH: the differential suite needs the real docker CLI (install Debian\'s docker.io package: sudo apt-get install -y docker.io; the daemon is not needed), or set DOCKER_CLI to its path';

/** Quote a word for the simulated shell. */
export function shQuote(w: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}

function stepLine(s: Step): string {
  const cmd = ['docker', ...s.args].map(shQuote).join(' ');
  return s.stdin === undefined ? cmd : `printf %s ${shQuote(s.stdin)} | ${cmd}`;
}

/** Files a scenario starts with, relative to the client's working directory ("ctx/Dockerfile": text). */
export type Files = Record<string, string>;

/** (a) The project's own CLI on a fresh simulated host (files are made under root's home, its working directory). */
export function runSim(steps: Step[], seed = 1, files: Files = {}): Result[] {
  const host: Host = createHost({ seed });
  for (const [path, text] of Object.entries(files)) {
    const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
    const r = host.run(`${dir ? `mkdir -p ${shQuote(dir)} && ` : ''}printf %s ${shQuote(text)} > ${shQuote(path)}`);
    if (r.exitCode !== 0) throw new Error(`could not make ${path} on the simulated host: ${r.stderr}`);
  }
  return steps.map((s) => {
    const r = host.run(stepLine(s));
    host.advance(1000);
    return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
  });
}

/** A serve instance on a temporary unix socket, for the duration of fn. */
export async function withServe<T>(fn: (srv: RunningServer, socket: string) => Promise<T>, seed = 1): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'csim-diff-'));
  const socket = join(dir, 'docker.sock');
  const srv = await startServer({ socket, seed });
  try {
    return await fn(srv, socket);
  } finally {
    await srv.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Run the real docker client (asynchronously: the server answers in this same process). */
export function realDocker(docker: string, socket: string, s: Step, configDir: string, cwd?: string): Promise<Result> {
  return new Promise((resolve) => {
    const child = execFile(
      docker,
      s.args,
      {
        // DOCKER_BUILDKIT=0: the classic build protocol (a tar body), not BuildKit's gRPC session.
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: configDir, DOCKER_HOST: `unix://${socket}`, DOCKER_CONFIG: configDir, DOCKER_CLI_HINTS: 'false', DOCKER_BUILDKIT: '0', LANG: 'C.UTF-8' },
        timeout: 30_000,
        ...(cwd ? { cwd } : {}),
        maxBuffer: 16 * 1024 * 1024,
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 255) : 0;
        resolve({ stdout: String(stdout), stderr: String(stderr), exitCode: code });
      },
    );
    child.stdin?.end(s.stdin ?? '');
  });
}

/** (b) The real docker client against serve, step by step on one fresh host (files in a temporary working directory). */
export async function runReal(docker: string, steps: Step[], seed = 1, files: Files = {}): Promise<Result[]> {
  return withServe(async (_srv, socket) => {
    const configDir = mkdtempSync(join(tmpdir(), 'csim-dcfg-'));
    const cwd = mkdtempSync(join(tmpdir(), 'csim-cwd-'));
    try {
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(cwd, path)), { recursive: true });
        writeFileSync(join(cwd, path), text);
      }
      const out: Result[] = [];
      for (const s of steps) out.push(await realDocker(docker, socket, s, configDir, cwd));
      return out;
    } finally {
      rmSync(configDir, { recursive: true, force: true });
      rmSync(cwd, { recursive: true, force: true });
    }
  }, seed);
}

const NAME_RE = new RegExp(`\\b(${LEFT.join('|')})_(${RIGHT.join('|')})\\b`, 'g');
const DURATION = String.raw`(?:Less than a second|About an? (?:minute|hour)|\d+ (?:second|minute|hour|day|week|month|year)s?)`;

/** Replace what legitimately differs between two runs of the same scenario. */
export function normalise(s: string): string {
  return s
    .replace(/\b[0-9a-f]{64}\b/g, '<id>')
    .replace(/\b[0-9a-f]{12}\b/g, '<id>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)/g, '<time>')
    .replace(/\d{4}[-/]\d\d[-/]\d\d \d\d:\d\d:\d\d(\.\d+)?( [+-]\d{4} [A-Z]+)?/g, '<time>')
    // Go pointers nested in a struct print as heap addresses (fake ones in the simulation).
    .replace(/\b0xc[0-9a-f]{9}\b/g, '<addr>')
    .replace(new RegExp(`${DURATION} ago`, 'g'), '<ago>')
    .replace(new RegExp(`Up ${DURATION}`, 'g'), 'Up <dur>')
    .replace(NAME_RE, '<name>')
    .split('\n')
    .map((l) => l.replace(/ {2,}/g, '   ').trimEnd())
    .join('\n');
}

/** The client's major version ("Docker version 20.10.24+dfsg1, build ..." → 20). */
export function clientMajor(docker: string): number {
  const out = execFileSync(docker, ['--version'], { encoding: 'utf8' });
  return Number(/version (\d+)\./.exec(out)?.[1] ?? 0);
}

/**
 * Wording that changed in the docker CLI before 28 (Debian bookworm's docker.io is 20.10):
 * older clients print "Error: No such container: x" where 28 prints the daemon's message,
 * and "See 'docker run --help'." for "Run 'docker run --help' for more information".
 * Applied to both sides only when the client is older than 28, so a Docker 28 client is
 * compared strictly.
 */
const OLD_CLIENT_WORDING: Array<[RegExp, string]> = [
  [/^(?:Error response from daemon|Error): No such container: (.*)$/gm, '<no such container: $1>'],
  [/^Error response from daemon: network (.*) not found\nexit status 1$/gm, '<no such network: $1>'],
  [/^Error: No such network: (.*)$/gm, '<no such network: $1>'],
  [/^Error response from daemon: get (.*): no such volume$/gm, '<no such volume: $1>'],
  [/^Error: No such volume: (.*)$/gm, '<no such volume: $1>'],
  [/^Error response from daemon: Could not find the file (\S+) in container (\S+)$/gm, '<no such path: $2:$1>'],
  [/^Error: No such container:path: ([^:]+):(.*)$/gm, '<no such path: $1:$2>'],
  [/^\nRun '(docker [a-z ]+) --help' for more information$/gm, "See '$1 --help'."],
];

export function normaliseResult(r: Result, major = 28): Result {
  const old = (s: string): string => (major >= 28 ? s : OLD_CLIENT_WORDING.reduce((t, [re, to]) => t.replace(re, to), s));
  return { stdout: normalise(old(r.stdout)), stderr: normalise(old(r.stderr)), exitCode: r.exitCode };
}

/** Both sides of one scenario, normalised, paired with their command lines for readable diffs. */
export async function differential(docker: string, steps: Step[], files: Files = {}): Promise<{ sim: Array<Result & { line: string }>; real: Array<Result & { line: string }> }> {
  const major = clientMajor(docker);
  const sim = runSim(steps, 1, files).map((r) => normaliseResult(r, major));
  const real = (await runReal(docker, steps, 1, files)).map((r) => normaliseResult(r, major));
  const label = (r: Result, i: number) => ({ line: stepLine(steps[i] as Step), ...(steps[i]?.exitCodeOnly ? { ...r, stdout: '<not compared>', stderr: '<not compared>' } : r) });
  return { sim: sim.map(label), real: real.map(label) };
}

/** "a b 'c d'" → a step; keeps the scenarios readable. */
export function step(line: string, stdin?: string): Step {
  const args: string[] = [];
  const re = /'([^']*)'|"([^"]*)"|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) args.push(m[1] ?? m[2] ?? (m[3] as string));
  return stdin === undefined ? { args } : { args, stdin };
}
