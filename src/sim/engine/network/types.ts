/** State of the engine's network slice. Placeholder until the slice lands. */
export interface NetworkState {
  placeholder?: true;
}
export function createInitialNetworkState(): NetworkState {
  return {};
}
