/** Events of the engine's volumes slice (applied by applyVolumesEvent). Placeholder until the slice lands. */
export type VolumesEvent = { type: 'engine.volumesPlaceholder' };
