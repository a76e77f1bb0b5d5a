/**
 * The narrow seam between the containers area and the other engine areas:
 * what the container code needs from the image store (resolveImage,
 * prepareRootfs, removeRootfs, containerChanges, commitContainer) and from
 * networking and volumes (setupDaemonNetworking, attachContainer,
 * detachContainer, publishPorts, mountVolumes).
 *
 * `defaultSeams()` wires the other areas' exports (images/seams.ts,
 * network/seams.ts, volumes/seams.ts), built on first use so that module load
 * order does not matter (a memo of constant wiring, not simulation state); a
 * test (or a lesson) may put its own implementations on one engine with
 * setSeams(). The fallbacks describe the contract: no image → "No such image",
 * no network ({error: 'no network'}) → a bare namespace with `lo` up and
 * Docker's default files, no volumes → no extra mounts.
 */

import type { Engine } from '../engine.ts';
import type { MountPoint, NetworkSettings } from './types.ts';
import { runtimeOf } from './runtime-ctx.ts';
import { imageSeams } from '../images/seams.ts';
import { layerSize } from '../images/container-fs.ts';
import { imagesDiskUsage } from '../images/prune.ts';
import { networkSeams } from '../network/seams.ts';
import { volumeSeams } from '../volumes/seams.ts';
import { volumeJson, volumeSize } from '../volumes/store.ts';
import type { DirFd } from '../../kernel/fs/vfs/dirfd.ts';

/** What an image gives a container (moby image.Image config). */
export interface SeamImage {
  id: string;
  config: {
    User?: string;
    ExposedPorts?: Record<string, Record<string, never>>;
    Env?: string[];
    Entrypoint?: string[] | null;
    Cmd?: string[] | null;
    Volumes?: Record<string, Record<string, never>> | null;
    WorkingDir?: string;
    Labels?: Record<string, string> | null;
    StopSignal?: string;
    Healthcheck?: { Test: string[]; Interval?: number; Timeout?: number; StartPeriod?: number; StartInterval?: number; Retries?: number };
    OnBuild?: string[] | null;
  };
}

export interface RootfsDirs {
  lowerdirs: string[];
  upperdir: string;
  workdir: string;
  merged: string;
}

/** The network part of a container's start: what attachContainer reports. */
export interface AttachResult {
  settings: NetworkSettings;
  /** The daemon wrote hosts/resolv.conf/hostname itself (else the containers area writes defaults). */
  wroteFiles?: boolean;
}

export interface VolumeRequest {
  rootfs: string;
  /** The rootfs opened by runc: targets are resolved inside it (securejoin), not through the host's paths. */
  at?: DirFd;
  binds: string[];
  mounts: unknown[];
  tmpfs: Record<string, string>;
  imageVolumes: string[];
  readonlyRootfs: boolean;
}

/** What a stopped container's NetworkSettings follow from. */
export interface IdleNetworkFacts {
  networkMode: string;
  endpointsConfig: Record<string, Record<string, unknown>>;
}

