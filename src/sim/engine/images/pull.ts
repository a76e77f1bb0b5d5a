/**
 * `docker pull` (POST /images/create?fromImage=...&tag=...): resolve the
 * reference on its registry, download and unpack the layers the store lacks,
 * record the image with its tag and repo digest.
 *
 * Models: moby distribution/pull_v2.go and its progress stream ("Pulling from
 * library/alpine", per-layer "Already exists" / "Pulling fs layer" / "Waiting"
 * / "Downloading" / "Verifying Checksum" / "Download complete" / "Extracting" /
 * "Pull complete", "Digest: ...", "Status: Downloaded newer image for ..." or
 * "Status: Image is up to date for ..."), and its errors.
 * SIMPLIFICATIONS: the whole pull happens at once in the store; the time it
 * would take (25 MB/s, progress.ts) is reported with each message's offset so the
 * client can pace its output; no `--all-tags` for user repositories.
 */

import type { Engine } from '../engine.ts';
import type { ImageRecord } from './types.ts';
import { isErr } from '../../kernel/errno.ts';
import { familiarName, parseReference, type Reference } from './reference.ts';
import { resolveRemote, type RemoteImage } from './registry.ts';
import { chainIdOf, createLayer } from './layers.ts';
import { tagImage, writeImageDb, writeRepositories } from './store.ts';
import { schedulePull, type JsonMessage, type Timed } from './progress.ts';
import { findRepo } from './catalogue/index.ts';

export interface PullResult {
  messages: JsonMessage[];
  /** Virtual ms offset of each message from the start of the pull. */
  timesMs: number[];
  durationMs: number;
  imageId: string;
}

export type PullOutcome = PullResult | { status: number; message: string };

/** Store a remote image's layers and record (no tags). Returns which layers existed. */
export function storeRemote(engine: Engine, img: RemoteImage): { record: ImageRecord; existed: boolean[] } | { status: number; message: string } {
  let parent = '';
  const existed: boolean[] = [];
  for (const l of img.layers) {
    const made = createLayer(engine, { diffId: l.diffId, parent, chainId: l.chainId, tree: l.tree, template: l.template, size: l.size, compressedSize: l.blobSize, blobDigest: l.blobDigest });
    if (isErr(made)) return { status: 500, message: `failed to register layer: ${made.errno}` };
    existed.push(made.existed);
    parent = made.layer.chainId;
  }
  const have = engine.state.images.images[img.id];
  if (have) return { record: have, existed };
  const record: ImageRecord = {
    id: img.id,
    repoTags: [],
    repoDigests: [],
    parent: '',
    comment: img.comment,
    created: img.created,
    author: '',
    dockerVersion: '',
    config: img.config,
    architecture: 'amd64',
    os: 'linux',
    diffIds: img.layers.map((l) => l.diffId),
    topChainId: parent,
    history: img.history,
    size: img.layers.reduce((n, l) => n + l.size, 0),
    lastTagTime: '',
  };
  if (img.source) record.source = img.source;
  engine.emit({ type: 'image.created', image: record });
  writeImageDb(engine, record);
  return { record: engine.state.images.images[img.id] as ImageRecord, existed };
}

function layersPresent(engine: Engine, img: RemoteImage): boolean[] {
  let parent = '';
  return img.layers.map((l) => {
    parent = l.chainId ?? chainIdOf(parent, l.diffId);
    return !!engine.state.images.layers[parent];
  });
}

/** Pull `ref` ("alpine", "alpine:3.21", "alpine@sha256:...", "localhost:5000/app"). */
export function pullImage(engine: Engine, ref: string | Reference): PullOutcome {
  const r = typeof ref === 'string' ? parseReference(ref) : ref;
  if ('error' in r) return { status: 400, message: r.error };
  if (r.path === 'library/scratch') return { status: 400, message: "'scratch' is a reserved name" };
  const resolved = resolveRemote(engine, r);
  if ('status' in resolved) return resolved;
  const img = resolved.image;
  const name = familiarName(r);
  const tag = r.tag ?? (r.digest ? undefined : 'latest');
  const shownRef = tag ? `${name}:${tag}` : `${name}@${r.digest}`;
  const st = engine.state.images;
  const upToDate = tag ? st.tags[`${name}:${tag}`] === img.id : !!st.digests[`${name}@${r.digest}`];
  const haveImage = !!st.images[img.id];
  const present = layersPresent(engine, img);
  const timed: Timed[] = [{ t: 0, msg: { status: `Pulling from ${r.path}`, id: tag ?? (r.digest as string) } }];
  let duration = 120;
  if (!haveImage) {
    const sched = schedulePull(img.layers.map((l, i) => ({ id: l.blobDigest.slice(7, 19), blobSize: l.blobSize, size: l.size, exists: present[i] as boolean })));
    timed.push(...sched.messages);
    duration = sched.durationMs;
  }
  const stored = storeRemote(engine, img);
  if ('status' in stored) return stored;
  timed.push({ t: duration, msg: { status: `Digest: ${img.digest}` } });
  timed.push({ t: duration, msg: { status: upToDate ? `Status: Image is up to date for ${shownRef}` : `Status: Downloaded newer image for ${shownRef}` } });
  if (tag && !upToDate) tagImage(engine, img.id, `${name}:${tag}`, { byPull: true });
  const digestRef = `${name}@${img.digest}`;
  if (st.digests[digestRef] !== img.id) {
    engine.emit({ type: 'image.digestAdded', id: img.id, ref: digestRef });
    writeRepositories(engine);
  }
  engine.emit({ type: 'image.pulled', id: img.id, ref: shownRef });
  return { messages: timed.map((x) => x.msg), timesMs: timed.map((x) => x.t), durationMs: duration, imageId: img.id };
}

/** `docker pull -a repo`: every tag of an official repository, in tag order. */
export function pullAllTags(engine: Engine, repo: string): PullOutcome {
  const r = parseReference(repo);
  if ('error' in r) return { status: 400, message: r.error };
  const cat = r.path.startsWith('library/') ? findRepo(r.path.slice(8)) : undefined;
  if (!cat) return pullImage(engine, { ...r, tag: 'latest' });
  const all: PullResult = { messages: [], timesMs: [], durationMs: 0, imageId: '' };
  for (const tag of Object.keys(cat.tags).sort()) {
    const p = pullImage(engine, { ...r, tag });
    if ('status' in p) return p;
    const base = all.durationMs;
    p.messages.forEach((m, i) => {
      if (m.status?.startsWith('Status:') || m.status?.startsWith('Digest:')) return;
      all.messages.push(m);
      all.timesMs.push(base + (p.timesMs[i] ?? 0));
    });
    all.durationMs += p.durationMs;
    all.imageId = p.imageId;
  }
  all.messages.push({ status: `Status: Downloaded newer images for ${familiarName(r)}` });
  all.timesMs.push(all.durationMs);
  return all;
}
