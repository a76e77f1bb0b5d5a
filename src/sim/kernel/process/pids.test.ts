import { describe, expect, test } from 'vitest';
import { getppidAsSeenBy, hostPidOf, isNsInit, pidInNs, pidNsChain, pidNsIsWithin, visibleProcesses } from './pids.ts';
import { boot, fork } from './testkit.ts';
import { CLONE_FLAGS } from '../ns/types.ts';
import { INITIAL_NS_INUMS } from '../boot.ts';

const F = CLONE_FLAGS;

function setup() {
  const { k } = boot();
  const shim = fork(k, 1, { comm: 'shim' });
  const init = fork(k, shim.pid, { flags: F.pid, comm: 'nginx' });
  const worker = fork(k, init.pid, { comm: 'nginx' });
  const nested = fork(k, worker.pid, { flags: F.pid, comm: 'inner' });
  return { k, shim, init, worker, nested };
}

describe('PID translation', () => {
  test('a process has one PID per level; the host sees host PIDs', () => {
    const { k, init, worker, nested } = setup();
    expect(pidInNs(k, worker.pid, INITIAL_NS_INUMS.pid)).toBe(worker.pid);
    expect(pidInNs(k, worker.pid, init.pidNs)).toBe(2);
    expect(pidInNs(k, nested.pid, init.pidNs)).toBe(3);
    expect(pidInNs(k, nested.pid, nested.pidNs)).toBe(1);
    expect(pidInNs(k, 1, init.pidNs)).toBeNull();
    expect(pidInNs(k, worker.pid, nested.pidNs)).toBeNull();
  });
  test('hostPidOf inverts it', () => {
    const { k, init, worker } = setup();
    expect(hostPidOf(k, init.pidNs, 1)).toBe(init.pid);
    expect(hostPidOf(k, init.pidNs, 2)).toBe(worker.pid);
    expect(hostPidOf(k, init.pidNs, 99)).toBeNull();
  });
  test('visibleProcesses lists a namespace and its descendants, in that namespace\'s PID order', () => {
    const { k, init, worker, nested } = setup();
    expect(visibleProcesses(k, init.pidNs).map((p) => p.pid)).toEqual([init.pid, worker.pid, nested.pid]);
    expect(visibleProcesses(k, nested.pidNs).map((p) => p.pid)).toEqual([nested.pid]);
    expect(visibleProcesses(k, INITIAL_NS_INUMS.pid)).toHaveLength(6);
  });
  test('getppid is 0 when the parent is outside the namespace', () => {
    const { k, shim, init, worker } = setup();
    expect(getppidAsSeenBy(k, init.pid)).toBe(0);
    expect(getppidAsSeenBy(k, init.pid, INITIAL_NS_INUMS.pid)).toBe(shim.pid);
    expect(getppidAsSeenBy(k, worker.pid)).toBe(1);
    expect(getppidAsSeenBy(k, 1)).toBe(0);
  });
  test('chains and nesting', () => {
    const { k, init, nested } = setup();
    expect(pidNsChain(k, nested.pidNs).map((n) => n.level)).toEqual([0, 1, 2]);
    expect(pidNsIsWithin(k, nested.pidNs, init.pidNs)).toBe(true);
    expect(pidNsIsWithin(k, init.pidNs, nested.pidNs)).toBe(false);
    expect(isNsInit(init)).toBe(true);
    expect(isNsInit(k.proc(1)!)).toBe(true);
  });
});
