/**
 * The only writer of the images slice of EngineState: applies image events,
 * copying data out of them.
 */

import type { EngineState } from '../state.ts';
import type { EngineEvent } from '../events.ts';
import { clonePlain } from '../../kernel/plain.ts';
import { copyPlain } from '../copy.ts';

function removeFrom(list: string[], v: string): string[] {
  return list.filter((x) => x !== v);
}

export function applyImagesEvent(s: EngineState, e: EngineEvent): void {
  const st = s.images;
  switch (e.type) {
    case 'image.driverSwitched': {
      const stashed = (st.stashed ??= {});
      stashed[e.from] = clonePlain({ images: st.images, tags: st.tags, digests: st.digests, layers: st.layers, mounts: st.mounts, buildCache: st.buildCache, containers: e.containers });
      const back = stashed[e.to];
      delete stashed[e.to];
      st.images = back?.images ?? {};
      st.tags = back?.tags ?? {};
      st.digests = back?.digests ?? {};
      st.layers = back?.layers ?? {};
      st.mounts = back?.mounts ?? {};
      st.buildCache = back?.buildCache ?? {};
      st.builds = {};
      if (st.pulls) st.pulls = {};
      if (e.to === 'overlay2') delete st.driver;
      else st.driver = e.to;
      return;
    }
    case 'image.layerCreated':
      st.layers[e.layer.chainId] = { ...e.layer };
      return;
    case 'image.layerRemoved':
      delete st.layers[e.chainId];
      return;
    case 'image.created':
      st.images[e.image.id] = copyPlain(e.image);
      for (const t of e.image.repoTags) st.tags[t] = e.image.id;
      for (const d of e.image.repoDigests) st.digests[d] = e.image.id;
      return;
    case 'image.tagged': {
      const prev = st.tags[e.ref];
      if (prev && prev !== e.id) {
        const old = st.images[prev];
        if (old) old.repoTags = removeFrom(old.repoTags, e.ref);
      }
      st.tags[e.ref] = e.id;
      const img = st.images[e.id];
      if (img) {
        if (!img.repoTags.includes(e.ref)) img.repoTags = [...img.repoTags, e.ref];
        if (e.time) img.lastTagTime = e.time;
      }
      return;
    }
    case 'image.untagged': {
      if (st.tags[e.ref] === e.id) delete st.tags[e.ref];
      if (st.digests[e.ref] === e.id) delete st.digests[e.ref];
      const img = st.images[e.id];
      if (img) {
        img.repoTags = removeFrom(img.repoTags, e.ref);
        img.repoDigests = removeFrom(img.repoDigests, e.ref);
      }
      return;
    }
    case 'image.digestAdded': {
      const prev = st.digests[e.ref];
      if (prev && prev !== e.id) {
        const old = st.images[prev];
        if (old) old.repoDigests = removeFrom(old.repoDigests, e.ref);
      }
      st.digests[e.ref] = e.id;
      const img = st.images[e.id];
      if (img && !img.repoDigests.includes(e.ref)) img.repoDigests = [...img.repoDigests, e.ref];
      return;
    }
    case 'image.deleted': {
      const img = st.images[e.id];
      if (!img) return;
      for (const t of img.repoTags) if (st.tags[t] === e.id) delete st.tags[t];
      for (const d of img.repoDigests) if (st.digests[d] === e.id) delete st.digests[d];
      delete st.images[e.id];
      return;
    }
    case 'image.pushed':
      st.pushed[e.ref] = e.id;
      return;
    case 'image.rwLayerCreated':
      st.mounts[e.mount.containerId] = { ...e.mount };
      return;
    case 'image.rwLayerRemoved':
      delete st.mounts[e.containerId];
      return;
    case 'image.buildCacheStored':
      st.buildCache[e.record.key] = { ...e.record };
      return;
    case 'image.buildCacheUsed': {
      const r = st.buildCache[e.key];
      if (r) r.lastUsedMs = e.atMs;
      return;
    }
    case 'image.buildCachePruned':
      for (const k of e.keys) delete st.buildCache[k];
      return;
    case 'image.buildUpdated':
      st.builds[e.job.id] = clonePlain(e.job);
      return;
    case 'image.buildRemoved':
      delete st.builds[e.id];
      return;
    case 'image.pullStarted':
      (st.pulls ??= {})[e.job.id] = clonePlain(e.job);
      st.pullSeq = Math.max(st.pullSeq ?? 0, Number(e.job.id) || 0);
      return;
    case 'image.pullAdvanced': {
      const j = st.pulls?.[e.id];
      if (j) {
        j.sent = e.sent;
        j.done = e.done;
      }
      return;
    }
    case 'image.pullEnded':
      if (st.pulls) delete st.pulls[e.id];
      return;
    case 'image.loggedIn':
      st.auths[e.server] = e.username;
      return;
    case 'image.loggedOut':
      delete st.auths[e.server];
      return;
    default:
      return;
  }
}
