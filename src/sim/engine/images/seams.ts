/**
 * What the images area gives the containers area, in the shape of its seams
 * (containers/seams.ts): spread into `defaultSeams`, or set on one engine
 * with setSeams(engine, imageSeams).
 */

import type { Engine } from '../engine.ts';
import { resolveImage } from './store.ts';
import { containerChanges, prepareRootfs, removeRootfs } from './container-fs.ts';
import { commitContainer } from './commit.ts';

export const imageSeams = {
  resolveImage: (engine: Engine, ref: string) => resolveImage(engine, ref),
  prepareRootfs: (engine: Engine, imageId: string, containerId: string) => prepareRootfs(engine, imageId, containerId),
  removeRootfs: (engine: Engine, containerId: string) => removeRootfs(engine, containerId),
  containerChanges: (engine: Engine, containerId: string) => containerChanges(engine, containerId),
  commitContainer: (engine: Engine, containerId: string, opts: Record<string, unknown>) => commitContainer(engine, containerId, opts),
};
