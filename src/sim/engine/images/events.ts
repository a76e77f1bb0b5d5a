/** Events of the engine's images slice (applied by applyImagesEvent). Placeholder until the slice lands. */
export type ImagesEvent = { type: 'engine.imagesPlaceholder' };
