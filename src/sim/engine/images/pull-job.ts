/**
 * A pull that takes virtual time: the daemon plans the whole progress stream
 * when the pull starts and unpacks each layer when its "Pull complete" is due,
 * recording the image (tag, repo digest, the `pull` event) when the last layer
 * is in.
 *
 * Models: moby's pull (distribution/pull_v2.go with the xfer download
 * manager): layers are registered in the layer store one by one, bottom
 * first, as their downloads and extractions finish, and the image, its tag and
 * its digest only once all of them are in. A layer that was registered stays
 * when the pull is interrupted, so the next pull reports it "Already exists".
 * Protocol (a simulation extension, like a build's, see build/route.ts): a
 * client that sends X-Sim-Accept-Continue gets the messages due before the
 * first layer to unpack and X-Sim-Continue: /images/pull-jobs/<id>; GET on
 * that path, once the layer is due (X-Sim-Poll-Ms after the part's last
 * message), unpacks the layers due by then and answers the messages up to the
 * next one, until the last part (Digest, Status) comes without a
 * continuation. Every message carries its offset from the start of the pull.
 * The job is plain data in ImagesState.pulls, so a snapshot taken mid-pull
 * resumes it.
 * SIMPLIFICATIONS: the stream is planned at the start (the layers present
 * then say "Already exists" even if another pull unpacks more meanwhile;
 * createLayer finds a layer another pull unpacked first and reuses it); the
 * daemon does not see the client go away (^C): a job whose next part is
 * overdue by PULL_JOB_EXPIRY_MS is dropped when a later pull request comes
 * (dockerd cancels the pull of a client that disconnects); concurrent pulls
 * of one image each download it instead of sharing the transfer; layers a
 * dropped pull unpacked stay in the store, unused, until a later pull of an
 * image that has them.
 */

import type { Engine } from '../engine.ts';
import type { ImageRecord, PullJob, PullStep, PullTarget } from './types.ts';
import { isErr } from '../../kernel/errno.ts';
import { clonePlain } from '../../kernel/plain.ts';
import { familiarName, type Reference } from './reference.ts';
import { resolveRemote, type RemoteImage } from './registry.ts';
import { chainIdOf, createLayer } from './layers.ts';
import { tagImage, writeImageDb, writeRepositories } from './store.ts';
import { schedulePull, type JsonMessage } from './progress.ts';

export type PullError = { status: number; message: string };

/** A job whose next part is overdue by this long (virtual ms) has lost its client: the next pull request drops it. */
export const PULL_JOB_EXPIRY_MS = 60_000;

/** One part of a pull's stream and, while the pull goes on, where and when to ask for the next. */
export interface PullPart {
  messages: JsonMessage[];
  /** Offsets from the start of the pull (virtual ms). */
  timesMs: number[];
  durationMs: number;
  imageId: string;
  next: { path: string; pollMs: number } | null;
}

function chainsOf(img: RemoteImage): string[] {
  let parent = '';
  return img.layers.map((l) => (parent = l.chainId ?? chainIdOf(parent, l.diffId)));
}

/**
 * Plan the pull of `refs` (one reference, or every tag of a repository for
 * `docker pull -a`, then the summary names `allTagsOf`): the messages and
 * their times, and the steps that unpack and record. Changes nothing.
 */
