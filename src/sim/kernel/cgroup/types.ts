import type { MachineInfo } from '../state.ts';
/** State of the cgroup module. Placeholder until the module lands. */
export interface CgroupState {
  placeholder?: true;
}
export function createInitialCgroupState(_machine: MachineInfo): CgroupState {
  return {};
}
