import { describe, expect, it } from 'vitest';
import { initialTransition } from 'xstate';
import { initialVmLifecycle, isActive, virshStateName, vmMachine, vmStage, vmStatus, vmTransition, type VmLifecycle, type VmMachineEvent } from './vm.machine.ts';

function run(events: VmMachineEvent[], from: VmLifecycle = initialVmLifecycle()): VmLifecycle {
  let s = from;
  for (const e of events) {
    const n = vmTransition(s, e);
    if (!n) throw new Error(`${e.type} refused in ${JSON.stringify(s.value)}`);
    s = n;
  }
  return s;
}

const stage = (atMs: number) => ({ type: 'STAGE_DONE', atMs }) as const;
const booted: VmMachineEvent[] = [{ type: 'START', atMs: 1000 }, stage(3000), stage(4500), stage(7500), stage(15000), stage(29000)];

describe('vmMachine', () => {
  it('starts defined, as initialVmLifecycle says', () => {
    const [snap] = initialTransition(vmMachine);
    expect(snap.value).toBe('defined');
    expect(initialVmLifecycle().value).toBe('defined');
  });

  it('boots through firmware, bootloader, kernel, init and services to running', () => {
    const seen: Array<string | null> = [];
    let s = run([{ type: 'START', atMs: 1000 }]);
    seen.push(vmStage(s.value));
    for (const t of [3000, 4500, 7500, 15000]) {
      s = run([stage(t)], s);
      seen.push(vmStage(s.value));
    }
    expect(seen).toEqual(['firmware', 'bootloader', 'kernel', 'init', 'services']);
    s = run([stage(29000)], s);
    expect(s.value).toBe('running');
    expect(s.context.lastBootMs).toBe(28000);
    expect(s.context.boots).toBe(1);
  });

  it('refuses what the state does not accept', () => {
    const defined = initialVmLifecycle();
    expect(vmTransition(defined, { type: 'SUSPEND', atMs: 0 })).toBeNull();
    expect(vmTransition(defined, { type: 'SHUTDOWN', atMs: 0 })).toBeNull();
    expect(vmTransition(defined, stage(0))).toBeNull();
    const booting = run([{ type: 'START', atMs: 0 }]);
    expect(vmTransition(booting, { type: 'START', atMs: 1 })).toBeNull();
    expect(vmTransition(booting, { type: 'SUSPEND', atMs: 1 })).toBeNull();
    const running = run(booted);
    expect(vmTransition(running, { type: 'START', atMs: 1 })).toBeNull();
    expect(vmTransition(running, { type: 'RESUME', atMs: 1 })).toBeNull();
  });

  it('pauses and resumes; an ACPI shutdown is accepted but ignored while booting or paused', () => {
    let s = run([...booted, { type: 'SUSPEND', atMs: 30000 }]);
    expect(s.value).toBe('paused');
    expect(run([{ type: 'SHUTDOWN', atMs: 30001 }], s).value).toBe('paused');
    s = run([{ type: 'RESUME', atMs: 31000 }], s);
    expect(s.value).toBe('running');
    const b = run([{ type: 'START', atMs: 0 }, { type: 'SHUTDOWN', atMs: 1 }]);
    expect(b.value).toEqual({ booting: 'firmware' });
  });

  it('shuts down through shuttingDown to off, and boots again from off', () => {
    let s = run([...booted, { type: 'SHUTDOWN', atMs: 40000 }]);
    expect(vmStatus(s.value)).toBe('shuttingDown');
    s = run([{ type: 'POWERED_OFF', atMs: 43000 }], s);
    expect(s.value).toBe('off');
    s = run([{ type: 'START', atMs: 50000 }], s);
    expect(s.value).toEqual({ booting: 'firmware' });
    expect(s.context.boots).toBe(2);
  });

  it('destroy powers off from any active state', () => {
    for (const pre of [[{ type: 'START', atMs: 0 }], booted, [...booted, { type: 'SUSPEND', atMs: 1 }], [...booted, { type: 'SHUTDOWN', atMs: 1 }]] as VmMachineEvent[][]) {
      expect(run([...pre, { type: 'DESTROY', atMs: 2 }]).value).toBe('off');
    }
  });

  it('managed save: running or paused to saved, and start restores the same', () => {
    const fromRunning = run([...booted, { type: 'SAVE', atMs: 1 }]);
    expect(fromRunning.value).toBe('saved');
    expect(run([{ type: 'START', atMs: 2 }], fromRunning).value).toBe('running');
    const fromPaused = run([...booted, { type: 'SUSPEND', atMs: 1 }, { type: 'SAVE', atMs: 2 }]);
    expect(run([{ type: 'START', atMs: 3 }], fromPaused).value).toBe('paused');
  });

  it('undefine: gone at once when inactive; transient until it stops when active', () => {
    expect(run([{ type: 'UNDEFINE' }]).value).toBe('undefined');
    let s = run([...booted, { type: 'UNDEFINE' }]);
    expect(s.value).toBe('running');
    expect(s.context.persistent).toBe(false);
    s = run([{ type: 'DESTROY', atMs: 5 }], s);
    expect(s.value).toBe('undefined');
  });

  it('maps states to what virsh prints and to activity', () => {
    expect(virshStateName('booting')).toBe('running');
    expect(virshStateName('shuttingDown')).toBe('running');
    expect(virshStateName('paused')).toBe('paused');
    expect(virshStateName('saved')).toBe('shut off');
    expect(virshStateName('defined')).toBe('shut off');
    expect(isActive('booting')).toBe(true);
    expect(isActive('saved')).toBe(false);
  });

  it('keeps the snapshot plain data', () => {
    const s = run(booted.slice(0, 3));
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });
});
