/**
 * The simulated Docker Hub: every repository of the catalogue by name, and
 * lookups by repository and tag.
 *
 * Models: registry-1.docker.io (manifests, configs, blobs) and Docker Hub's
 * search index, for the official images ("library/<name>").
 * SIMPLIFICATIONS: only official images; user repositories exist only once
 * someone pushes them (ImagesState.pushed).
 */

import type { CatImage, CatRepo } from './types.ts';
import { catLayers } from './types.ts';
import { DISTRO_REPOS } from './distros.ts';
import { SERVER_REPOS } from './servers.ts';
import { DATABASE_REPOS } from './databases.ts';
import { LANGUAGE_REPOS } from './languages.ts';
import { imageDigests, layerDigests } from './digests.ts';

export const CATALOGUE: readonly CatRepo[] = [...DISTRO_REPOS, ...SERVER_REPOS, ...DATABASE_REPOS, ...LANGUAGE_REPOS];

/** An official repository by its short name ("alpine"). */
export function findRepo(name: string): CatRepo | undefined {
  return CATALOGUE.find((r) => r.name === name);
}

/** The image a tag names, with its IDs. */
export function findTag(repo: string, tag: string): CatImage | undefined {
  const r = findRepo(repo);
  if (!r || !Object.prototype.hasOwnProperty.call(r.tags, tag)) return undefined;
  return r.tags[tag];
}

/** The image whose index digest is `digest` ("sha256:..."), in `repo`. */
export function findDigest(repo: string, digest: string): CatImage | undefined {
  const r = findRepo(repo);
  if (!r) return undefined;
  return Object.values(r.tags).find((img) => imageDigests(img.key).digest === digest);
}

/** Every image of the catalogue once (for tests and search). */
export function allImages(): CatImage[] {
  const seen = new Set<string>();
  const out: CatImage[] = [];
  for (const r of CATALOGUE) {
    for (const img of Object.values(r.tags)) {
      if (seen.has(img.key)) continue;
      seen.add(img.key);
      out.push(img);
    }
  }
  return out;
}

/** Every layer key of the catalogue once. */
export function allLayerKeys(): string[] {
  const s = new Set<string>();
  for (const img of allImages()) for (const l of catLayers(img)) s.add(l.key);
  return [...s];
}

export { imageDigests, layerDigests };
