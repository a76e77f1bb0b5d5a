/** Events of the engine's system slice (applied by applySystemEvent). Placeholder until the slice lands. */
export type SystemEvent = { type: 'engine.systemPlaceholder' };
