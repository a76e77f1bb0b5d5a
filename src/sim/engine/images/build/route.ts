/**
 * POST /build and the continuation of a build that waits on a RUN step.
 *
 * Models: `docker build` with BuildKit (Docker 28's default builder):
 * progress in buildx's plain format, one line per stream message
 * ({"stream": "#5 [2/3] RUN apk add curl\n"}), ending with
 * {"aux": {"ID": "sha256:..."}} or, on failure, the error block (the step's
 * last output, the Dockerfile excerpt) and {"error": "failed to solve: ..."}.
 * A client prints the stream on stderr and, on error, "ERROR: failed to
 * build: <error>" (exit 1); with -q only the ID on stdout.
 * SIMPLIFICATIONS (of the protocol): the context is an archive body (tar.ts)
 * or the query parameter `contextDir` (a host directory read as the caller);
 * when a RUN step must take virtual time, the answer carries the output so far
 * and the header X-Sim-Continue with a path; the client waits (a few virtual
 * ms) and GETs that path for the next part, until no X-Sim-Continue comes back.
 * POST /build/cancel?id=<job> stops a build (the client's ^C): the running
 * step's container is killed, the step reads CANCELED and the answer carries
 * the stream's end ("failed to solve: Canceled: context canceled"); real
 * Docker ends the original stream instead, the simulation's client reads the
 * cancel's answer.
 * Query: t (repeatable), dockerfile, buildargs and labels (JSON), nocache,
 * target, q.
 */

import type { ApiRequest, ApiResponse, Route } from '../../api/types.ts';
import { apiError } from '../../api/types.ts';
import type { Engine } from '../../engine.ts';
import type { TreeSpec } from '../../../kernel/fs/tree.ts';
import type { BuildJob } from '../types.ts';
import { clonePlain } from '../../../kernel/plain.ts';
import { applyDockerignore, contextFromBody, readContextDir } from './context.ts';
import { planDockerfile, type BuildPlan } from './plan.ts';
import { advance, outputLines, type Advance } from './builder.ts';
import { dockerfileExcerpt } from './history.ts';
import { cleanupRun, pollRun } from './runner.ts';
import { findImage, normalizeRef } from '../store.ts';
import { parseReference } from '../reference.ts';
import { newRandomId } from '../layers.ts';
import { expandVars } from '../changes.ts';

/** How long a client should wait before asking for the rest of a build (virtual ms). */
export const BUILD_POLL_MS = 50;

function q(req: ApiRequest, n: string): string | undefined {
  const v = req.query[n];
  return Array.isArray(v) ? v[0] : v;
}

