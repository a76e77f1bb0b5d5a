import type { MachineInfo } from '../state.ts';
/** State of the net module. Placeholder until the module lands. */
export interface NetState {
  placeholder?: true;
}
export function createInitialNetState(_machine: MachineInfo): NetState {
  return {};
}
