import { describe, expect, test } from 'vitest';
import { deliverPending, killProcessGroup, sendSignal, setDisposition } from './signal.ts';
import { becomeUser, boot, fork, must } from './testkit.ts';
import { CLONE_FLAGS } from '../ns/types.ts';
import { maskOf } from '../caps/caps.ts';
import type { Kernel } from '../kernel.ts';

const F = CLONE_FLAGS;

const shells = new WeakMap<Kernel, number>();

/** A process with default dispositions; by default the child of a shell (so it is not auto-reaped). */
function plain(k: Kernel, parent?: number) {
  let pp = parent ?? shells.get(k);
  if (pp === undefined) {
    pp = fork(k, 1, { comm: 'bash' }).pid;
    must(setDisposition(k, pp, [], []));
    shells.set(k, pp);
  }
  const p = fork(k, pp);
  must(setDisposition(k, p.pid, [], []));
  return p;
}

describe('kill(2) permission and visibility', () => {
  test('root may signal anyone; signal 0 only checks', () => {
    const { k, log } = boot();
    const a = plain(k);
    const n = log.length;
    expect(sendSignal(k, 1, a.pid, 0)).toBe(true);
    expect(log.length).toBe(n);
    expect(k.proc(a.pid)!.state).toBe('R');
  });
  test('a user may signal its own processes but not another user\'s (EPERM)', () => {
    const { k } = boot();
    const alice = plain(k);
    becomeUser(k, alice.pid, 1000);
    const alice2 = plain(k);
    becomeUser(k, alice2.pid, 1000);
    const bob = plain(k);
    becomeUser(k, bob.pid, 1001);
    expect(sendSignal(k, alice.pid, alice2.pid, 15)).toBe(true);
    expect(k.proc(alice2.pid)!.state).toBe('Z');
    expect(sendSignal(k, alice.pid, bob.pid, 15)).toEqual({ errno: 'EPERM' });
    expect(sendSignal(k, alice.pid, 1, 0)).toEqual({ errno: 'EPERM' });
  });
  test('CAP_KILL alone is enough', () => {
    const { k } = boot();
    const a = plain(k);
    becomeUser(k, a.pid, 1000);
    k.emit({ type: 'process.capsChanged', pid: a.pid, caps: { ...k.proc(a.pid)!.caps, effective: maskOf(['CAP_KILL']), permitted: maskOf(['CAP_KILL']) } });
    const b = plain(k);
    expect(sendSignal(k, a.pid, b.pid, 9)).toBe(true);
  });
  test('a process in a PID namespace cannot see (ESRCH) host processes', () => {
    const { k } = boot();
    const cinit = plain(k);
    const inner = fork(k, cinit.pid, { flags: F.pid });
    expect(sendSignal(k, inner.pid, cinit.pid, 0)).toEqual({ errno: 'ESRCH' });
    expect(sendSignal(k, inner.pid, 1, 9)).toEqual({ errno: 'ESRCH' });
    expect(sendSignal(k, 1, inner.pid, 0)).toBe(true);
    expect(sendSignal(k, 1, 4242, 0)).toEqual({ errno: 'ESRCH' });
  });
  test('invalid signal numbers → EINVAL', () => {
    const { k } = boot();
    expect(sendSignal(k, 1, 1, 65)).toEqual({ errno: 'EINVAL' });
    expect(sendSignal(k, 1, 1, -1)).toEqual({ errno: 'EINVAL' });
  });
});

