/**
 * The image store and reference store: finding an image by what the user
 * typed, tagging, untagging and deleting (`docker rmi`), and the metadata files
 * under /var/lib/docker/image/overlay2.
 *
 * Models: moby daemon/images (GetImage, TagImage, ImageDelete with its
 * conflict rules), image/store.go and reference/store.go
 * (repositories.json).
 * SIMPLIFICATIONS: the imagedb holds the config JSON as this store renders it
 * (its digest is the ID for built images; catalogue images keep the registry's ID).
 */

import type { Engine } from '../engine.ts';
import type { ImageRecord } from './types.ts';
import { shortId } from './types.ts';
import { familiarName, familiarTagged, looksLikeId, parseReference, type Reference } from './reference.ts';
import { imageRoot, putFile, putTree, rmTree } from './hostfs.ts';
import { releaseChain } from './layers.ts';
import { rfc3339Nano } from './time.ts';

/** The config JSON of an image, as the imagedb stores it (and as its ID is computed). */
export function configJson(img: Pick<ImageRecord, 'architecture' | 'config' | 'created' | 'history' | 'os' | 'diffIds' | 'author' | 'comment'>): string {
  const o: Record<string, unknown> = { architecture: img.architecture };
  if (img.author) o.author = img.author;
  o.config = img.config;
  o.created = img.created;
  o.history = img.history;
  o.os = img.os;
  o.rootfs = { type: 'layers', diff_ids: img.diffIds };
  if (img.comment) o.comment = img.comment;
  return JSON.stringify(o);
}

/** Write imagedb content and metadata for a new image. */
export function writeImageDb(engine: Engine, img: ImageRecord): void {
  const hex = img.id.replace(/^sha256:/, '');
  putFile(engine, `${imageRoot(engine)}/imagedb/content/sha256/${hex}`, configJson(img), 0o600);
  const meta: Record<string, string> = { lastUpdated: rfc3339Nano(engine.k.nowMs) };
  if (img.parent) meta.parent = img.parent;
  putTree(engine, `${imageRoot(engine)}/imagedb/metadata/sha256/${hex}`, meta, 0o700);
}

/** repositories.json: {"Repositories": {"alpine": {"alpine:latest": "sha256:...", ...}}}. */
export function writeRepositories(engine: Engine): void {
  const repos: Record<string, Record<string, string>> = {};
  const st = engine.state.images;
  const add = (ref: string, id: string): void => {
    const r = parseReference(ref);
    if ('error' in r) return;
    const name = familiarName(r);
    (repos[name] ??= {})[ref] = id;
  };
  for (const [ref, id] of Object.entries(st.tags)) add(ref, id);
  for (const [ref, id] of Object.entries(st.digests)) add(ref, id);
  putFile(engine, `${imageRoot(engine)}/repositories.json`, JSON.stringify({ Repositories: repos }), 0o600);
}

export type Lookup = { image: ImageRecord } | { status: number; message: string };

/** Normalise "alpine" to "alpine:latest" (familiar form) for lookups; null if not a valid reference. */
export function normalizeRef(ref: string): { ref: Reference; key: string } | null {
  const r = parseReference(ref);
  if ('error' in r) return null;
  if (r.digest) return { ref: r, key: `${familiarName(r)}@${r.digest}` };
  return { ref: r, key: familiarTagged(r) };
}

/** GetImage: by reference (tag or digest), else by full ID or unique ID prefix. */
export function findImage(engine: Engine, refOrId: string): Lookup {
  const st = engine.state.images;
  const n = normalizeRef(refOrId);
  if (n) {
    const id = n.ref.digest ? st.digests[n.key] : st.tags[n.key];
    const img = id ? st.images[id] : undefined;
    if (img) return { image: img };
  }
  if (looksLikeId(refOrId)) {
    const want = refOrId.startsWith('sha256:') ? refOrId : `sha256:${refOrId}`;
    if (st.images[want]) return { image: st.images[want] as ImageRecord };
    const hexPart = want.slice(7);
    let found: ImageRecord | null = null;
    for (const img of Object.values(st.images)) {
      if (!img.id.slice(7).startsWith(hexPart)) continue;
      if (found) return { status: 400, message: `ambiguous image ID prefix: ${refOrId}` };
      found = img;
    }
    if (found) return { image: found };
  }
  if (!n && !looksLikeId(refOrId)) {
    const r = parseReference(refOrId);
    return { status: 400, message: 'error' in r ? r.error : 'invalid reference format' };
  }
  return { status: 404, message: `No such image: ${n ? n.key : refOrId}` };
}

