import { describe, expect, test } from 'vitest';
import { exitProcess, killProcess, reap, shellStatus, waitStatus } from './exit.ts';
import { boot, fork, must, typesSince } from './testkit.ts';
import { setChildSubreaper } from './prctl.ts';
import { setDisposition } from './signal.ts';
import { unshare } from '../ns/unshare.ts';
import { CLONE_FLAGS, type PidNamespace } from '../ns/types.ts';
import type { Namespace } from '../ns/types.ts';
import type { Process } from './types.ts';
import { INITIAL_NS_INUMS } from '../boot.ts';

const F = CLONE_FLAGS;

/** A "shell" whose children are not auto-reaped (its parent is systemd, itself is not), with default dispositions. */
function shell(k: ReturnType<typeof boot>['k']): Process {
  const sh = fork(k, 1, { comm: 'bash' });
  must(setDisposition(k, sh.pid, [], []));
  return sh;
}

describe('exit and reap', () => {
  test('an exited child is a zombie until its parent reaps it', () => {
    const { k, log } = boot();
    const sh = shell(k);
    const c = fork(k, sh.pid, { comm: 'true' });
    const n = log.length;
    must(exitProcess(k, c.pid, 3));
    expect(typesSince(log, n)).toEqual(['process.exited']);
    expect(k.proc(c.pid)).toMatchObject({ state: 'Z', exitCode: 3, termSignal: null });
    expect(reap(k, sh.pid, c.pid)).toEqual({ pid: c.pid, exitCode: 3, termSignal: null });
    expect(k.proc(c.pid)).toBeUndefined();
    expect(k.proc(sh.pid)!.children).toEqual([]);
    expect(log.at(-1)).toMatchObject({ type: 'process.reaped', pid: c.pid, by: sh.pid });
  });
  test('exit status is taken modulo 256', () => {
    const { k } = boot();
    const sh = shell(k);
    const a = fork(k, sh.pid);
    must(exitProcess(k, a.pid, 257));
    expect(k.proc(a.pid)!.exitCode).toBe(1);
    const b = fork(k, sh.pid);
    must(exitProcess(k, b.pid, -1));
    expect(k.proc(b.pid)!.exitCode).toBe(255);
  });
  test('reap errors: ECHILD for a non-child, EAGAIN while it runs, -1 takes any zombie', () => {
    const { k } = boot();
    const sh = shell(k);
    const a = fork(k, sh.pid);
    const b = fork(k, sh.pid);
    expect(reap(k, a.pid, b.pid)).toEqual({ errno: 'ECHILD' });
    expect(reap(k, sh.pid, a.pid)).toEqual({ errno: 'EAGAIN' });
    expect(reap(k, sh.pid)).toEqual({ errno: 'EAGAIN' });
    must(exitProcess(k, b.pid, 0));
    expect(reap(k, sh.pid)).toMatchObject({ pid: b.pid });
    expect(reap(k, a.pid)).toEqual({ errno: 'ECHILD' });
  });
  test('children of the host init are reaped by it at once', () => {
    const { k, log } = boot();
    const d = fork(k, 1, { comm: 'dockerd' });
    must(exitProcess(k, d.pid, 1));
    expect(k.proc(d.pid)).toBeUndefined();
    expect(typesSince(log, log.length - 2)).toEqual(['process.exited', 'process.reaped']);
  });
  test('a parent with SIGCHLD set to SIG_IGN never sees zombies', () => {
    const { k } = boot();
    const sh = shell(k);
    must(setDisposition(k, sh.pid, [], [17]));
    const c = fork(k, sh.pid);
    must(exitProcess(k, c.pid, 0));
    expect(k.proc(c.pid)).toBeUndefined();
  });
  test('the parent gets SIGCHLD when it handles it', () => {
    const { k, log } = boot();
    const sh = shell(k);
    must(setDisposition(k, sh.pid, [17], []));
    const c = fork(k, sh.pid);
    must(exitProcess(k, c.pid, 0));
    expect(log.at(-1)).toMatchObject({ type: 'process.signalled', pid: sh.pid, signal: 17, from: c.pid, action: 'handle' });
  });
  test('processExited hooks see the zombie', () => {
    const { k, hooks } = boot();
    const seen: Array<[number, string]> = [];
    hooks.processExited.push((_k, p) => seen.push([p.pid, p.state]));
    const sh = shell(k);
    must(exitProcess(k, sh.pid, 0));
    expect(seen).toEqual([[sh.pid, 'Z']]);
  });
  test('the host init and kernel threads cannot exit (EPERM); unknown PIDs → ESRCH', () => {
    const { k } = boot();
    expect(exitProcess(k, 1, 0)).toEqual({ errno: 'EPERM' });
    expect(exitProcess(k, 2, 0)).toEqual({ errno: 'EPERM' });
    expect(exitProcess(k, 77, 0)).toEqual({ errno: 'ESRCH' });
  });
  test('wait status words and the shell\'s $?', () => {
    expect(waitStatus({ exitCode: 3, termSignal: null })).toBe(0x300);
    expect(waitStatus({ exitCode: null, termSignal: 9 })).toBe(9);
    expect(shellStatus({ exitCode: 3, termSignal: null })).toBe(3);
    expect(shellStatus({ exitCode: null, termSignal: 9 })).toBe(137);
    expect(shellStatus({ exitCode: null, termSignal: 15 })).toBe(143);
  });
  test('killProcess: death by signal, exit code null', () => {
    const { k, log } = boot();
    const sh = shell(k);
    const c = fork(k, sh.pid);
    must(killProcess(k, c.pid, 9));
    expect(k.proc(c.pid)).toMatchObject({ state: 'Z', exitCode: null, termSignal: 9 });
    expect(log.at(-2)).toMatchObject({ type: 'process.signalled', pid: c.pid, signal: 9, from: 0, action: 'term' });
    const d = fork(k, sh.pid);
    must(killProcess(k, d.pid, 11));
    expect(log.at(-2)).toMatchObject({ action: 'core' });
    expect(killProcess(k, 1, 9)).toEqual({ errno: 'EPERM' });
  });
});

