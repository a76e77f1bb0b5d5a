/** Events of the engine's network slice (applied by applyNetworkEvent). Placeholder until the slice lands. */
export type NetworkEvent = { type: 'engine.networkPlaceholder' };
