import type { MachineInfo } from '../state.ts';
/** State of the fs module. Placeholder until the module lands. */
export interface FsState {
  placeholder?: true;
}
export function createInitialFsState(_machine: MachineInfo): FsState {
  return {};
}
