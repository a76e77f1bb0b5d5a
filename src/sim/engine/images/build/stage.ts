/**
 * The start of a build stage (FROM): the base is another stage, scratch, or
 * an image, pulled first when missing, shown as BuildKit shows it
 * ("[1/3] FROM docker.io/library/alpine:3.22@sha256:..." then CACHED, or the
 * resolve/download/extract lines of a pull), and the "load build context"
 * vertex BuildKit starts alongside the first stage.
 *
 * Models: dockerfile2llb's FROM handling and BuildKit's image source with the
 * docker driver (images already in dockerd's store are not fetched again).
 * SIMPLIFICATIONS: download lines use the pull's simulated sizes and speeds.
 */

import type { Engine } from '../../engine.ts';
import type { ImageRecord } from '../types.ts';
import { envMap, expandVars } from '../changes.ts';
import { layerStack } from '../layers.ts';
import { findImage } from '../store.ts';
import { pullImage } from '../pull.ts';
import { sha256Hex } from '../sha256.ts';
import { familiarName, parseReference } from '../reference.ts';
import { stageTotal, stepLabel, type BuildPlan, type Cursor, type StagePlan } from './plan.ts';
import { seconds } from './history.ts';
import type { Advance } from './builder.ts';

function key(...parts: string[]): string {
  return `sha256:${sha256Hex(parts.join('\n'))}`;
}

function vertex(plan: BuildPlan): number {
  return ++plan.vertex;
}

function cursorFromImage(img: ImageRecord | null, total: number, vars: Record<string, string>): Cursor {
  const config = img ? (JSON.parse(JSON.stringify(img.config)) as ImageRecord['config']) : {};
  return {
    chainId: img?.topChainId ?? '',
    diffIds: img ? [...img.diffIds] : [],
    size: img?.size ?? 0,
    config,
    history: img ? img.history.map((h) => ({ ...h })) : [],
    cacheKey: key('FROM', img?.id ?? 'scratch'),
    cmdSet: false,
    vars: { ...vars, ...envMap(config.Env) },
    args: {},
    n: 1,
    total,
  };
}

/** "[internal] load build context", once, when some COPY/ADD reads the context (BuildKit starts it with the first stage). */
function showContext(plan: BuildPlan, out: string[]): void {
  if (plan.contextShown) return;
  const uses = plan.stages.some((st) => st.steps.some((i) => (i.keyword === 'COPY' || i.keyword === 'ADD') && i.flags.from === undefined));
  if (!uses) return;
  plan.contextShown = true;
  const cv = vertex(plan);
  let bytes = 0;
  for (const e of Object.values(plan.ctx)) bytes += typeof e === 'string' ? e.length : 'file' in e ? (e.size ?? (e.file ?? '').length) : 0;
  out.push(`#${cv} [internal] load build context`, `#${cv} transferring context: ${bytes}B done`, `#${cv} DONE 0.0s`, '');
}

/** FROM: the base (another stage, scratch, or an image pulled if missing). */
export function startStage(engine: Engine, plan: BuildPlan, s: StagePlan, out: string[]): Advance {
  const globals: Record<string, string> = {};
  for (const [k, v] of plan.globalArgs) globals[k] = plan.buildArgs[k] ?? v ?? '';
  const base = expandVars(s.base, globals);
  const total = stageTotal(s);
  const label = stepLabel(plan, s, 1, total);
  const prior = plan.results[base.toLowerCase()];
  if (prior) {
    plan.cur = { ...JSON.parse(JSON.stringify(prior)), n: 1, total, cmdSet: false } as Cursor;
    const v = vertex(plan);
    out.push(`#${v} ${label} FROM ${base}`, `#${v} CACHED`, '');
    return { state: 'done' };
  }
  if (base === 'scratch') {
    plan.cur = cursorFromImage(null, total, {});
    showContext(plan, out);
    return { state: 'done' };
  }
  const ref = parseReference(base);
  if ('error' in ref) return { state: 'error', message: `failed to parse stage name "${base}": ${ref.error}`, line: s.line };
  const tag = ref.tag ?? (ref.digest ? undefined : 'latest');
  const full = `${ref.domain}/${ref.path}${tag ? `:${tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
  const v = vertex(plan);
  const t0 = engine.k.uptimeMs;
  let local = findImage(engine, base);
  let pulled: ReturnType<typeof pullImage> | null = null;
  if (!('image' in local)) {
    pulled = pullImage(engine, ref);
    if ('status' in pulled) {
      const why = pulled.message.startsWith('pull access denied') ? `pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed` : `${full}: not found`;
      return { state: 'error', message: `${familiarName(ref)}${tag ? `:${tag}` : ''}: failed to resolve source metadata for ${full}: ${why}`, line: s.line };
    }
    local = findImage(engine, base);
  }
  if (!('image' in local)) return { state: 'error', message: local.message, line: s.line };
  const img = local.image;
  const repoDigest = img.repoDigests.find((d) => d.startsWith(`${familiarName(ref)}@`));
  const shown = ref.digest ? full : repoDigest ? `${full}@${repoDigest.slice(repoDigest.indexOf('@') + 1)}` : full;
  out.push(`#${v} ${label} FROM ${shown}`);
  if (pulled && !('status' in pulled)) {
    out.push(`#${v} resolve ${shown} done`);
    for (const l of layerStack(engine, img.topChainId).reverse()) {
      const mb = l.compressedSize || l.size;
      out.push(`#${v} ${l.blobDigest || l.diffId} ${(mb / 1e6).toFixed(2)}MB / ${(mb / 1e6).toFixed(2)}MB ${seconds(mb / 50_000)} done`);
    }
    for (const l of layerStack(engine, img.topChainId).reverse()) out.push(`#${v} extracting ${l.blobDigest || l.diffId} ${seconds(l.size / 200_000)} done`);
    out.push(`#${v} DONE ${seconds(pulled.durationMs + (engine.k.uptimeMs - t0))}`, '');
  } else out.push(`#${v} CACHED`, '');
  showContext(plan, out);
  const vars: Record<string, string> = {};
  for (const [k] of plan.globalArgs) if (plan.buildArgs[k] !== undefined) vars[k] = plan.buildArgs[k] as string;
  plan.cur = cursorFromImage(img, total, vars);
  return { state: 'done' };
}