export interface Seams {
  resolveImage(engine: Engine, ref: string): SeamImage | null;
  prepareRootfs(engine: Engine, imageId: string, containerId: string): RootfsDirs | { error: string };
  removeRootfs(engine: Engine, containerId: string): void;
  containerChanges(engine: Engine, containerId: string): Array<{ Kind: number; Path: string }> | { error: string };
  commitContainer(engine: Engine, containerId: string, opts: Record<string, unknown>): { Id: string } | { error: string; status?: number };
  setupDaemonNetworking(engine: Engine): void;
  /** Connect the container's network namespace (the one `netnsPid` is in) to its networks. */
  attachContainer(engine: Engine, containerId: string, netnsPid: number): AttachResult | { error: string; status?: number };
  detachContainer(engine: Engine, containerId: string): void;
  /**
   * NetworkSettings of a container that is not running (inspect after create or stop); `given`:
   * its HostConfig.NetworkMode and EndpointsConfig, for a record not stored yet (create).
   */
  idleNetworkSettings(engine: Engine, containerId: string, given?: IdleNetworkFacts): NetworkSettings | null;
  /** Mount volumes, binds and tmpfs under the rootfs, inside the init's mount namespace (before pivot_root). */
  mountVolumes(engine: Engine, containerId: string, initPid: number, req: VolumeRequest): MountPoint[] | { error: string; status?: number };
  /** Validate volume/bind/tmpfs specs at create (errors as the daemon words them). */
  validateMounts(engine: Engine, containerId: string, req: Omit<VolumeRequest, 'rootfs' | 'readonlyRootfs'>): string | null;
  /** The task was deleted: its volumes are unmounted (the `volume unmount` events). */
  unmountVolumes(engine: Engine, containerId: string): void;
  /** The container is removed: drop its volume references, removing its anonymous volumes when `removeAnonymous` (rm -v, --rm). */
  releaseVolumes(engine: Engine, containerId: string, removeAnonymous: boolean): void;
  /** The container was renamed (the embedded DNS answers the new name). */
  containerRenamed(engine: Engine, containerId: string, oldName: string, newName: string): void;
  /** The image, volume and build-cache parts of GET /system/df. */
  systemDf(engine: Engine): { LayersSize: number; Images: unknown[]; Volumes: unknown[]; BuildCache: unknown[] };
  /** Size of the container's writable layer and of its whole root filesystem (ps -s, system df, prune). */
  containerSize(engine: Engine, containerId: string): { SizeRw: number; SizeRootFs: number };
}

const fallback: Seams = {
  resolveImage: () => null,
  prepareRootfs: () => ({ error: 'no image store' }),
  removeRootfs: () => {},
  containerChanges: () => [],
  commitContainer: () => ({ error: 'commit is not available', status: 501 }),
  setupDaemonNetworking: () => {},
  attachContainer: () => ({ error: 'no network' }),
  detachContainer: () => {},
  idleNetworkSettings: () => null,
  mountVolumes: () => [],
  validateMounts: () => null,
  unmountVolumes: () => {},
  releaseVolumes: () => {},
  containerRenamed: () => {},
  systemDf: () => ({ LayersSize: 0, Images: [], Volumes: [], BuildCache: [] }),
  containerSize: () => ({ SizeRw: 0, SizeRootFs: 0 }),
};

function volumesDf(engine: Engine): unknown[] {
  const st = engine.state.volumes;
  return st.order
    .map((name) => st.volumes[name])
    .filter((v): v is NonNullable<typeof v> => v !== undefined)
    .map((v) => ({ ...volumeJson(v), UsageData: { Size: volumeSize(engine, v.Name), RefCount: (st.refs[v.Name] ?? []).length } }));
}

let wired: Readonly<Seams> | null = null;

/** The seams the areas export (built on first use, after every module has loaded). */
export function defaultSeams(): Readonly<Seams> {
  wired ??= Object.freeze({
    ...fallback,
    ...imageSeams,
    ...networkSeams,
    ...volumeSeams,
    containerSize: (engine: Engine, id: string) => {
      const s = layerSize(engine, id);
      return { SizeRw: s.sizeRw, SizeRootFs: s.sizeRootFs };
    },
    systemDf: (engine: Engine) => {
      const i = imagesDiskUsage(engine);
      return { LayersSize: i.LayersSize, Images: i.Images, Volumes: volumesDf(engine), BuildCache: i.BuildCache };
    },
  });
  return wired;
}

/** The seams in force for this engine. */
export function seamsOf(engine: Engine): Seams {
  const o = runtimeOf(engine).seams;
  return o ? { ...defaultSeams(), ...o } : defaultSeams();
}

/** Replace some seams on one engine (tests, lessons with a fixed image). */
export function setSeams(engine: Engine, s: Partial<Seams>): void {
  const rt = runtimeOf(engine);
  rt.seams = { ...(rt.seams ?? {}), ...s };
}
