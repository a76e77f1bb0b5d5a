/**
 * The registries a pull or push talks to: the simulated Docker Hub (the
 * catalogue's official images, plus user repositories once pushed) and
 * private registries such as a `registry:2` container on localhost:5000.
 *
 * Models: the distribution API as the daemon uses it (resolve a tag or digest
 * to a manifest, fetch the config and layer blobs) and Docker Hub's errors.
 * SIMPLIFICATIONS: pushed images are kept by the engine (ImagesState.pushed
 * and their layers in the layer store) rather than as blobs in the registry
 * container's /var/lib/registry; a private registry is reachable when some
 * running container publishes its port and runs the registry image.
 */

import type { Engine } from '../engine.ts';
import type { TreeSpec } from '../../kernel/fs/tree.ts';
import { compileTree, freezeTemplate, type TreeTemplate } from '../../kernel/fs/tree-template.ts';
import type { HistoryEntry, ImageConfig } from './types.ts';
import type { Reference } from './reference.ts';
import { DEFAULT_DOMAIN, familiarName } from './reference.ts';
import { findDigest, findRepo, findTag, imageDigests, layerDigests } from './catalogue/index.ts';
import { catLayers, catSteps, type CatImage } from './catalogue/types.ts';
import { layerTemplate, layerTree } from './rootfs/index.ts';
import { chainIds, layerStack, layerTree as storedLayerTree } from './layers.ts';
import { sha256Hex } from './sha256.ts';

export interface RemoteLayer {
  diffId: string;
  blobDigest: string;
  size: number;
  blobSize: number;
  /** The layer's ChainID when known in advance (catalogue images). */
  chainId?: string;
  tree(): TreeSpec;
  /** The same files compiled (catalogue layers: made once, shared; tree-template.ts). */
  template?(): TreeTemplate;
}

/** An image as a registry serves it. */
export interface RemoteImage {
  id: string;
  /** Index/manifest digest ("sha256:..."), printed as `Digest:`. */
  digest: string;
  created: string;
  config: ImageConfig;
  history: HistoryEntry[];
  comment: string;
  layers: RemoteLayer[];
  /** Catalogue key, for images of the simulated Hub. */
  source?: string;
}

const EMPTY = freezeTemplate(compileTree({}));

export type Resolved = { image: RemoteImage } | { status: number; message: string };

/** ChainIDs of catalogue images' layers, by image key: immutable catalogue data, computed once. */
const CHAINS = new Map<string, readonly string[]>();

function catalogueChains(img: CatImage): readonly string[] {
  let c = CHAINS.get(img.key);
  if (!c) {
    c = Object.freeze(chainIds(catLayers(img).map((l) => layerDigests(l.key).diff)));
    CHAINS.set(img.key, c);
  }
  return c;
}

function fromCatalogue(img: CatImage): RemoteImage {
  const d = imageDigests(img.key);
  const chains = catalogueChains(img);
  const steps = catSteps(img);
  const history: HistoryEntry[] = steps.map((s) => {
    const h: HistoryEntry = { created: s.created, created_by: s.by };
    if (s.comment) h.comment = s.comment;
    if (!s.layer) h.empty_layer = true;
    return h;
  });
  return {
    id: d.id,
    digest: d.digest,
    created: img.created,
    config: img.config,
    history,
    comment: steps[steps.length - 1]?.comment ?? '',
    source: img.key,
    layers: catLayers(img).map((l, i) => {
      const ld = layerDigests(l.key);
      return { diffId: ld.diff, blobDigest: ld.blob, size: l.size, blobSize: l.blob, chainId: chains[i], tree: () => layerTree(l.key) ?? {}, template: () => layerTemplate(l.key) ?? EMPTY };
    }),
  };
}

/** The reference as the registry error messages print it ("alpine:nosuchtag", "learner/app"). */
function shown(r: Reference): string {
  return familiarName(r);
}