describe('delivery', () => {
  test('default action terminates; handled signals emit action handle', () => {
    const { k, log } = boot();
    const a = plain(k);
    must(setDisposition(k, a.pid, [15], []));
    must(sendSignal(k, 1, a.pid, 15));
    expect(log.at(-1)).toMatchObject({ type: 'process.signalled', pid: a.pid, signal: 15, from: 1, action: 'handle' });
    expect(k.proc(a.pid)!.state).toBe('R');
    must(sendSignal(k, 1, a.pid, 2));
    expect(k.proc(a.pid)).toMatchObject({ state: 'Z', termSignal: 2, exitCode: null });
  });
  test('ignored and default-ignored signals do nothing; SIGKILL cannot be caught or ignored', () => {
    const { k } = boot();
    const a = plain(k);
    must(setDisposition(k, a.pid, [], [15]));
    must(sendSignal(k, 1, a.pid, 15));
    must(sendSignal(k, 1, a.pid, 28));
    expect(k.proc(a.pid)!.state).toBe('R');
    expect(setDisposition(k, a.pid, [9], [])).toEqual({ errno: 'EINVAL' });
    must(sendSignal(k, 1, a.pid, 9));
    expect(k.proc(a.pid)!.termSignal).toBe(9);
  });
  test('SIGSTOP stops, SIGCONT resumes, signals sent meanwhile wait', () => {
    const { k, log } = boot();
    const a = plain(k);
    must(setDisposition(k, a.pid, [10], []));
    must(sendSignal(k, 1, a.pid, 19));
    expect(k.proc(a.pid)!.state).toBe('T');
    must(sendSignal(k, 1, a.pid, 10));
    expect(k.proc(a.pid)!.pending).toEqual([10]);
    must(sendSignal(k, 1, a.pid, 20)); // another stop signal while stopped: nothing
    must(sendSignal(k, 1, a.pid, 18));
    expect(k.proc(a.pid)!.state).toBe('R');
    expect(k.proc(a.pid)!.pending).toEqual([]);
    expect(log.at(-1)).toMatchObject({ signal: 10, action: 'handle', fromPending: true });
  });
  test('SIGKILL kills a stopped process', () => {
    const { k } = boot();
    const a = plain(k);
    must(sendSignal(k, 1, a.pid, 19));
    must(sendSignal(k, 1, a.pid, 9));
    expect(k.proc(a.pid)!.state).toBe('Z');
  });
  test('frozen processes keep signals pending until thawed; SIGKILL still kills', () => {
    const { k } = boot();
    const a = plain(k);
    k.emit({ type: 'process.frozenChanged', pid: a.pid, frozen: true });
    must(sendSignal(k, 1, a.pid, 15));
    expect(k.proc(a.pid)).toMatchObject({ state: 'R', pending: [15] });
    deliverPending(k, a.pid);
    expect(k.proc(a.pid)!.state).toBe('R');
    k.emit({ type: 'process.frozenChanged', pid: a.pid, frozen: false });
    deliverPending(k, a.pid);
    expect(k.proc(a.pid)).toMatchObject({ state: 'Z', termSignal: 15 });
    const b = plain(k);
    k.emit({ type: 'process.frozenChanged', pid: b.pid, frozen: true });
    must(sendSignal(k, 1, b.pid, 9));
    expect(k.proc(b.pid)).toMatchObject({ state: 'Z', termSignal: 9 });
  });
  test('kernel threads ignore signals', () => {
    const { k } = boot();
    must(sendSignal(k, 1, 2, 9));
    expect(k.proc(2)!.state).not.toBe('Z');
  });
});

describe('PID 1 of a namespace', () => {
  function container(k: Kernel) {
    const shim = plain(k);
    const init = fork(k, shim.pid, { flags: F.pid });
    must(setDisposition(k, init.pid, [], []));
    const child = fork(k, init.pid);
    return { shim, init, child };
  }
  test('ignores signals it has no handler for, from inside or outside (docker stop on `sleep`)', () => {
    const { k, log } = boot();
    const { init, child } = container(k);
    must(sendSignal(k, 1, init.pid, 15));
    expect(log.at(-1)).toMatchObject({ action: 'ignore', signal: 15 });
    must(sendSignal(k, child.pid, init.pid, 15));
    expect(k.proc(init.pid)!.state).toBe('R');
  });
  test('gets handled signals', () => {
    const { k, log } = boot();
    const { init } = container(k);
    must(setDisposition(k, init.pid, [15], []));
    must(sendSignal(k, 1, init.pid, 15));
    expect(log.at(-1)).toMatchObject({ action: 'handle' });
  });
  test('SIGKILL from an ancestor namespace kills it; from inside it is ignored', () => {
    const { k } = boot();
    const { init, child } = container(k);
    must(sendSignal(k, child.pid, init.pid, 9));
    expect(k.proc(init.pid)!.state).toBe('R');
    must(sendSignal(k, 1, init.pid, 9));
    expect(k.proc(init.pid)!.state).toBe('Z');
    expect(k.proc(child.pid)).toBeUndefined();
  });
  test('the host\'s init ignores SIGKILL', () => {
    const { k } = boot();
    must(sendSignal(k, 1, 1, 9));
    expect(k.proc(1)!.state).not.toBe('Z');
  });
});

describe('process groups', () => {
  test('kill(-pgid) signals every member the sender may signal', () => {
    const { k, log } = boot();
    const leader = plain(k);
    k.emit({ type: 'process.pgidChanged', pid: leader.pid, pgid: leader.pid, sid: leader.pid, tty: 'pts/0' });
    const a = plain(k, leader.pid);
    const b = plain(k, leader.pid);
    const other = plain(k);
    expect(killProcessGroup(k, 1, leader.pid, 2)).toBe(true);
    const died = log.filter((e) => e.type === 'process.exited' && e.termSignal === 2).map((e) => (e as { pid: number }).pid);
    expect(died).toEqual([leader.pid, a.pid, b.pid]);
    expect(k.proc(other.pid)!.state).toBe('R');
    expect(killProcessGroup(k, 1, 9999, 2)).toEqual({ errno: 'ESRCH' });
  });
  test('EPERM when no member may be signalled', () => {
    const { k } = boot();
    const a = plain(k);
    k.emit({ type: 'process.pgidChanged', pid: a.pid, pgid: a.pid, sid: a.sid, tty: null });
    const u = plain(k);
    becomeUser(k, u.pid, 1000);
    expect(killProcessGroup(k, u.pid, a.pid, 15)).toEqual({ errno: 'EPERM' });
  });
});