export function planPull(engine: Engine, refs: Reference[], allTagsOf?: string): PullJob | PullError {
  const st = engine.state.images;
  const job: PullJob = { id: '', startMs: engine.k.uptimeMs, durationMs: 0, targets: [], messages: [], timesMs: [], steps: [], sent: 0, done: 0 };
  const put = (t: number, m: JsonMessage): void => {
    job.messages.push(m);
    job.timesMs.push(t);
  };
  // What earlier targets of this job will have unpacked and recorded (docker pull -a).
  const willHave = new Set<string>();
  const willImages = new Set<string>();
  for (const r of refs) {
    if (r.path === 'library/scratch') return { status: 400, message: "'scratch' is a reserved name" };
    const resolved = resolveRemote(engine, r);
    if ('status' in resolved) return resolved;
    const img = resolved.image;
    const name = familiarName(r);
    const tag = r.tag ?? (r.digest ? undefined : 'latest');
    const shownRef = tag ? `${name}:${tag}` : `${name}@${r.digest}`;
    const tagRef = tag ? `${name}:${tag}` : null;
    const upToDate = tagRef ? st.tags[tagRef] === img.id : !!st.digests[`${name}@${r.digest}`];
    const haveImage = !!st.images[img.id] || willImages.has(img.id);
    const chains = chainsOf(img);
    const present = chains.map((c) => !!st.layers[c] || willHave.has(c));
    const target = job.targets.length;
    job.targets.push({ ref: { ...r }, tagRef, shownRef, imageId: img.id });
    const base = job.durationMs;
    const first = job.messages.length;
    put(base, { status: `Pulling from ${r.path}`, id: tag ?? (r.digest as string) });
    const steps: PullStep[] = [];
    let duration = 120;
    if (!haveImage) {
      const sched = schedulePull(img.layers.map((l, i) => ({ id: l.blobDigest.slice(7, 19), blobSize: l.blobSize, size: l.size, exists: present[i] as boolean })));
      // Extraction goes in layer order: the k-th "Pull complete" is the k-th layer to download.
      const fresh = img.layers.map((_, i) => i).filter((i) => !present[i]);
      let k = 0;
      for (const m of sched.messages) {
        if (m.msg.status === 'Pull complete' && k < fresh.length) steps.push({ at: job.messages.length, dueMs: base + m.t, target, layer: fresh[k++] as number });
        put(base + m.t, m.msg);
      }
      duration = sched.durationMs;
    }
    // Layers the store has (or an earlier target brings) are found at the start; the others when they complete.
    const found = img.layers.map((_, i) => i).filter((i) => !steps.some((s) => s.layer === i));
    const mine = [...found.map((i) => ({ at: first, dueMs: base, target, layer: i })), ...steps];
    const last = mine[mine.length - 1];
    mine.push({ at: last ? last.at : first, dueMs: last ? last.dueMs : base, target, layer: -1 });
    job.steps.push(...mine);
    if (!allTagsOf) {
      put(base + duration, { status: `Digest: ${img.digest}` });
      put(base + duration, { status: upToDate ? `Status: Image is up to date for ${shownRef}` : `Status: Downloaded newer image for ${shownRef}` });
    }
    job.durationMs = base + duration;
    for (const c of chains) willHave.add(c);
    willImages.add(img.id);
  }
  if (allTagsOf) put(job.durationMs, { status: `Status: Downloaded newer images for ${allTagsOf}` });
  return job;
}

function imageRecordOf(img: RemoteImage, topChainId: string): ImageRecord {
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
    topChainId,
    history: img.history,
    size: img.layers.reduce((n, l) => n + l.size, 0),
    lastTagTime: '',
  };
  if (img.source) record.source = img.source;
  return record;
}

/** Unpack layers 0..n of an image (those present are found: createLayer reports them existing). */
function unpackUpTo(engine: Engine, img: RemoteImage, n: number): string | PullError {
  let parent = '';
  for (let i = 0; i <= n && i < img.layers.length; i++) {
    const l = img.layers[i] as RemoteImage['layers'][number];
    const made = createLayer(engine, { diffId: l.diffId, parent, chainId: l.chainId, tree: l.tree, template: l.template, size: l.size, compressedSize: l.blobSize, blobDigest: l.blobDigest });
    if (isErr(made)) return { status: 500, message: `failed to register layer: ${made.errno}` };
    parent = made.layer.chainId;
  }
  return parent;
}

/** The image is complete: record it, tag it, note its repo digest, report the pull. */
function recordImage(engine: Engine, t: PullTarget, img: RemoteImage): PullError | null {
  const top = unpackUpTo(engine, img, img.layers.length - 1);
  if (typeof top !== 'string') return top;
  const st = engine.state.images;
  if (!st.images[img.id]) {
    const record = imageRecordOf(img, top);
    engine.emit({ type: 'image.created', image: record });
    writeImageDb(engine, record);
  }
  if (t.tagRef && st.tags[t.tagRef] !== img.id) tagImage(engine, img.id, t.tagRef, { byPull: true });
  const digestRef = `${familiarName(t.ref)}@${img.digest}`;
  if (st.digests[digestRef] !== img.id) {
    engine.emit({ type: 'image.digestAdded', id: img.id, ref: digestRef });
    writeRepositories(engine);
  }
  engine.emit({ type: 'image.pulled', id: img.id, ref: t.shownRef });
  return null;
}

/**
 * Run a job as far as `elapsedMs` (from its start) allows, or to its end:
 * the steps that are due, and the messages up to the first step that is not.
 * Changes `job` (sent, done). A failed step ends the stream with its error.
 */
