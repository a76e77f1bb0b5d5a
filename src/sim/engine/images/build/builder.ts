/**
 * Running a build plan: stage by stage, each step from the cache or for real,
 * then exporting the image.
 *
 * Models: BuildKit with the docker driver as `docker build` uses it in Docker
 * 28: the cache key of a step is derived from its parent's key and the step
 * (RUN: command, environment, working directory and user; COPY/ADD: the
 * content copied; WORKDIR: the path), so a change invalidates that step and
 * every later one while config-only instructions (LABEL, CMD, EXPOSE...)
 * invalidate nothing; a RUN runs in a build container (runner.ts) and its
 * changes become a layer (none if it changed nothing); export writes the
 * image (ID = digest of its config) and names it.
 * SIMPLIFICATIONS: stages run in order, all before the target; no parallel
 * steps; the plan's state lives in the engine (ImagesState.builds) so that a
 * RUN can take virtual time: the request answers when a RUN is pending and the
 * client asks again (route.ts).
 */

import type { Engine } from '../../engine.ts';
import type { TreeSpec } from '../../../kernel/fs/tree.ts';
import type { HistoryEntry, ImageRecord } from '../types.ts';
import { isErr } from '../../../kernel/errno.ts';
import { applyConfigInstruction, commandOf, envMap, expandVars, type ConfigState, type ParsedInstruction } from '../changes.ts';
import { chainTree as layersChainTree, createLayer, diffDir, layerStack } from '../layers.ts';
import { treeDiffId, treeSize } from '../tree-export.ts';
import { configJson, findImage, tagImage, writeImageDb } from '../store.ts';
import { pullImage } from '../pull.ts';
import { digestOf, sha256Hex } from '../sha256.ts';
import { rfc3339Nano } from '../time.ts';
import { parseReference } from '../reference.ts';
import { VFS_DIR, driverOf, readText } from '../hostfs.ts';
import { stepLabel, STEP_KEYWORDS, type BuildPlan, type Cursor, type StagePlan } from './plan.ts';
import { startStage } from './stage.ts';
import { copyLayer, ownerResolver } from './copy.ts';
import { metaHistory, runHistory, seconds } from './history.ts';
import { cleanupRun, pollRun, runChanges, startRun } from './runner.ts';

export const BUILDKIT = 'buildkit.dockerfile.v0';

/** Container start-up time a RUN step reports before its first output (ms). */
const RUN_STARTUP_MS = 150;

export type Advance = { state: 'pending' } | { state: 'done' } | { state: 'error'; message: string; line?: number; label?: string; output?: string };

function key(...parts: string[]): string {
  return `sha256:${sha256Hex(parts.join('\n'))}`;
}

function now(engine: Engine): number {
  return engine.k.uptimeMs;
}

function vertex(plan: BuildPlan): number {
  return ++plan.vertex;
}

/** Output lines of a RUN step, each prefixed with the vertex and the seconds since the step began. */
export function outputLines(v: number, text: string, elapsedMs: number): string[] {
  if (!text) return [];
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((l, i) => `#${v} ${((elapsedMs + RUN_STARTUP_MS + 3 * i) / 1000).toFixed(3)} ${l}`);
}

/** The filesystem of a layer chain, merged (COPY --from). */
function chainTree(engine: Engine, chainId: string): TreeSpec {
  return layersChainTree(engine, chainId);
}

/** Is `dir` ("/app") a directory of the chain's merged filesystem? */
function chainHasDir(engine: Engine, chainId: string, dir: string): boolean {
  const stack = layerStack(engine, chainId);
  if (driverOf(engine) === 'vfs') return !!stack[0] && readText(engine, `${VFS_DIR}/${stack[0].cacheId}${dir}`) !== null;
  return stack.some((l) => readText(engine, `${diffDir(l.cacheId)}${dir}`) !== null);
}

/** A file of the chain's merged filesystem, read top layer first. */
function chainFile(engine: Engine, chainId: string, path: string): string | null {
  if (driverOf(engine) === 'vfs') {
    const top = layerStack(engine, chainId)[0];
    return top ? readText(engine, `${VFS_DIR}/${top.cacheId}/${path}`) : null;
  }
  for (const l of layerStack(engine, chainId)) {
    const t = readText(engine, `${diffDir(l.cacheId)}/${path}`);
    if (t !== null) return t;
  }
  return null;
}

