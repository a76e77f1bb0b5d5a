/**
 * Events of the engine's images slice (applied by applyImagesEvent), past
 * tense. The image actions Docker reports in `docker events` (pull, push, tag,
 * untag, delete, import, load, save) are among them.
 */

import type { BuildCacheRecord, BuildJob, ImageRecord, LayerRecord, PullJob, RwLayerRecord } from './types.ts';

export type ImagesEvent =
  /** A read-only layer was unpacked under /var/lib/docker/overlay2 (pull, build, commit, load). */
  | { type: 'image.layerCreated'; layer: LayerRecord }
  | { type: 'image.layerRemoved'; chainId: string }
  /** An image record entered the store. */
  | { type: 'image.created'; image: ImageRecord }
  /** `ref` ("alpine:latest") now names image `id` (moved from another image if it named one); `time` "" for pulls (LastTagTime unchanged). */
  | { type: 'image.tagged'; id: string; ref: string; time: string }
  | { type: 'image.untagged'; id: string; ref: string }
  | { type: 'image.digestAdded'; id: string; ref: string }
  | { type: 'image.deleted'; id: string }
  /** Notifications (docker events): the store changed through the events above. */
  | { type: 'image.pulled'; id: string; ref: string }
  | { type: 'image.pushed'; id: string; ref: string; registry: string }
  | { type: 'image.saved'; ids: string[] }
  | { type: 'image.loaded'; id: string; ref: string }
  | { type: 'image.imported'; id: string; ref: string }
  /** A container's writable layer (and its -init layer) was created or removed. */
  | { type: 'image.rwLayerCreated'; mount: RwLayerRecord }
  | { type: 'image.rwLayerRemoved'; containerId: string }
  | { type: 'image.buildCacheStored'; record: BuildCacheRecord }
  | { type: 'image.buildCacheUsed'; key: string; atMs: number }
  | { type: 'image.buildCachePruned'; keys: string[] }
  | { type: 'image.buildUpdated'; job: BuildJob }
  | { type: 'image.buildRemoved'; id: string }
  /** A pull that takes virtual time began: its plan (pull-job.ts); its layers are unpacked as their time comes. */
  | { type: 'image.pullStarted'; job: PullJob }
  /** A pull handed `sent` messages to its client and did `done` of its steps. */
  | { type: 'image.pullAdvanced'; id: string; sent: number; done: number }
  /** A pull job ended: complete, failed, or abandoned (its client stopped asking; pull-job.ts). */
  | { type: 'image.pullEnded'; id: string; reason: 'complete' | 'failed' | 'abandoned' }
  | { type: 'image.loggedIn'; server: string; username: string }
  | { type: 'image.loggedOut'; server: string }
  /**
   * dockerd started with another storage driver: the stores of `from` are put
   * aside (with `containers`, the records the daemon no longer loads) and
   * those of `to` (empty the first time) come back.
   */
  | { type: 'image.driverSwitched'; from: string; to: string; containers: unknown[] };