/** The image a reference or ID names, or null (exported for the containers area). */
export function resolveImage(engine: Engine, ref: string): ImageRecord | null {
  const r = findImage(engine, ref);
  return 'image' in r ? r.image : null;
}

/** Point `target` ("repo:tag", familiar form) at image `id`. */
export function tagImage(engine: Engine, id: string, target: string, o: { byPull?: boolean } = {}): void {
  engine.emit({ type: 'image.tagged', id, ref: target, time: o.byPull ? '' : rfc3339Nano(engine.k.nowMs) });
  writeRepositories(engine);
}

/** Containers using image `id` (from the containers area's records, else the image store's container layers). */
export function containersUsing(engine: Engine, id: string): Array<{ id: string; running: boolean }> {
  const out: Array<{ id: string; running: boolean }> = [];
  const byId = (engine.state.containers as { byId?: Record<string, { Id: string; Image: string; State?: { Running?: boolean; Paused?: boolean; Restarting?: boolean } }> }).byId;
  if (byId) {
    for (const c of Object.values(byId)) {
      if (c.Image === id) out.push({ id: c.Id, running: !!(c.State?.Running || c.State?.Paused || c.State?.Restarting) });
    }
    return out;
  }
  for (const m of Object.values(engine.state.images.mounts)) if (m.imageId === id) out.push({ id: m.containerId, running: false });
  return out;
}

/** References (tags and digests) naming image `id`. */
function refsOf(engine: Engine, id: string): string[] {
  const img = engine.state.images.images[id];
  return img ? [...img.repoTags, ...img.repoDigests] : [];
}

const isDigestRef = (r: string): boolean => r.includes('@');
const repoOf = (r: string): string => (isDigestRef(r) ? r.slice(0, r.indexOf('@')) : r.slice(0, r.lastIndexOf(':')));

/** moby isSingleReference: at most one tag, and every reference in one repository. */
function isSingleReference(refs: string[]): boolean {
  if (refs.length <= 1) return refs.length === 1;
  let single: string | null = null;
  const canonical = new Set<string>();
  for (const r of refs) {
    if (isDigestRef(r)) canonical.add(repoOf(r));
    else if (single === null) single = r;
    else return false;
  }
  const s = single ?? (refs[0] as string);
  return canonical.size === 1 && canonical.has(repoOf(s));
}

export type DeleteRecord = { Untagged: string } | { Deleted: string };

function untag(engine: Engine, id: string, ref: string): DeleteRecord {
  engine.emit({ type: 'image.untagged', id, ref });
  return { Untagged: ref };
}

interface Conflict {
  hard: boolean;
  used: boolean;
  message: string;
}

function checkConflict(engine: Engine, id: string, force: boolean, ignoreRefs = false): Conflict | null {
  const st = engine.state.images;
  if (Object.values(st.images).some((i) => i.parent === id)) return { hard: true, used: false, message: 'image has dependent child images' };
  const uses = containersUsing(engine, id);
  const running = uses.find((u) => u.running);
  if (running) return { hard: true, used: true, message: `image is being used by running container ${running.id.slice(0, 12)}` };
  if (force) return null;
  if (!ignoreRefs && refsOf(engine, id).length > 0) return { hard: false, used: false, message: 'image is referenced in multiple repositories' };
  const stopped = uses.find((u) => !u.running);
  if (stopped) return { hard: false, used: true, message: `image is being used by stopped container ${stopped.id.slice(0, 12)}` };
  return null;
}