/** Is a private registry at `domain` ("localhost:5000") up: a running registry container publishing that port? */
export function privateRegistryUp(engine: Engine, domain: string): boolean {
  const port = domain.split(':')[1] ?? '443';
  const byId = (engine.state.containers as { byId?: Record<string, { Config?: { Image?: string }; State?: { Running?: boolean }; HostConfig?: { PortBindings?: Record<string, Array<{ HostPort: string }> | null> } }> }).byId ?? {};
  return Object.values(byId).some(
    (c) =>
      !!c.State?.Running &&
      /(^|\/)registry(:|$)/.test(c.Config?.Image ?? '') &&
      Object.values(c.HostConfig?.PortBindings ?? {}).some((bs) => (bs ?? []).some((b) => b.HostPort === port)),
  );
}

/** A pushed image, rebuilt from the layers the store still holds. */
function fromPushed(engine: Engine, key: string): RemoteImage | null {
  const id = engine.state.images.pushed[key];
  const img = id ? engine.state.images.images[id] : undefined;
  if (!id || !img) return null;
  const stack = layerStack(engine, img.topChainId).reverse();
  return {
    id,
    digest: `sha256:${sha256Hex(`manifest ${key} ${id}`)}`,
    created: img.created,
    config: img.config,
    history: img.history,
    comment: img.comment,
    layers: stack.map((l) => ({
      diffId: l.diffId,
      blobDigest: l.blobDigest || `sha256:${sha256Hex(`blob ${l.diffId}`)}`,
      size: l.size,
      blobSize: l.compressedSize || Math.max(32, Math.round(l.size * 0.4)),
      tree: () => storedLayerTree(engine, l),
    })),
  };
}

/** Resolve a reference (tag defaulted to latest) on its registry, with Docker Hub's errors. */
export function resolveRemote(engine: Engine, r: Reference): Resolved {
  const tag = r.tag ?? (r.digest ? undefined : 'latest');
  const name = shown(r);
  const denied = { status: 404, message: `pull access denied for ${name}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied` };
  if (r.domain !== DEFAULT_DOMAIN) {
    if (!/^(localhost|127\.0\.0\.1)(:\d+)?$/.test(r.domain)) {
      const host = r.domain.split(':')[0];
      return { status: 500, message: `Get "https://${r.domain}/v2/": dial tcp: lookup ${host} on 10.0.2.3:53: no such host` };
    }
    if (!privateRegistryUp(engine, r.domain)) {
      return { status: 500, message: `Get "http://${r.domain}/v2/": dial tcp 127.0.0.1:${r.domain.split(':')[1] ?? '80'}: connect: connection refused` };
    }
    const img = tag ? fromPushed(engine, `${r.domain}/${r.path}:${tag}`) : null;
    if (img) return { image: img };
    return { status: 404, message: `manifest for ${name}:${tag ?? r.digest} not found: manifest unknown: manifest unknown` };
  }
  if (r.path.startsWith('library/')) {
    const repo = r.path.slice('library/'.length);
    if (!findRepo(repo)) return denied;
    const img = r.digest ? findDigest(repo, r.digest) : findTag(repo, tag as string);
    if (img) return { image: fromCatalogue(img) };
    if (r.digest) return { status: 404, message: `manifest for ${name}@${r.digest} not found: manifest unknown: manifest unknown` };
    return { status: 404, message: `manifest for ${name}:${tag} not found: manifest unknown: manifest unknown` };
  }
  const hasRepo = Object.keys(engine.state.images.pushed).some((k) => k.startsWith(`${DEFAULT_DOMAIN}/${r.path}:`));
  if (!hasRepo) return denied;
  const img = tag ? fromPushed(engine, `${DEFAULT_DOMAIN}/${r.path}:${tag}`) : null;
  if (img) return { image: img };
  return { status: 404, message: `manifest for ${name}:${tag ?? r.digest} not found: manifest unknown: manifest unknown` };
}
