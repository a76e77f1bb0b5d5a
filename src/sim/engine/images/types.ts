/**
 * The image store's state: what dockerd keeps under
 * /var/lib/docker/image/overlay2 (imagedb, layerdb, repositories.json) and
 * which overlay2 directories hold each layer.
 *
 * Models: moby's image store (daemon/images, image/store.go), its layer store
 * (layer/layer_store.go: read-only layers by ChainID, read-write "mounts" per
 * container), reference store (repositories.json: repo tags and digests), the
 * build cache, builds and pulls in progress, and the credentials `docker login`
 * stores.
 * SIMPLIFICATIONS: one platform (linux/amd64); no manifest lists in the local
 * store (RepoDigests name the index digest as Docker Hub reports it); layer
 * refcounts are derived from the images and containers that use them, not kept.
 */

import type { Reference } from './reference.ts';
import type { JsonMessage } from './progress.ts';

/** Image config (the parts of the OCI image config plus Docker's extensions that `docker image inspect` shows). */
export interface ImageConfig {
  User?: string;
  ExposedPorts?: Record<string, Record<string, never>>;
  Env?: string[];
  Entrypoint?: string[] | null;
  Cmd?: string[] | null;
  Volumes?: Record<string, Record<string, never>> | null;
  WorkingDir?: string;
  Labels?: Record<string, string> | null;
  StopSignal?: string;
  ArgsEscaped?: boolean;
  Healthcheck?: HealthConfig;
  OnBuild?: string[] | null;
  Shell?: string[];
}

/** HEALTHCHECK: durations in nanoseconds, as Docker stores them. */
export interface HealthConfig {
  Test: string[];
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  StartInterval?: number;
  Retries?: number;
}

/** One entry of the image config's history (oldest first). */
export interface HistoryEntry {
  /** RFC 3339. */
  created: string;
  created_by: string;
  comment?: string;
  author?: string;
  /** True for instructions that made no layer (ENV, CMD...). */
  empty_layer?: boolean;
}

export interface ImageRecord {
  /** "sha256:<64 hex>": the digest of the image config. */
  id: string;
  /** "alpine:latest", "learner/app:1.0", "localhost:5000/app:latest" (familiar form), in the order they were added. */
  repoTags: string[];
  /** "alpine@sha256:<index digest>" for images pulled or pushed. */
  repoDigests: string[];
  /** Image the classic builder or commit made this one from ("" for pulled and BuildKit images). */
  parent: string;
  comment: string;
  /** RFC 3339 creation time from the config. */
  created: string;
  author: string;
  dockerVersion: string;
  config: ImageConfig;
  architecture: 'amd64';
  os: 'linux';
  /** DiffIDs, bottom layer first (rootfs.diff_ids). */
  diffIds: string[];
  /** ChainID of the top layer, or "" for an image without layers. */
  topChainId: string;
  history: HistoryEntry[];
  /** Sum of the layers' sizes (what `docker images` shows). */
  size: number;
  /** RFC 3339 time of the last tag operation (Metadata.LastTagTime), "" if never tagged locally. */
  lastTagTime: string;
  /** Catalogue key when it came from the simulated registry. */
  source?: string;
}

/** A read-only layer (layerdb/sha256/<chainid>) and the overlay2 directory holding it. */
export interface LayerRecord {
  chainId: string;
  diffId: string;
  /** ChainID of the layer below, "" for a bottom layer. */
  parent: string;
  /** overlay2 directory name under /var/lib/docker/overlay2 (cache-id). */
  cacheId: string;
  /** 26-character id of the l/<shortid> symlink. */
  shortId: string;
  /** Uncompressed size in bytes (layerdb "size"). */
  size: number;
  /** Compressed size of the registry blob (0 for local layers). */
  compressedSize: number;
  /** Registry blob digest (the compressed tarball), "" for local layers. */
  blobDigest: string;
}

/** A container's read-write layer (layerdb/mounts/<container id>) with its -init layer. */
export interface RwLayerRecord {
  containerId: string;
  imageId: string;
  /** ChainID of the image's top layer ("" for an image without layers). */
  parentChainId: string;
  /** overlay2 directory of the container layer (mount-id); the init layer is "<mountId>-init". */
  mountId: string;
  shortId: string;
  initShortId: string;
}

