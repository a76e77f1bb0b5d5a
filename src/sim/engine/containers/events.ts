/** Events of the engine's containers slice (applied by applyContainersEvent). Placeholder until the slice lands. */
export type ContainersEvent = { type: 'engine.containersPlaceholder' };