describe('re-parenting', () => {
  test('orphans go to the PID namespace init (the host init reaps zombies among them)', () => {
    const { k } = boot();
    const sh = shell(k);
    const mid = fork(k, sh.pid);
    const a = fork(k, mid.pid);
    const z = fork(k, mid.pid);
    must(exitProcess(k, z.pid, 0));
    must(exitProcess(k, mid.pid, 0));
    expect(k.proc(a.pid)!.ppid).toBe(1);
    expect(k.proc(1)!.children).toContain(a.pid);
    expect(k.proc(z.pid)).toBeUndefined(); // the zombie was handed to init, which reaped it
    expect(k.proc(mid.pid)!.children).toEqual([]);
  });
  test('…or to the nearest live child subreaper in the same namespace', () => {
    const { k, log } = boot();
    const shim = fork(k, 1, { comm: 'containerd-shim' });
    must(setChildSubreaper(k, shim.pid, true));
    const mid = fork(k, shim.pid);
    const leaf = fork(k, mid.pid);
    must(exitProcess(k, mid.pid, 0));
    expect(k.proc(leaf.pid)!.ppid).toBe(shim.pid);
    const exited = log.find((e) => e.type === 'process.exited' && e.pid === mid.pid);
    expect(exited).toMatchObject({ reparent: [{ pid: leaf.pid, newParent: shim.pid }] });
  });
  test('orphans inside a PID namespace go to its init, not to the host', () => {
    const { k } = boot();
    const init = fork(k, 1, { flags: F.pid, comm: 'tini' });
    const sh = fork(k, init.pid);
    const bg = fork(k, sh.pid);
    must(exitProcess(k, sh.pid, 0));
    expect(k.proc(bg.pid)!.ppid).toBe(init.pid);
  });
  test('children of a process that unshared CLONE_NEWPID go to its own namespace\'s reaper', () => {
    const { k } = boot();
    const runc = fork(k, fork(k, 1).pid);
    must(unshare(k, runc.pid, F.pid));
    const cinit = fork(k, runc.pid);
    must(exitProcess(k, runc.pid, 0));
    expect(k.proc(cinit.pid)!.ppid).toBe(1);
  });
});

