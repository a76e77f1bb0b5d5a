/**
 * Types of the simulated Docker Hub's catalogue: repositories, tags, and each
 * image's config, layers and history as the registry would serve them.
 *
 * Models: registry-1.docker.io's manifests and configs for linux/amd64 and
 * hub.docker.com's repository metadata (description, stars) used by `docker search`.
 * SIMPLIFICATIONS: one platform; digests come from a fixed table (digests.ts),
 * so they look real and never change, but only some are the real ones.
 */

import type { ImageConfig } from '../types.ts';

/** One layer: `key` names its digests (digests.ts) and its file tree (rootfs/index.ts). */
export interface CatLayer {
  key: string;
  /** Uncompressed size in bytes (what `docker images` adds up). */
  size: number;
  /** Compressed blob size in bytes (what the pull downloads). */
  blob: number;
}

/** One Dockerfile step as `docker history` shows it; `layer` when it made one. */
export interface CatStep {
  by: string;
  layer?: CatLayer;
  comment?: string;
  /** RFC 3339; defaults to the image's `created`. */
  created?: string;
  /** A classic-builder RUN whose changes were empty: history shows it, no layer was kept. */
  empty?: true;
}

export interface CatImage {
  /** Digest-table key ("alpine:3.22.2"). */
  key: string;
  /** RFC 3339 creation time of the config. */
  created: string;
  config: ImageConfig;
  /** Steps of this image alone, oldest first; those of `base` come before them. */
  steps: CatStep[];
  base?: CatImage;
  author?: string;
}

export interface CatRepo {
  /** "alpine" (official images live under library/). */
  name: string;
  description: string;
  stars: number;
  tags: Record<string, CatImage>;
}

/** Layers of an image, bottom first, including its base's. */
export function catLayers(img: CatImage): CatLayer[] {
  const own = img.steps.flatMap((s) => (s.layer ? [s.layer] : []));
  return img.base ? [...catLayers(img.base), ...own] : own;
}

/** History of an image, oldest first, including its base's. */
export function catSteps(img: CatImage): Array<CatStep & { created: string }> {
  const own = img.steps.map((s) => ({ ...s, created: s.created ?? img.created }));
  return img.base ? [...catSteps(img.base), ...own] : own;
}

/** "PATH=..." style helpers for configs. */
export function env(...pairs: string[]): string[] {
  return pairs;
}

export const buildkit = 'buildkit.dockerfile.v0';

/** A metadata-only BuildKit step (ENV, CMD, LABEL...). */
export function meta(by: string): CatStep {
  return { by, comment: buildkit };
}

/** A BuildKit step that made a layer. */
export function made(by: string, key: string, size: number, blob: number): CatStep {
  return { by, layer: { key, size, blob }, comment: buildkit };
}

export const MB = 1_000_000;
export const KB = 1_000;
