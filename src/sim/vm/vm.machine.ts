/**
 * A virtual machine's lifecycle, as libvirt tracks a domain (virDomainState:
 * shut off, running, paused, in shutdown; managed save; persistent vs
 * transient domains; libvirt.org/html/libvirt-libvirt-domain.html), with the
 * boot sequence a learner should see: firmware (BIOS/UEFI POST), bootloader
 * (GRUB), kernel, init, services. An XState 5 machine used only through its
 * pure transition function; the hypervisor keeps { value, context } in the
 * VM record as plain data and sends STAGE_DONE when each stage's virtual time
 * has passed.
 *
 * States: defined (never started), booting.{firmware,bootloader,kernel,init,
 * services}, running, paused, saved (managed-save image on disk), shuttingDown
 * (ACPI power button pressed, the guest is stopping), off, undefined (final).
 * SIMPLIFICATIONS:
 * - An ACPI shutdown while booting or paused is accepted and ignored, as a guest
 *   that has not started acpid yet (or whose vCPUs are stopped) ignores it.
 * - suspend is refused while booting; restoring a managed save is instant.
 * - Undefining a running domain makes it transient: it disappears when it stops.
 */

import { assign, setup, transition } from 'xstate';
import type { VmStage } from './guest-os.ts';

export interface VmContext {
  /** Has a persistent definition (undefine of an active domain clears it). */
  persistent: boolean;
  /** How many times it was booted. */
  boots: number;
  /** Virtual time (host ms since boot) the current boot began, or null. */
  bootStartedMs: number | null;
  /** Virtual time the current boot stage (or state) began. */
  sinceMs: number | null;
  /** Duration of the last completed boot, ms. */
  lastBootMs: number | null;
  /** It was paused when its state was saved (restores paused). */
  savedPaused: boolean;
}

export type VmMachineEvent =
  | { type: 'START'; atMs: number }
  /** The current boot stage's time has passed. */
  | { type: 'STAGE_DONE'; atMs: number }
  | { type: 'SUSPEND'; atMs: number }
  | { type: 'RESUME'; atMs: number }
  /** virsh managedsave: guest memory written to disk, VM stopped. */
  | { type: 'SAVE'; atMs: number }
  /** virsh shutdown: the ACPI power button. */
  | { type: 'SHUTDOWN'; atMs: number }
  /** The guest finished shutting down and powered off. */
  | { type: 'POWERED_OFF'; atMs: number }
  /** virsh destroy, or the VMM process died: immediate power-off. */
  | { type: 'DESTROY'; atMs: number }
  | { type: 'UNDEFINE' };

export type VmStateValue =
  | 'defined'
  | { booting: VmStage }
  | 'running'
  | 'paused'
  | 'saved'
  | 'shuttingDown'
  | 'off'
  | 'undefined';

/** Plain-data snapshot kept in the VM record. */
export interface VmLifecycle {
  value: VmStateValue;
  context: VmContext;
}

/** The coarse status the CLI and views use. */
export type VmStatus = 'defined' | 'booting' | 'running' | 'paused' | 'saved' | 'shuttingDown' | 'off' | 'undefined';

const at = ({ event }: { event: VmMachineEvent }) => ('atMs' in event ? event.atMs : null);

