/** State of the engine's images slice. Placeholder until the slice lands. */
export interface ImagesState {
  placeholder?: true;
}
export function createInitialImagesState(): ImagesState {
  return {};
}