function useCache(engine: Engine, plan: BuildPlan, k: string): { chainId: string; created: string } | null {
  if (plan.noCache) return null;
  const r = engine.state.images.buildCache[k];
  if (!r) return null;
  if (r.chainId && !engine.state.images.layers[r.chainId]) return null;
  engine.emit({ type: 'image.buildCacheUsed', key: k, atMs: now(engine) });
  // A cached step keeps the time it was first built, so a fully cached build gives the same image.
  return { chainId: r.chainId, created: rfc3339Nano(engine.k.nowMs - engine.k.uptimeMs + r.createdMs) };
}

/** Move the cursor onto `chainId` (a layer the step made, or the same chain when it made none). */
function advanceChain(engine: Engine, cur: Cursor, chainId: string, h: HistoryEntry): void {
  if (chainId && chainId !== cur.chainId) {
    const l = engine.state.images.layers[chainId];
    if (l) {
      cur.diffIds.push(l.diffId);
      cur.size += l.size;
    }
    cur.chainId = chainId;
  } else h.empty_layer = true;
  cur.history.push(h);
}

/** Commit a step's tree as a layer over the cursor (none if empty); returns the resulting chain. */
function commitTree(engine: Engine, plan: BuildPlan, cur: Cursor, tree: TreeSpec): string | { error: string } {
  if (!Object.keys(tree).length) return cur.chainId;
  const made = createLayer(engine, { diffId: treeDiffId(tree), parent: cur.chainId, tree, size: treeSize(tree) });
  if (isErr(made)) return { error: `failed to commit layer: ${made.errno}` };
  if (!made.existed) plan.newLayers = true;
  return made.layer.chainId;
}

function storeCache(engine: Engine, k: string, chainId: string, size: number, description: string): void {
  engine.emit({ type: 'image.buildCacheStored', record: { key: k, chainId, size, createdMs: now(engine), lastUsedMs: now(engine), description } });
}