function deleteHelper(engine: Engine, id: string, out: DeleteRecord[], force: boolean, prune: boolean, quiet: boolean): { status: number; message: string } | null {
  const img = engine.state.images.images[id];
  if (!img) return null;
  const c = checkConflict(engine, id, force);
  if (c) {
    // moby imageIsDangling: no references and no child images.
    const dangling = img.repoTags.length === 0 && img.repoDigests.length === 0 && !Object.values(engine.state.images.images).some((i) => i.parent === id);
    if (quiet && (!dangling || c.used)) return null;
    return { status: 409, message: `conflict: unable to delete ${shortId(id)} (${c.hard ? 'cannot' : 'must'} be forced) - ${c.message}` };
  }
  for (const r of refsOf(engine, id)) out.push(untag(engine, id, r));
  const parent = img.parent;
  engine.emit({ type: 'image.deleted', id });
  out.push({ Deleted: id });
  const hex = id.replace(/^sha256:/, '');
  rmTree(engine, `${imageRoot(engine)}/imagedb/content/sha256/${hex}`);
  rmTree(engine, `${imageRoot(engine)}/imagedb/metadata/sha256/${hex}`);
  for (const chain of releaseChain(engine, img.topChainId)) out.push({ Deleted: chain });
  if (!prune || !parent) return null;
  return deleteHelper(engine, parent, out, false, true, true);
}

/** `docker rmi`: untag and/or delete, with Docker's conflict rules. */
export function deleteImage(engine: Engine, refOrId: string, o: { force?: boolean; noprune?: boolean } = {}): DeleteRecord[] | { status: number; message: string } {
  const force = !!o.force;
  const prune = !o.noprune;
  const found = findImage(engine, refOrId);
  if (!('image' in found)) return found;
  const id = found.image.id;
  const out: DeleteRecord[] = [];
  let refs = refsOf(engine, id);
  const byId = looksLikeId(refOrId) && id.replace(/^sha256:/, '').startsWith(refOrId.replace(/^sha256:/, '')) && !normalizeIsTag(engine, refOrId, id);
  let removedRepositoryRef = false;
  if (!byId) {
    const n = normalizeRef(refOrId);
    const key = n ? n.key : refOrId;
    if (!force && isSingleReference(refs)) {
      const user = containersUsing(engine, id)[0];
      if (user) {
        return { status: 409, message: `conflict: unable to remove repository reference "${refOrId}" (must force) - container ${user.id.slice(0, 12)} is using its referenced image ${shortId(id)}` };
      }
    }
    out.push(untag(engine, id, key));
    refs = refsOf(engine, id);
    if (!isDigestRef(key)) {
      const repo = repoOf(key);
      const tagLeft = refs.some((r) => !isDigestRef(r) && repoOf(r) === repo);
      if (!tagLeft) {
        for (const r of refs) if (isDigestRef(r) && repoOf(r) === repo) out.push(untag(engine, id, r));
        refs = refsOf(engine, id);
      }
    }
    if (refs.length > 0) {
      writeRepositories(engine);
      return out;
    }
    removedRepositoryRef = true;
  } else if (isSingleReference(refs)) {
    const c = checkConflict(engine, id, force, true);
    if (c) return { status: 409, message: `conflict: unable to delete ${shortId(id)} (${c.hard ? 'cannot' : 'must'} be forced) - ${c.message}` };
    for (const r of refs) out.push(untag(engine, id, r));
  }
  const err = deleteHelper(engine, id, out, force, prune, removedRepositoryRef);
  writeRepositories(engine);
  return err ?? out;
}

/** Was `s` resolved as a tag ("abc123:latest") rather than an ID prefix? */
function normalizeIsTag(engine: Engine, s: string, id: string): boolean {
  const n = normalizeRef(s);
  return !!n && !n.ref.digest && engine.state.images.tags[n.key] === id;
}

/** Images that are neither tagged nor a parent of another image. */
export function isDangling(engine: Engine, img: ImageRecord): boolean {
  return img.repoTags.length === 0 && !Object.values(engine.state.images.images).some((i) => i.parent === img.id);
}