export function advancePull(engine: Engine, job: PullJob, elapsedMs: number, toEnd: boolean): { messages: JsonMessage[]; timesMs: number[]; failed: boolean } {
  const messages: JsonMessage[] = [];
  const timesMs: number[] = [];
  const remotes: Array<RemoteImage | PullError> = [];
  const remote = (i: number): RemoteImage | PullError => {
    let r = remotes[i];
    if (!r) {
      const t = job.targets[i] as PullTarget;
      const res = resolveRemote(engine, t.ref);
      r = 'status' in res ? res : res.image.id === t.imageId ? res.image : { status: 500, message: `manifest for ${t.shownRef} changed during the pull` };
      remotes[i] = r;
    }
    return r;
  };
  const fail = (e: PullError): { messages: JsonMessage[]; timesMs: number[]; failed: boolean } => {
    messages.push({ error: e.message, errorDetail: { message: e.message } });
    timesMs.push(Math.max(elapsedMs, timesMs[timesMs.length - 1] ?? 0));
    return { messages, timesMs, failed: true };
  };
  for (;;) {
    while (job.done < job.steps.length && (job.steps[job.done] as PullStep).at <= job.sent) {
      const s = job.steps[job.done] as PullStep;
      if (!toEnd && s.dueMs > elapsedMs) return { messages, timesMs, failed: false };
      const img = remote(s.target);
      if ('status' in img) return fail(img);
      const err = s.layer < 0 ? recordImage(engine, job.targets[s.target] as PullTarget, img) : unpackUpTo(engine, img, s.layer);
      if (err && typeof err !== 'string') return fail(err);
      job.done++;
    }
    if (job.sent >= job.messages.length) return { messages, timesMs, failed: false };
    messages.push(job.messages[job.sent] as JsonMessage);
    timesMs.push(job.timesMs[job.sent] as number);
    job.sent++;
  }
}

function finished(job: PullJob): boolean {
  return job.done >= job.steps.length && job.sent >= job.messages.length;
}

function partOf(job: PullJob, r: { messages: JsonMessage[]; timesMs: number[]; failed: boolean }, elapsedMs: number): PullPart {
  const last = job.targets[job.targets.length - 1];
  const part: PullPart = { messages: r.messages, timesMs: r.timesMs, durationMs: job.durationMs, imageId: last?.imageId ?? '', next: null };
  if (!r.failed && !finished(job)) {
    const due = (job.steps[job.done] as PullStep).dueMs;
    const from = Math.max(elapsedMs, r.timesMs[r.timesMs.length - 1] ?? 0);
    part.next = { path: `/images/pull-jobs/${job.id}`, pollMs: Math.max(0, Math.ceil(due - from)) };
  }
  return part;
}

/** Drop the jobs whose client stopped asking (next part overdue by PULL_JOB_EXPIRY_MS). */
export function sweepPullJobs(engine: Engine): void {
  const now = engine.k.uptimeMs;
  for (const job of Object.values(engine.state.images.pulls ?? {})) {
    const due = job.steps[job.done]?.dueMs ?? job.durationMs;
    if (now - job.startMs - due > PULL_JOB_EXPIRY_MS) engine.emit({ type: 'image.pullEnded', id: job.id, reason: 'abandoned' });
  }
}

/** The whole pull at once (internal callers: build's FROM; clients that do not follow continuations). */
export function runPull(engine: Engine, refs: Reference[], allTagsOf?: string): PullPart | PullError {
  const job = planPull(engine, refs, allTagsOf);
  if ('status' in job) return job;
  return partOf(job, advancePull(engine, job, 0, true), 0);
}

/** Start a pull that takes virtual time: the first part, and a job to continue unless it is already complete. */
export function startPull(engine: Engine, refs: Reference[], allTagsOf?: string): PullPart | PullError {
  sweepPullJobs(engine);
  const job = planPull(engine, refs, allTagsOf);
  if ('status' in job) return job;
  job.id = String((engine.state.images.pullSeq ?? 0) + 1);
  const r = advancePull(engine, job, 0, false);
  if (!r.failed && !finished(job)) engine.emit({ type: 'image.pullStarted', job });
  return partOf(job, r, 0);
}

/** GET /images/pull-jobs/<id>: unpack what is due, answer the next part. */
export function continuePull(engine: Engine, id: string): PullPart | PullError {
  sweepPullJobs(engine);
  const stored = engine.state.images.pulls?.[id];
  if (!stored) return { status: 404, message: `no such pull job: ${id}` };
  const job = clonePlain(stored);
  const elapsed = engine.k.uptimeMs - job.startMs;
  const r = advancePull(engine, job, elapsed, false);
  if (r.failed || finished(job)) engine.emit({ type: 'image.pullEnded', id, reason: r.failed ? 'failed' : 'complete' });
  else if (job.sent !== stored.sent || job.done !== stored.done) engine.emit({ type: 'image.pullAdvanced', id, sent: job.sent, done: job.done });
  return partOf(job, r, elapsed);
}
