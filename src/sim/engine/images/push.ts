/**
 * `docker push` (POST /images/{name}/push?tag=): upload an image's layers and
 * manifest to its registry.
 *
 * Models: moby distribution/push_v2.go's stream ("The push refers to
 * repository [docker.io/learner/app]", per layer, top first, "Preparing" /
 * "Waiting" / "Pushing" / "Pushed", "Layer already exists", "Mounted from
 * library/alpine", then "<tag>: digest: sha256:... size: N") and Docker Hub's
 * refusal without login or outside one's namespace ("denied: requested access
 * to the resource is denied", as an error in the stream).
 * SIMPLIFICATIONS: the registry keeps a reference to the image in the store
 * (ImagesState.pushed) instead of blobs; no cross-repository checks beyond
 * "this layer came from an official image". Uploads run at the link's
 * upstream speed (progress.ts, 5 MB/s), one layer after another.
 */

import type { Engine } from '../engine.ts';
import type { ImageRecord } from './types.ts';
import { DEFAULT_DOMAIN, familiarName, parseReference } from './reference.ts';
import { authUser, HUB_SERVER } from './auth.ts';
import { layerStack } from './layers.ts';
import { privateRegistryUp } from './registry.ts';
import { sha256Hex } from './sha256.ts';
import { progressBar, UPLOAD_BYTES_PER_MS, type JsonMessage } from './progress.ts';

export interface PushResult {
  messages: JsonMessage[];
  timesMs: number[];
  durationMs: number;
}

function errMsg(m: string): JsonMessage {
  return { errorDetail: { message: m }, error: m };
}

/** Push `name` (a repository, tag separate; tag "" = all tags). */
export function pushImage(engine: Engine, name: string, tag: string, headers: Record<string, string>): PushResult | { status: number; message: string } {
  const r = parseReference(tag ? `${name}:${tag}` : name);
  if ('error' in r) return { status: 400, message: r.error };
  const repo = familiarName(r);
  const st = engine.state.images;
  const tags = tag ? [tag] : Object.keys(st.tags).filter((t) => t.slice(0, t.lastIndexOf(':')) === repo).map((t) => t.slice(t.lastIndexOf(':') + 1));
  const firstId = tags.length ? st.tags[`${repo}:${tags[0]}`] : undefined;
  if (!firstId) return { status: 404, message: `An image does not exist locally with the tag: ${tag ? `${repo}:${tag}` : repo}` };
  const out: JsonMessage[] = [{ status: `The push refers to repository [${r.domain}/${r.path}]` }];
  const times: number[] = [0];
  let now = 150;
  const put = (m: JsonMessage): void => {
    out.push(m);
    times.push(Math.round(now));
  };
  for (const t of tags) {
    const id = st.tags[`${repo}:${t}`];
    const img = id ? st.images[id] : undefined;
    if (!img) continue;
    const layers = layerStack(engine, img.topChainId);
    const short = (d: string): string => d.slice(7, 19);
    for (const l of layers) put({ status: 'Preparing', progressDetail: {}, id: short(l.diffId) });
    layers.slice(5).forEach((l) => put({ status: 'Waiting', progressDetail: {}, id: short(l.diffId) }));
    const denied = checkAccess(engine, r.domain, r.path, headers);
    if (denied) {
      put(errMsg(denied));
      return { messages: out, timesMs: times, durationMs: now };
    }
    const key = `${r.domain}/${r.path}:${t}`;
    const already = new Set<string>();
    for (const [k, pid] of Object.entries(st.pushed)) {
      if (!k.startsWith(`${r.domain}/${r.path}:`)) continue;
      const p = st.images[pid];
      if (p) for (const d of p.diffIds) already.add(d);
    }
    for (const l of [...layers].reverse()) {
      const fromLibrary = r.domain === DEFAULT_DOMAIN && fromOfficial(engine, l.diffId);
      if (already.has(l.diffId)) put({ status: 'Layer already exists', progressDetail: {}, id: short(l.diffId) });
      else if (fromLibrary) put({ status: `Mounted from ${fromLibrary}`, progressDetail: {}, id: short(l.diffId) });
      else {
        const total = l.compressedSize || Math.max(32, Math.round(l.size * 0.4));
        put({ status: 'Pushing', progressDetail: { current: Math.min(total, 512), total }, progress: progressBar(Math.min(total, 512), total), id: short(l.diffId) });
        now += total / UPLOAD_BYTES_PER_MS + 40;
        put({ status: 'Pushed', progressDetail: {}, id: short(l.diffId) });
      }
      now += 20;
    }
    const size = 400 + 100 * layers.length;
    const digest = `sha256:${sha256Hex(`manifest ${key} ${img.id}`)}`;
    put({ status: `${t}: digest: ${digest} size: ${size}` });
    put({ progressDetail: {}, aux: { Tag: t, Digest: digest, Size: size } });
    engine.emit({ type: 'image.pushed', id: img.id, ref: key, registry: r.domain });
    const digestRef = `${repo}@${digest}`;
    if (st.digests[digestRef] !== img.id) engine.emit({ type: 'image.digestAdded', id: img.id, ref: digestRef });
  }
  return { messages: out, timesMs: times, durationMs: now };
}

/** Which official repository a layer came from ("library/alpine"), if any. */
function fromOfficial(engine: Engine, diffId: string): string | null {
  for (const img of Object.values(engine.state.images.images) as ImageRecord[]) {
    if (img.source && img.diffIds.includes(diffId)) return `library/${img.source.split(':')[0]}`;
  }
  return null;
}

/** Why the registry refuses this push, or null. */
function checkAccess(engine: Engine, domain: string, path: string, headers: Record<string, string>): string | null {
  if (domain === DEFAULT_DOMAIN) {
    const user = authUser(engine, headers, HUB_SERVER);
    if (!user || path.startsWith('library/') || path.split('/')[0] !== user) return 'denied: requested access to the resource is denied';
    return null;
  }
  if (/^(localhost|127\.0\.0\.1)(:\d+)?$/.test(domain)) {
    if (privateRegistryUp(engine, domain)) return null;
    return `Get "http://${domain}/v2/": dial tcp 127.0.0.1:${domain.split(':')[1] ?? '80'}: connect: connection refused`;
  }
  return `Get "https://${domain}/v2/": dial tcp: lookup ${domain.split(':')[0]} on 10.0.2.3:53: no such host`;
}
