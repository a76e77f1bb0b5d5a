/**
 * Test doubles for the CLI: in-memory streams, a client machine with files and
 * an environment, and a fake Engine API (a route table answering ApiRequests
 * with canned Engine API JSON) that records every request, so CLI tests do not
 * depend on the engine.
 */

import type { ApiRequest, ApiResponse } from '../../engine/api/types.ts';
import type { CliIo, CliSystem, CmdResult, Continuation, Transport } from './context.ts';
import { runCli, resumeCli } from './main.ts';

export interface FakeIo extends CliIo {
  stdout: string;
  stderr: string;
  stdin: string;
  stdinEof: boolean;
}

export function fakeIo(opts: { stdin?: string; stdinTty?: boolean; stdoutTty?: boolean; termCols?: number | null } = {}): FakeIo {
  const io: FakeIo = {
    stdout: '',
    stderr: '',
    stdin: opts.stdin ?? '',
    stdinEof: !opts.stdinTty,
    out(s) {
      io.stdout += s;
    },
    err(s) {
      io.stderr += s;
    },
    readIn() {
      const data = io.stdin;
      io.stdin = '';
      return { data, eof: data === '' && io.stdinEof };
    },
    stdinTty: !!opts.stdinTty,
    stdoutTty: !!opts.stdoutTty,
    termCols: opts.termCols ?? null,
  };
  return io;
}

export type FakeRoute = [method: string, path: RegExp, answer: (req: ApiRequest, m: RegExpExecArray) => ApiResponse];

export interface FakeEngine {
  transport: Transport;
  requests: ApiRequest[];
  /** "METHOD /path?query" lines of the requests (pings included). */
  calls(): string[];
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): ApiResponse {
  return { status, headers: { 'Content-Type': 'application/json', ...headers }, body };
}

export function errorResponse(status: number, message: string): ApiResponse {
  return json(status, { message });
}

/** A fake daemon: the first matching route answers; /_ping always answers OK. */
export function fakeEngine(routes: FakeRoute[], opts: { notFound?: (req: ApiRequest) => string } = {}): FakeEngine {
  const requests: ApiRequest[] = [];
  const transport: Transport = (req) => {
    requests.push(structuredClone(req));
    if (req.path === '/_ping') return { status: 200, headers: { 'Api-Version': '1.50', OSType: 'linux' }, body: 'OK' };
    for (const [method, re, answer] of routes) {
      if (method !== req.method) continue;
      const m = re.exec(req.path);
      if (m && m[0] === req.path) return answer(req, m);
    }
    return errorResponse(404, opts.notFound ? opts.notFound(req) : 'page not found');
  };
  const calls = () =>
    requests.map((r) => {
      const q = Object.entries(r.query)
        .flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => `${k}=${encodeURIComponent(x)}`) : [`${k}=${encodeURIComponent(v)}`]))
        .join('&');
      return `${r.method} ${r.path}${q ? `?${q}` : ''}`;
    });
  return { transport, requests, calls };
}

export interface FakeSystemOpts {
  env?: Record<string, string>;
  nowMs?: number;
  engine?: FakeEngine | null;
  files?: Record<string, string>;
  cwd?: string;
  socketPath?: string;
}

export interface FakeSystem extends CliSystem {
  files: Record<string, string>;
  clock: { now: number };
}

export function fakeSystem(opts: FakeSystemOpts = {}): FakeSystem {
  // The files object is shared, not copied: a golden file's runs see each other's writes.
  const files = opts.files ?? {};
  const clock = { now: opts.nowMs ?? Date.UTC(2025, 5, 1, 12, 0, 0) };
  const socket = opts.socketPath ?? '/var/run/docker.sock';
  const sys: FakeSystem = {
    env: { HOME: '/root', PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', ...(opts.env ?? {}) },
    files,
    clock,
    cwd: opts.cwd ?? '/root',
    nowMs: () => clock.now,
    connect: (path) => (opts.engine && path === socket ? opts.engine.transport : null),
    readFile(path) {
      const abs = path.startsWith('/') ? path : `${sys.cwd}/${path}`;
      const d = files[abs];
      return d === undefined ? { error: `open ${path}: no such file or directory` } : { data: d };
    },
    writeFile(path, data) {
      const abs = path.startsWith('/') ? path : `${sys.cwd}/${path}`;
      files[abs] = data;
      return null;
    },
    readTree(path) {
      const abs = (path.startsWith('/') ? path : `${sys.cwd}/${path}`).replace(/\/\.?$/, '');
      const out: Record<string, string> = {};
      for (const [p, d] of Object.entries(files)) if (p.startsWith(`${abs}/`)) out[p.slice(abs.length + 1)] = d;
      if (!Object.keys(out).length) return { error: `path "${path}" not found` };
      return { files: out };
    },
  };
  return sys;
}

export interface RunOutcome {
  stdout: string;
  stderr: string;
  exit: number | null;
  pending: Continuation | null;
}

/** Split a command line on spaces, honouring '...' and "..." quotes (tests only). */
export function splitLine(line: string): string[] {
  const out: string[] = [];
  const re = /'([^']*)'|"((?:[^"\\]|\\.)*)"|(\S+)/g;
  let cur: string | null = null;
  let last = 0;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    const piece = m[1] ?? (m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] as string));
    if (cur !== null && m.index === last) cur += piece;
    else {
      if (cur !== null) out.push(cur);
      cur = piece;
    }
    last = m.index + m[0].length;
  }
  if (cur !== null) out.push(cur);
  return out;
}

