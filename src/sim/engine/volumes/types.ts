/**
 * dockerd's volume store as plain data (moby volume/service, volume/local):
 * volumes of the `local` driver, each a directory
 * /var/lib/docker/volumes/<name>/_data in the host's filesystem, and which
 * containers use which volume (the store's references, created with the
 * container and dropped when it is removed).
 * SIMPLIFICATIONS:
 * - Only the local driver; its options (type, device, o) are stored but a
 *   volume is always a plain directory.
 */

/** A volume as `docker volume inspect` shows it, plus whether it is anonymous. */
export interface VolumeRecord {
  Name: string;
  Driver: 'local';
  Mountpoint: string;
  /** RFC 3339 to the second. */
  CreatedAt: string;
  Labels: Record<string, string> | null;
  Scope: 'local';
  Options: Record<string, string> | null;
  /** Created for a container without a name (`-v /data`, an image VOLUME): 64 hex name, anonymous label. */
  anonymous: boolean;
}

/** One entry of a container's `Mounts` in `docker inspect` (types.MountPoint). */
export interface MountPoint {
  Type: 'volume' | 'bind' | 'tmpfs';
  Name?: string;
  Source: string;
  Destination: string;
  Driver?: string;
  Mode: string;
  RW: boolean;
  Propagation: string;
}

/** What mountVolumes needs for one mount. */
export interface ContainerMount {
  type: 'volume' | 'bind' | 'tmpfs';
  /** Volume name, or null. */
  name: string | null;
  /** Host path (volume _data or bind source); '' for tmpfs. */
  source: string;
  destination: string;
  rw: boolean;
  /** Fill an empty volume from the image on first mount. */
  copy: boolean;
  /** -v binds create a missing host directory. */
  createSource: boolean;
  /** tmpfs mount data (size=..., mode=...). */
  tmpfsData: string;
  /** Listed in inspect Mounts (--tmpfs is not). */
  point: MountPoint | null;
}

export interface VolumesState {
  volumes: Record<string, VolumeRecord>;
  /** Volume names in creation order. */
  order: string[];
  /** Volume name → ids of the containers that use it. */
  refs: Record<string, string[]>;
  /** Container id → names of the volumes it uses. */
  byContainer: Record<string, string[]>;
  /** Container id → its mounts as resolved at create (mounted again at every start). */
  prepared: Record<string, ContainerMount[]>;
}

export function createInitialVolumesState(): VolumesState {
  return { volumes: {}, order: [], refs: {}, byContainer: {}, prepared: {} };
}

export const VOLUMES_ROOT = '/var/lib/docker/volumes';
export const ANONYMOUS_LABEL = 'com.docker.volume.anonymous';

export function dataPath(name: string): string {
  return `${VOLUMES_ROOT}/${name}/_data`;
}
