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
 * The pull takes virtual time (25 MB/s, progress.ts): pull-job.ts plans it and
 * unpacks each layer when it is due, for a client that follows the stream's
 * continuations; pullImage and pullAllTags here do a whole pull at once for
 * the callers that need the image now (build's FROM, tests).
 * SIMPLIFICATIONS: no `--all-tags` for user repositories.
 */

import type { Engine } from '../engine.ts';
import { familiarName, parseReference, type Reference } from './reference.ts';
import type { JsonMessage } from './progress.ts';
import { findRepo } from './catalogue/index.ts';
import { runPull, startPull, type PullError, type PullPart } from './pull-job.ts';

export interface PullResult {
  messages: JsonMessage[];
  /** Virtual ms offset of each message from the start of the pull. */
  timesMs: number[];
  durationMs: number;
  imageId: string;
}

export type PullOutcome = PullResult | PullError;

/** The references a pull covers: `ref`, or with allTags every tag of an official repository in tag order (the summary names the repository). */
export function pullTargets(ref: string | Reference, allTags = false): { refs: Reference[]; allTagsOf?: string } | PullError {
  const r = typeof ref === 'string' ? parseReference(ref) : ref;
  if ('error' in r) return { status: 400, message: r.error };
  if (!allTags) return { refs: [r] };
  const cat = r.path.startsWith('library/') ? findRepo(r.path.slice(8)) : undefined;
  if (!cat) return { refs: [Object.assign({}, r, { tag: 'latest' as const })] };
  return { refs: Object.keys(cat.tags).sort().map((tag) => (Object.assign({}, r, { tag }))), allTagsOf: familiarName(r) };
}

function result(p: PullPart | PullError): PullOutcome {
  return 'status' in p ? p : { messages: p.messages, timesMs: p.timesMs, durationMs: p.durationMs, imageId: p.imageId };
}

/** Pull `ref` ("alpine", "alpine:3.21", "alpine@sha256:...", "localhost:5000/app") at once. */
export function pullImage(engine: Engine, ref: string | Reference): PullOutcome {
  const t = pullTargets(ref);
  return 'status' in t ? t : result(runPull(engine, t.refs, t.allTagsOf));
}

/** `docker pull -a repo` at once: every tag of an official repository, in tag order. */
export function pullAllTags(engine: Engine, repo: string): PullOutcome {
  const t = pullTargets(repo, true);
  return 'status' in t ? t : result(runPull(engine, t.refs, t.allTagsOf));
}

/** Start a pull that takes virtual time (see pull-job.ts): the first part of its stream and where to continue. */
export function startPullOf(engine: Engine, ref: string | Reference, allTags = false): PullPart | PullError {
  const t = pullTargets(ref, allTags);
  return 'status' in t ? t : startPull(engine, t.refs, t.allTagsOf);
}