/** A build cache record: what a Dockerfile step produced from a given state. */
export interface BuildCacheRecord {
  /** Cache key (sha256 of the parent key and the step). */
  key: string;
  /** ChainID of the layer the step added, "" for a step without a layer. */
  chainId: string;
  /** Size the step added (bytes). */
  size: number;
  /** Virtual time it was created and last used (ms since boot). */
  createdMs: number;
  lastUsedMs: number;
  /** The step as BuildKit describes it ("[2/3] RUN apk add curl"). */
  description: string;
}

/** A build in progress: its steps run one by one, RUN steps in build containers (see build/). */
export interface BuildJob {
  id: string;
  /** The build's plan and state, owned by the builder (plain data). */
  plan: unknown;
  /** Output messages not yet handed to the client. */
  pending: unknown[];
  done: boolean;
}

/** One image of a pull job (`docker pull -a` pulls several, one after the other). */
export interface PullTarget {
  ref: Reference;
  /** Familiar "alpine:latest" the pull tags (null: pulled by digest). */
  tagRef: string | null;
  /** What the pull event names ("alpine:latest", "alpine@sha256:..."). */
  shownRef: string;
  imageId: string;
}

/** Something a pull does when its time comes: unpack a layer of a target (layer >= 0) or record the target's image (layer -1). */
export interface PullStep {
  /** Index of the message it must precede (the layer's "Pull complete"). */
  at: number;
  /** Virtual ms from the start of the pull when it is due. */
  dueMs: number;
  target: number;
  layer: number;
}

/** A pull in progress (pull-job.ts): its whole progress stream, planned at the start, and how far it got. */
export interface PullJob {
  id: string;
  /** Kernel uptime (virtual ms) when the pull started. */
  startMs: number;
  durationMs: number;
  targets: PullTarget[];
  messages: JsonMessage[];
  /** Offset of each message from the start (virtual ms). */
  timesMs: number[];
  steps: PullStep[];
  /** Messages handed to the client so far, steps done so far. */
  sent: number;
  done: number;
}

export interface ImagesState {
  /** Image records by full ID ("sha256:..."). */
  images: Record<string, ImageRecord>;
  /** Reference store: familiar "repo:tag" → image ID. */
  tags: Record<string, string>;
  /** Familiar "repo@sha256:..." → image ID. */
  digests: Record<string, string>;
  /** Read-only layers by ChainID. */
  layers: Record<string, LayerRecord>;
  /** Container read-write layers by container ID. */
  mounts: Record<string, RwLayerRecord>;
  buildCache: Record<string, BuildCacheRecord>;
  builds: Record<string, BuildJob>;
  /** Pulls in progress by job id (absent in snapshots made before pulls took virtual time). */
  pulls?: Record<string, PullJob>;
  /** The last pull job id handed out. */
  pullSeq?: number;
  /** `docker login`: registry server address → user name. */
  auths: Record<string, string>;
  /** Images pushed to registries, by "domain/path:tag" → image ID (the simulated Hub's user repositories and private registries). */
  pushed: Record<string, string>;
  /** The daemon's storage driver (absent: overlay2), see driver.ts. */
  driver?: string;
  /** The stores of the other storage drivers, kept while another one is in use (Docker keeps them on disk). */
  stashed?: Record<string, DriverStore>;
}

/** What belongs to one storage driver: its image and layer stores, and the containers made with it. */
export interface DriverStore extends Pick<ImagesState, 'images' | 'tags' | 'digests' | 'layers' | 'mounts' | 'buildCache'> {
  /** Container records (the containers slice's, kept as plain data) that this driver's daemon loads. */
  containers: unknown[];
}

export function createInitialImagesState(): ImagesState {
  return { images: {}, tags: {}, digests: {}, layers: {}, mounts: {}, buildCache: {}, builds: {}, auths: {}, pushed: {} };
}

/** Image ID without the algorithm, truncated as the CLI shows it. */
export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}