/** Run `docker ...` (the line without "docker") against fakes. */
export function runDocker(line: string | string[], io: FakeIo = fakeIo(), sys: CliSystem = fakeSystem()): RunOutcome {
  const argv = typeof line === 'string' ? splitLine(line) : line;
  return outcome(yielded(runCli(argv, io, sys), io, sys), io);
}

/** A command that yields between round trips goes on at once (as the program does at the same virtual time). */
function yielded(r: CmdResult, io: FakeIo, sys: CliSystem): CmdResult {
  let cur = r;
  while (typeof cur !== 'number' && cur.wait.kind === 'yield') cur = resumeCli(cur.pending, 'timer', io, sys);
  return cur;
}

/** Resume a pending continuation (as a timer or input would). */
export function resumeDocker(pending: Continuation, io: FakeIo, sys: CliSystem, why: 'timer' | 'input' = 'timer'): RunOutcome {
  return outcome(yielded(resumeCli(pending, why, io, sys), io, sys), io);
}

function outcome(r: CmdResult, io: FakeIo): RunOutcome {
  return typeof r === 'number' ? { stdout: io.stdout, stderr: io.stderr, exit: r, pending: null } : { stdout: io.stdout, stderr: io.stderr, exit: null, pending: r.pending };
}

/** A stub-daemon scenario entry, as used to capture the real client's output (fixtures/scenarios). */
export interface ScenarioRoute {
  method?: string;
  /** Regular expression the whole path must match. */
  path: string;
  status?: number;
  body?: unknown;
  /** A raw (non-JSON) body. */
  raw?: string;
  headers?: Record<string, string>;
}

function isoOf(sec: number): string {
  return `${new Date(sec * 1000).toISOString().slice(0, 19)}.123456789Z`;
}

/** Replace "$NOW-N" (unix seconds) and "$ISO-N" (RFC 3339) placeholders as the capture stub did. */
export function substNow(v: unknown, nowSec: number): unknown {
  if (typeof v === 'string') {
    const m = /^\$(NOW|ISO)(-\d+)?$/.exec(v);
    if (!m) return v;
    const t = nowSec + Number(m[2] ?? 0);
    return m[1] === 'NOW' ? t : isoOf(t);
  }
  if (Array.isArray(v)) return v.map((x) => substNow(x, nowSec));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, substNow(x, nowSec)]));
  return v;
}

/** A fake daemon answering from a scenario, with times relative to nowSec. */
export function scenarioEngine(scenario: ScenarioRoute[], nowSec: number): FakeEngine {
  return fakeEngine(
    scenario.map((r) => [
      r.method ?? 'GET',
      new RegExp(`^(?:${r.path})$`),
      () => ({ status: r.status ?? 200, headers: { 'Content-Type': 'application/json', ...(r.headers ?? {}) }, body: r.body !== undefined ? substNow(r.body, nowSec) : r.raw }),
    ]),
    // The capture stub's answer for a path it has no route for.
    { notFound: (req) => `stub: no route ${req.method} ${req.path}` },
  );
}

/** One captured run of the real client (fixtures/golden/*.json). */
export interface GoldenCase {
  now: number;
  argv: string[];
  stdin: string | null;
  exit: number;
  stdout: string;
  stderr: string;
  requests: string[];
  bodies: string[];
}

/** "GET /v1.50/containers/json?size=1&all=1" → "GET /containers/json?all=1&size=1" (sorted query, decoded). */
export function normalizeCall(call: string): string {
  const [method, url] = call.split(' ') as [string, string];
  const [path, q] = url.replace(/^\/v\d+\.\d+/, '').split('?') as [string, string | undefined];
  if (!q) return `${method} ${path}`;
  const params = q
    .split('&')
    .map((kv) => kv.split('=').map((x) => decodeURIComponent(x.replace(/\+/g, ' '))).join('='))
    .sort();
  return `${method} ${path}?${params.join('&')}`;
}

/** Run a golden case against its scenario: what the simulated CLI printed and asked. */
export function replayGolden(g: GoldenCase, scenario: ScenarioRoute[], opts: { env?: Record<string, string>; files?: Record<string, string> } = {}): { exit: number | null; stdout: string; stderr: string; requests: string[]; engine: FakeEngine } {
  const engine = scenarioEngine(scenario, g.now);
  const sys = fakeSystem({ engine, nowMs: g.now * 1000 + 300, env: opts.env, files: opts.files });
  const io = fakeIo({ stdin: g.stdin ?? '' });
  const r = runDocker(g.argv, io, sys);
  return { exit: r.exit, stdout: r.stdout, stderr: r.stderr, requests: engine.calls().map(normalizeCall), engine };
}