/** One instruction of the current stage. */
function step(engine: Engine, plan: BuildPlan, s: StagePlan, ins: ParsedInstruction, out: string[]): Advance {
  const cur = plan.cur as Cursor;
  const created = rfc3339Nano(engine.k.nowMs);
  // Config-only instructions are stamped with the state they apply to (the last step's time), not the clock.
  const metaCreated = cur.history[cur.history.length - 1]?.created ?? created;
  const x = (t: string): string => expandVars(t, cur.vars);
  if (ins.keyword === 'ARG') {
    for (const [k, v] of ins.props) {
      const val = plan.buildArgs[k] ?? cur.vars[k] ?? (v === null ? undefined : x(v));
      if (val !== undefined) {
        cur.args[k] = val;
        if (!cur.config.Env?.some((e) => e.startsWith(`${k}=`))) cur.vars[k] = val;
      }
    }
    cur.history.push({ created: metaCreated, created_by: metaHistory(ins, cur.config, x(ins.args)), comment: BUILDKIT, empty_layer: true });
    return { state: 'done' };
  }
  if (!STEP_KEYWORDS.has(ins.keyword)) {
    const cs: ConfigState = { config: cur.config, cmdSet: cur.cmdSet };
    const e = applyConfigInstruction(cs, ins, cur.vars);
    if (e) return { state: 'error', message: `dockerfile parse error on line ${ins.line}: ${e}`, line: ins.line };
    cur.cmdSet = cs.cmdSet;
    cur.history.push({ created: metaCreated, created_by: metaHistory(ins, cur.config, x(ins.args)), comment: BUILDKIT, empty_layer: true });
    return { state: 'done' };
  }
  cur.n++;
  const label = stepLabel(plan, s, cur.n, cur.total);
  const shownText = `${ins.keyword} ${[...Object.entries(ins.flags).map(([k, v]) => (v === null ? `--${k}` : `--${k}=${v}`)), ins.args].join(' ')}`;
  const desc = `${label} ${shownText}`;
  if (ins.keyword === 'WORKDIR') {
    const cs: ConfigState = { config: cur.config, cmdSet: cur.cmdSet };
    applyConfigInstruction(cs, ins, cur.vars);
    const dir = cur.config.WorkingDir ?? '/';
    const k = key(cur.cacheKey, 'WORKDIR', dir);
    const h: HistoryEntry = { created, created_by: `WORKDIR ${dir}`, comment: BUILDKIT };
    const v = vertex(plan);
    out.push(`#${v} ${desc}`);
    const hit = useCache(engine, plan, k);
    let chain: string | { error: string };
    if (hit) {
      chain = hit.chainId;
      h.created = hit.created;
      out.push(`#${v} CACHED`, '');
    } else {
      const exists = dir === '/' || chainFile(engine, cur.chainId, dir.slice(1)) !== null || chainHasDir(engine, cur.chainId, dir);
      chain = exists ? cur.chainId : commitTree(engine, plan, cur, { [dir.slice(1)]: { dir: true } });
      if (typeof chain !== 'string') return { state: 'error', message: chain.error, line: ins.line, label: desc };
      storeCache(engine, k, chain, chain === cur.chainId ? 0 : (engine.state.images.layers[chain]?.size ?? 0), desc);
      out.push(`#${v} DONE 0.0s`, '');
    }
    cur.cacheKey = k;
    advanceChain(engine, cur, chain, h);
    return { state: 'done' };
  }
  if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
    const from = ins.flags.from ?? null;
    let src: TreeSpec = plan.ctx;
    if (from !== null) {
      const stage = plan.results[from.toLowerCase()] ?? plan.results[String(Number(from))];
      if (stage) src = chainTree(engine, stage.chainId);
      else {
        const f = findImage(engine, from);
        let img = 'image' in f ? f.image : null;
        if (!img) {
          const p = pullImage(engine, from);
          img = 'status' in p ? null : (engine.state.images.images[p.imageId] ?? null);
        }
        if (!img) return { state: 'error', message: `${from}: failed to resolve source metadata for docker.io/library/${from}: not found`, line: ins.line, label: desc };
        src = chainTree(engine, img.topChainId);
      }
    }
    const v = vertex(plan);
    out.push(`#${v} ${desc}`);
    const owner = ownerResolver(chainFile(engine, cur.chainId, 'etc/passwd'), chainFile(engine, cur.chainId, 'etc/group'));
    const tree = copyLayer(ins, src, cur.config.WorkingDir || '/', owner, x);
    if (typeof tree === 'string') {
      const ref = sha256Hex(`${plan.startMs} ${ins.line}`).slice(0, 25);
      const msg = tree.endsWith('not found') ? `failed to calculate checksum of ref ${ref}::${sha256Hex(ref).slice(0, 25)}: ${tree}` : tree;
      out.push(`#${v} ERROR: ${msg}`);
      return { state: 'error', message: `failed to compute cache key: ${msg}`, line: ins.line, label: desc };
    }
    const k = key(cur.cacheKey, ins.keyword, treeDiffId(tree));
    const hit = useCache(engine, plan, k);
    let chain: string | { error: string };
    let stepCreated = created;
    if (hit) {
      chain = hit.chainId;
      stepCreated = hit.created;
      out.push(`#${v} CACHED`, '');
    } else {
      chain = commitTree(engine, plan, cur, tree);
      if (typeof chain !== 'string') return { state: 'error', message: chain.error, line: ins.line, label: desc };
      storeCache(engine, k, chain, treeSize(tree), desc);
      out.push(`#${v} DONE 0.0s`, '');
    }
    cur.cacheKey = k;
    advanceChain(engine, cur, chain, { created: stepCreated, created_by: `${ins.keyword} ${x(ins.json ? ins.json.join(' ') : ins.args)} # buildkit`, comment: BUILDKIT });
    return { state: 'done' };
  }
  // RUN
  const cmd = commandOf(ins, cur.config.Shell);
  const env: Record<string, string> = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', ...cur.args, ...envMap(cur.config.Env) };
  const k = key(cur.cacheKey, 'RUN', JSON.stringify(cmd), JSON.stringify(env), cur.config.WorkingDir ?? '/', cur.config.User ?? '');
  const h: HistoryEntry = { created, created_by: runHistory(cmd, cur.args, !ins.json), comment: BUILDKIT };
  const v = vertex(plan);
  out.push(`#${v} ${desc}`);
  const hit = useCache(engine, plan, k);
  if (hit) {
    out.push(`#${v} CACHED`, '');
    cur.cacheKey = k;
    advanceChain(engine, cur, hit.chainId, { ...h, created: hit.created });
    return { state: 'done' };
  }
  const handle = startRun(engine, { chainId: cur.chainId, args: cmd, env, cwd: cur.config.WorkingDir ?? '/', user: cur.config.User ?? '' });
  if ('error' in handle) {
    out.push(`#${v} ERROR: ${handle.error}`);
    return { state: 'error', message: handle.error, line: ins.line, label: desc };
  }
  plan.run = { handle, vertex: v, startedMs: now(engine), label: desc, line: ins.line, cacheKey: k, history: h, command: cmd.join(' '), output: '' };
  return finishRun(engine, plan, out);
}