describe('the init of a PID namespace exits', () => {
  function container(k: ReturnType<typeof boot>['k']) {
    const shim = fork(k, 1, { comm: 'containerd-shim' });
    const init = fork(k, shim.pid, { flags: F.pid | F.mnt | F.net | F.uts | F.ipc, comm: 'sh' });
    const a = fork(k, init.pid, { comm: 'sleep' });
    const b = fork(k, a.pid, { comm: 'sleep' });
    return { shim, init, a, b };
  }
  test('every other process in it is SIGKILLed and reaped by the dying init; the init stays a zombie for its parent', () => {
    const { k, log } = boot();
    const { shim, init, a, b } = container(k);
    const n = log.length;
    must(exitProcess(k, init.pid, 0));
    const pidNs = k.state.ns.byInum[init.pidNs] as PidNamespace;
    expect(pidNs.dead).toBe(true);
    expect(log[n]).toMatchObject({ type: 'ns.pidInitDied', inum: init.pidNs });
    const kills = log.slice(n).filter((e) => e.type === 'process.signalled' && e.signal === 9).map((e) => (e as { pid: number }).pid);
    expect(kills.sort()).toEqual([a.pid, b.pid].sort());
    expect(k.proc(a.pid)).toBeUndefined();
    expect(k.proc(b.pid)).toBeUndefined();
    expect(k.proc(init.pid)).toMatchObject({ state: 'Z', exitCode: 0 });
    expect(pidNs.pids).toEqual({ 1: init.pid });
    // The other namespaces went with the last process; the PID namespace waits for the reap.
    for (const t of ['mnt', 'net', 'uts', 'ipc'] as const) expect(k.state.ns.byInum[init.ns[t]]).toBeUndefined();
    expect(k.state.ns.byInum[init.pidNs]).toBeDefined();
    must(reap(k, shim.pid, init.pid));
    expect(k.state.ns.byInum[init.pidNs]).toBeUndefined();
  });
  test('a process that joined from outside (docker exec) dies too and stays a zombie for its own parent', () => {
    const { k } = boot();
    const { init } = container(k);
    const runc = fork(k, 1, { comm: 'runc' });
    k.emit({ type: 'process.nsChanged', pid: runc.pid, ns: { ...runc.ns, pid: init.pidNs }, pidNsForChildren: init.pidNs, timeNsForChildren: runc.timeNsForChildren });
    const ex = fork(k, runc.pid, { comm: 'bash' });
    expect(ex.nspids).toEqual([ex.pid, 4]);
    must(exitProcess(k, init.pid, 137));
    expect(k.proc(ex.pid)).toMatchObject({ state: 'Z', termSignal: 9, ppid: runc.pid });
  });
  test('ns.destroyed events and nsDestroyed hooks for each namespace freed', () => {
    const { k, log, hooks } = boot();
    const gone: Namespace['type'][] = [];
    hooks.nsDestroyed.push((_k, ns) => gone.push(ns.type));
    const { shim, init } = container(k);
    must(exitProcess(k, init.pid, 0));
    must(reap(k, shim.pid, init.pid));
    expect(gone.sort()).toEqual(['ipc', 'mnt', 'net', 'pid', 'uts']);
    expect(log.filter((e) => e.type === 'ns.destroyed')).toHaveLength(5);
  });
  test('the initial namespaces are never destroyed', () => {
    const { k } = boot();
    const { shim, init } = container(k);
    must(exitProcess(k, init.pid, 0));
    must(exitProcess(k, shim.pid, 0));
    for (const inum of Object.values(INITIAL_NS_INUMS)) expect(k.state.ns.byInum[inum]).toBeDefined();
  });
});
