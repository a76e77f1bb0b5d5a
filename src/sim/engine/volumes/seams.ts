/**
 * The volumes area seen through the containers area's seams
 * (containers/seams.ts): mounts resolved and volumes created at container
 * create (as dockerd does: `docker create -v newvol:/x` makes the volume at
 * once), mounted at every start, references dropped at removal.
 */

import type { Seams } from '../containers/seams.ts';
import type { MountIn } from './mounts.ts';
import { mountVolumes, prepareMounts, releaseVolumes } from './mounts.ts';
import { recordEvent } from '../system/events-log.ts';

/** Seams.validateMounts: resolve and record the container's mounts; Docker's error text, or null. */
export const seamValidateMounts: Seams['validateMounts'] = (engine, containerId, req) => {
  const r = prepareMounts(engine, containerId, { binds: req.binds, mounts: req.mounts as MountIn[], tmpfs: req.tmpfs, volumes: req.imageVolumes });
  return 'error' in r ? r.error : null;
};

/** Seams.mountVolumes: mount what create resolved (resolving now if it never was) under req.rootfs. */
export const seamMountVolumes: Seams['mountVolumes'] = (engine, containerId, initPid, req) => {
  let mounts = engine.state.volumes.prepared[containerId];
  if (!mounts) {
    const r = prepareMounts(engine, containerId, { binds: req.binds, mounts: req.mounts as MountIn[], tmpfs: req.tmpfs, volumes: req.imageVolumes });
    if ('error' in r) return r;
    mounts = r.mounts;
  }
  const err = mountVolumes(engine, containerId, initPid, mounts, { rootfs: req.rootfs, at: req.at });
  if (err) return err;
  return mounts.filter((m) => m.point !== null).map((m) => ({ ...(m.point as NonNullable<typeof m.point>) }));
};

/** The volumes half of the containers area's seams. */
export const volumeSeams = {
  validateMounts: seamValidateMounts,
  mountVolumes: seamMountVolumes,
  releaseVolumes: (engine, containerId, removeAnonymous) => releaseVolumes(engine, containerId, { removeAnonymous }),
  unmountVolumes: (engine, containerId) => {
    for (const m of engine.state.volumes.prepared[containerId] ?? []) if (m.name) recordEvent(engine, 'volume', 'unmount', m.name, { container: containerId, driver: 'local' });
  },
} satisfies Partial<Seams>;