export const vmMachine = setup({
  types: {
    context: {} as VmContext,
    events: {} as VmMachineEvent,
  },
  guards: {
    transient: ({ context }) => !context.persistent,
    restoresPaused: ({ context }) => context.savedPaused,
  },
  actions: {
    beginBoot: assign(({ context, event }) => ({ boots: context.boots + 1, bootStartedMs: at({ event }), sinceMs: at({ event }) })),
    stamp: assign(({ event }) => ({ sinceMs: at({ event }) })),
    finishBoot: assign(({ context, event }) => {
      const t = at({ event });
      return { sinceMs: t, lastBootMs: t !== null && context.bootStartedMs !== null ? t - context.bootStartedMs : null };
    }),
    stop: assign(({ event }) => ({ sinceMs: at({ event }), bootStartedMs: null })),
    makeTransient: assign({ persistent: false }),
    /** The guest is not listening for the ACPI power button (yet). */
    ignoreAcpi: () => {},
    savePaused: assign(({ event }) => ({ savedPaused: true, sinceMs: at({ event }), bootStartedMs: null })),
    saveRunning: assign(({ event }) => ({ savedPaused: false, sinceMs: at({ event }), bootStartedMs: null })),
  },
}).createMachine({
  id: 'vm',
  initial: 'defined',
  context: { persistent: true, boots: 0, bootStartedMs: null, sinceMs: null, lastBootMs: null, savedPaused: false },
  states: {
    defined: {
      on: {
        START: { target: 'booting', actions: 'beginBoot' },
        UNDEFINE: 'undefined',
      },
    },
    booting: {
      initial: 'firmware',
      on: {
        DESTROY: { target: 'off', actions: 'stop' },
        SHUTDOWN: { actions: 'ignoreAcpi' },
        UNDEFINE: { actions: 'makeTransient' },
      },
      states: {
        firmware: { on: { STAGE_DONE: { target: 'bootloader', actions: 'stamp' } } },
        bootloader: { on: { STAGE_DONE: { target: 'kernel', actions: 'stamp' } } },
        kernel: { on: { STAGE_DONE: { target: 'init', actions: 'stamp' } } },
        init: { on: { STAGE_DONE: { target: 'services', actions: 'stamp' } } },
        services: { on: { STAGE_DONE: { target: '#vm.running', actions: 'finishBoot' } } },
      },
    },
    running: {
      on: {
        SUSPEND: { target: 'paused', actions: 'stamp' },
        SAVE: { target: 'saved', actions: 'saveRunning' },
        SHUTDOWN: { target: 'shuttingDown', actions: 'stamp' },
        DESTROY: { target: 'off', actions: 'stop' },
        UNDEFINE: { actions: 'makeTransient' },
      },
    },
    paused: {
      on: {
        RESUME: { target: 'running', actions: 'stamp' },
        SAVE: { target: 'saved', actions: 'savePaused' },
        SHUTDOWN: { actions: 'ignoreAcpi' },
        DESTROY: { target: 'off', actions: 'stop' },
        UNDEFINE: { actions: 'makeTransient' },
      },
    },
    saved: {
      on: {
        START: [
          { guard: 'restoresPaused', target: 'paused', actions: 'stamp' },
          { target: 'running', actions: 'stamp' },
        ],
        UNDEFINE: 'undefined',
      },
    },
    shuttingDown: {
      on: {
        POWERED_OFF: { target: 'off', actions: 'stop' },
        DESTROY: { target: 'off', actions: 'stop' },
        UNDEFINE: { actions: 'makeTransient' },
      },
    },
    off: {
      always: { guard: 'transient', target: 'undefined' },
      on: {
        START: { target: 'booting', actions: 'beginBoot' },
        UNDEFINE: 'undefined',
      },
    },
    undefined: { type: 'final' },
  },
});

/** A newly defined (persistent, never started) VM. */
export function initialVmLifecycle(): VmLifecycle {
  return { value: 'defined', context: { persistent: true, boots: 0, bootStartedMs: null, sinceMs: null, lastBootMs: null, savedPaused: false } };
}

function copyValue(v: unknown): VmStateValue {
  return (typeof v === 'string' ? v : { ...(v as { booting: VmStage }) }) as VmStateValue;
}

/** Apply `event`: the next snapshot (plain data), or null if the state does not accept it. */
export function vmTransition(s: VmLifecycle, event: VmMachineEvent): VmLifecycle | null {
  const snap = vmMachine.resolveState({ value: s.value as never, context: { ...s.context } });
  if (!snap.can(event)) return null;
  const [next] = transition(vmMachine, snap, event);
  return { value: copyValue(next.value), context: { ...next.context } };
}

export function vmStatus(v: VmStateValue): VmStatus {
  return typeof v === 'string' ? v : 'booting';
}

/** The boot stage, when booting. */
export function vmStage(v: VmStateValue): VmStage | null {
  return typeof v === 'string' ? null : v.booting;
}

/** Is there a VMM process (a domain ID) for this status? */
export function isActive(st: VmStatus): boolean {
  return st === 'booting' || st === 'running' || st === 'paused' || st === 'shuttingDown';
}

/** The state as `virsh list` and `virsh dominfo` print it (virshDomainStateToString). */
export function virshStateName(st: VmStatus): string {
  switch (st) {
    case 'booting':
    case 'running':
    case 'shuttingDown':
      return 'running';
    case 'paused':
      return 'paused';
    default:
      return 'shut off';
  }
}