function qAll(req: ApiRequest, n: string): string[] {
  const v = req.query[n];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function jsonParam(req: ApiRequest, n: string): Record<string, string> {
  const v = q(req, n);
  if (!v) return {};
  try {
    const o = JSON.parse(v) as Record<string, unknown>;
    const out: Record<string, string> = {};
    for (const [k, x] of Object.entries(o)) if (x !== null && x !== undefined) out[k] = String(x);
    return out;
  } catch {
    return {};
  }
}

function lines(ls: string[]): Array<Record<string, unknown>> {
  return ls.map((l) => ({ stream: `${l}\n` }));
}

/** How long to wait before the next look at a step that has run for `elapsedMs`: 50 ms, backing off to 500 ms (timings stay within 5%). */
export function pollMsFor(elapsedMs: number): number {
  return Math.min(500, Math.max(BUILD_POLL_MS, Math.floor(elapsedMs / 20 / 50) * 50));
}

function answer(msgs: Array<Record<string, unknown>>, cont?: string, pollMs = BUILD_POLL_MS): ApiResponse {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-Sim-Duration-Ms': '0' };
  if (cont) {
    headers['X-Sim-Continue'] = cont;
    headers['X-Sim-Poll-Ms'] = String(pollMs);
  }
  return { status: 200, headers, body: { stream: msgs, timesMs: msgs.map(() => 0) } };
}

function failure(dockerfileName: string, text: string, r: Extract<Advance, { state: 'error' }>): Array<Record<string, unknown>> {
  const out: string[] = [];
  if (r.label) {
    out.push('------', ` > ${r.label}:`);
    const tail = (r.output ?? '').replace(/\n$/, '').split('\n').filter(Boolean).slice(-10);
    for (const l of tail) out.push(`0.000 ${l}`);
    out.push('------');
  }
  if (r.line) out.push(...dockerfileExcerpt(dockerfileName, text, r.line));
  const message = `failed to solve: ${r.message}`;
  return [...lines(out), { error: message, errorDetail: { message } }];
}

/** Continue (or finish) a build: run it as far as it goes and answer. */
function drive(engine: Engine, job: BuildJob, head: string[]): ApiResponse {
  const plan = job.plan as BuildPlan;
  const out = [...head];
  const r = advance(engine, plan, out);
  if (r.state === 'pending') {
    // While a RUN step is quiet nothing changes: no event (a long RUN is polled often).
    if (out.length || !engine.state.images.builds[job.id]) engine.emit({ type: 'image.buildUpdated', job: { ...job, plan } });
    return answer(lines(out), `/build/jobs/${job.id}`, pollMsFor(plan.run ? engine.k.uptimeMs - plan.run.startedMs : 0));
  }
  engine.emit({ type: 'image.buildRemoved', id: job.id });
  if (r.state === 'error') return answer([...lines(out), ...failure(plan.dockerfileName, plan.dockerfileText, r)]);
  return answer([...lines(out), { aux: { ID: plan.imageId } }]);
}

function build(engine: Engine, req: ApiRequest, callerPid: number): ApiResponse {
  const contextDir = q(req, 'contextDir');
  let ctx: TreeSpec | null;
  if (contextDir) {
    const c = readContextDir(engine, callerPid, contextDir);
    if (typeof c === 'string') return apiError(400, c);
    ctx = c;
  } else ctx = contextFromBody(req.body);
  if (!ctx) return apiError(400, 'failed to read build context: unexpected EOF');
  const ignore = ctx['.dockerignore'];
  const ignoreText = typeof ignore === 'string' ? ignore : ignore && 'file' in ignore ? (ignore.file ?? '') : '';
  ctx = applyDockerignore(ctx, ignoreText);
  const dockerfileName = q(req, 'dockerfile') || 'Dockerfile';
  const dfEntry = ctx[dockerfileName.replace(/^\.?\//, '')];
  const dockerfileText = typeof dfEntry === 'string' ? dfEntry : dfEntry && 'file' in dfEntry ? (dfEntry.file ?? '') : null;
  const head = ['#0 building with "default" instance using docker driver', '', '#1 [internal] load build definition from ' + dockerfileName.replace(/^.*\//, '')];
  if (dockerfileText === null) {
    head.push('#1 transferring dockerfile: 2B done', '#1 DONE 0.0s');
    const message = `failed to solve: failed to read dockerfile: open ${dockerfileName}: no such file or directory`;
    return answer([...lines(head), { error: message, errorDetail: { message } }]);
  }
  head.push(`#1 transferring dockerfile: ${dockerfileText.length}B done`, '#1 DONE 0.0s', '');
  const tags: string[] = [];
  for (const t of qAll(req, 't')) {
    const n = normalizeRef(t);
    if (!n) {
      const p = parseReference(t);
      return apiError(400, `invalid tag "${t}": ${'error' in p ? p.error : 'invalid reference format'}`);
    }
    tags.push(n.key);
  }
  const parsed = planDockerfile(dockerfileText);
  if ('message' in parsed) {
    return answer([...lines(head), ...failure(dockerfileName, dockerfileText, { state: 'error', message: parsed.message, line: parsed.line })]);
  }
  const target = q(req, 'target') ?? null;
  if (target && !parsed.stages.some((s) => s.name === target)) {
    const message = `failed to solve: target stage "${target}" could not be found`;
    return answer([...lines(head), { error: message, errorDetail: { message } }]);
  }
  let v = 1;
  const buildArgs = jsonParam(req, 'buildargs');
  const globals: Record<string, string> = {};
  for (const [k, val] of parsed.globalArgs) globals[k] = buildArgs[k] ?? val ?? '';
  const names = new Set(parsed.stages.map((s) => s.name).filter(Boolean));
  const bases = [...new Set(parsed.stages.map((s) => expandVars(s.base, globals)).filter((b) => b && b !== 'scratch' && !names.has(b.toLowerCase())))];
  for (const b of bases) {
    const r = parseReference(b);
    const full = 'error' in r ? b : `${r.domain}/${r.path}${r.digest ? `@${r.digest}` : `:${r.tag ?? 'latest'}`}`;
    v++;
    const local = 'image' in findImage(engine, b);
    head.push(`#${v} [internal] load metadata for ${full}`, `#${v} DONE ${local ? '0.0' : '0.6'}s`, '');
  }
  v++;
  head.push(`#${v} [internal] load .dockerignore`, `#${v} transferring context: ${ignoreText.length || 2}B done`, `#${v} DONE 0.0s`, '');
  const plan: BuildPlan = {
    tags,
    dockerfileName: dockerfileName.replace(/^.*\//, ''),
    dockerfileText,
    ctx,
    buildArgs,
    labels: jsonParam(req, 'labels'),
    noCache: q(req, 'nocache') === '1' || q(req, 'nocache') === 'true',
    target,
    globalArgs: parsed.globalArgs,
    stages: parsed.stages,
    stage: 0,
    step: 0,
    cur: null,
    results: {},
    vertex: v,
    startMs: engine.k.uptimeMs,
    contextShown: false,
    run: null,
    newLayers: false,
    imageId: null,
  };
  const job: BuildJob = { id: newRandomId(engine).slice(0, 25), plan, pending: [], done: false };
  return drive(engine, job, head);
}

function resume(engine: Engine, id: string): ApiResponse {
  const job = engine.state.images.builds[id];
  if (!job) return apiError(404, `no such build: ${id}`);
  return drive(engine, clonePlain(job), []);
}

/** Cancel a build (POST /build/cancel?id=): kill its running step, answer with the stream's end. */
function cancel(engine: Engine, id: string): ApiResponse {
  const job = engine.state.images.builds[id];
  if (!job) return answer([]);
  const plan = clonePlain(job.plan as BuildPlan);
  const out: string[] = [];
  const r = plan.run;
  if (r) {
    const p = pollRun(engine, r.handle);
    out.push(...outputLines(r.vertex, p.output, engine.k.uptimeMs - r.startedMs));
    cleanupRun(engine, r.handle);
    out.push(`#${r.vertex} CANCELED`);
  }
  engine.emit({ type: 'image.buildRemoved', id });
  const message = 'failed to solve: Canceled: context canceled';
  return answer([...lines(out), { error: message, errorDetail: { message } }]);
}

export const buildRoutes: Route[] = [
  { method: 'POST', pattern: '/build/cancel', handle: (e, req) => cancel(e, q(req, 'id') ?? '') },
  { method: 'POST', pattern: '/build', handle: (e, req, _p, callerPid) => build(e, req, callerPid) },
  { method: 'GET', pattern: '/build/jobs/{id}', handle: (e, _req, p) => resume(e, p.id ?? '') },
];