/** Check the pending RUN; commit its layer when it has finished. */
export function finishRun(engine: Engine, plan: BuildPlan, out: string[]): Advance {
  const r = plan.run;
  const cur = plan.cur;
  if (!r || !cur) return { state: 'done' };
  const p = pollRun(engine, r.handle);
  const elapsed = now(engine) - r.startedMs;
  out.push(...outputLines(r.vertex, p.output, elapsed));
  r.output = (r.output + p.output).slice(-4000);
  if (!p.done) return { state: 'pending' };
  plan.run = null;
  if (p.exitCode !== 0) {
    cleanupRun(engine, r.handle);
    const message = `process "${r.command}" did not complete successfully: exit code: ${p.exitCode}`;
    out.push(`#${r.vertex} ERROR: ${message}`);
    return { state: 'error', message, line: r.line, label: r.label, output: r.output };
  }
  const tree = runChanges(engine, r.handle);
  cleanupRun(engine, r.handle);
  const chain = commitTree(engine, plan, cur, tree);
  if (typeof chain !== 'string') return { state: 'error', message: chain.error, line: r.line, label: r.label };
  storeCache(engine, r.cacheKey, chain, treeSize(tree), r.label);
  out.push(`#${r.vertex} DONE ${seconds(elapsed + RUN_STARTUP_MS)}`, '');
  cur.cacheKey = r.cacheKey;
  // Stamped when the step's result exists (as its cache record is), so a cached rebuild matches.
  advanceChain(engine, cur, chain, { ...r.history, created: rfc3339Nano(engine.k.nowMs) });
  return { state: 'done' };
}

/** Export: write the image, name it; returns the image ID. */
function exportImage(engine: Engine, plan: BuildPlan, out: string[]): string {
  const cur = plan.cur as Cursor;
  const v = vertex(plan);
  if (Object.keys(plan.labels).length) cur.config.Labels = { ...(cur.config.Labels ?? {}), ...plan.labels };
  const created = cur.history[cur.history.length - 1]?.created ?? rfc3339Nano(engine.k.nowMs);
  const base = { architecture: 'amd64' as const, os: 'linux' as const, config: cur.config, created, history: cur.history, diffIds: cur.diffIds, author: '', comment: BUILDKIT };
  const id = digestOf(configJson(base));
  out.push(`#${v} exporting to image`, plan.newLayers ? `#${v} exporting layers 0.1s done` : `#${v} exporting layers done`, `#${v} writing image ${id} done`);
  if (!engine.state.images.images[id]) {
    const rec: ImageRecord = { ...base, id, repoTags: [], repoDigests: [], parent: '', dockerVersion: '', topChainId: cur.chainId, size: cur.size, lastTagTime: '' };
    engine.emit({ type: 'image.created', image: rec });
    writeImageDb(engine, rec);
  }
  for (const t of plan.tags) {
    tagImage(engine, id, t);
    const r = parseReference(t);
    out.push(`#${v} naming to ${'error' in r ? t : `${r.domain}/${r.path}:${r.tag ?? 'latest'}`} done`);
  }
  out.push(`#${v} DONE ${plan.newLayers ? '0.1s' : '0.0s'}`);
  return id;
}

/** Run the plan as far as it goes without waiting. */
export function advance(engine: Engine, plan: BuildPlan, out: string[]): Advance {
  for (let guard = 0; guard < 10_000; guard++) {
    if (plan.run) {
      const r = finishRun(engine, plan, out);
      if (r.state !== 'done') return r;
      plan.step++;
      continue;
    }
    const s = plan.stages[plan.stage];
    const last = plan.target ? plan.stages.findIndex((x) => x.name === plan.target) : plan.stages.length - 1;
    if (!s || plan.stage > last) {
      plan.imageId = exportImage(engine, plan, out);
      return { state: 'done' };
    }
    if (!plan.cur) {
      const r = startStage(engine, plan, s, out);
      if (r.state !== 'done') return r;
      continue;
    }
    const ins = s.steps[plan.step];
    if (!ins) {
      plan.results[s.name ?? String(s.index)] = plan.cur;
      plan.results[String(s.index)] = plan.cur;
      if (plan.stage === last) {
        plan.imageId = exportImage(engine, plan, out);
        return { state: 'done' };
      }
      plan.stage++;
      plan.step = 0;
      plan.cur = null;
      continue;
    }
    const r = step(engine, plan, s, ins, out);
    if (r.state !== 'done') return r;
    if (!plan.run) plan.step++;
  }
  return { state: 'error', message: 'build did not converge' };
}
