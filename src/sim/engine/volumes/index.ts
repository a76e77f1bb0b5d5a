/**
 * The engine's volumes area: the local volume driver, container mounts
 * (volumes, binds, tmpfs) and the /volumes routes. Re-exports only.
 */

export type * from './types.ts';
export { createInitialVolumesState, VOLUMES_ROOT, ANONYMOUS_LABEL, dataPath } from './types.ts';
export type { VolumesEvent } from './events.ts';
export { applyVolumesEvent } from './apply.ts';
export { createVolume, removeVolume, pruneVolumes, volumeJson, volumeSize, isVolError, type VolError, type CreateVolumeRequest } from './store.ts';
export { prepareMounts, mountVolumes, releaseVolumes, type ContainerMount, type MountPoint, type MountIn, type MountsRequest } from './mounts.ts';
export { volumesRoutes } from './routes.ts';
export { volumeSeams, seamValidateMounts, seamMountVolumes } from './seams.ts';
export { removeTree, treeSize, copyTree } from './tree.ts';
