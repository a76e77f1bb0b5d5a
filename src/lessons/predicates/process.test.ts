import { describe, expect, it } from 'vitest';
import { check, ctxOf, engineWith, fakeContainer, freshHost, sh } from './testkit.ts';

describe('process', () => {
  it('finds a process in its own PID namespace as PID 1 only after unshare --pid --fork', () => {
    const h = freshHost();
    const goal = { process: { argv: 'sleep 2000', inOwnPidNs: true, nsPid: 1 } };
    sh(h, 'sleep 2000 &');
    expect(check(goal, ctxOf(h))).toBe('no running process matches yet');
    sh(h, 'unshare --pid --fork --mount-proc sleep 2000 &');
    expect(check(goal, ctxOf(h))).toBe(true);
    // The plain one is in the host's namespace.
    expect(check({ process: { argv: 'sleep 2000', inOwnPidNs: false, count: 1 } }, ctxOf(h))).toBe(true);
  });

  it('newNs and hostNs compare each namespace with the initial one', () => {
    const h = freshHost();
    sh(h, 'unshare --ipc sleep 1500 &');
    const ctx = ctxOf(h);
    expect(check({ process: { argv: 'sleep 1500', newNs: ['ipc'], hostNs: 'uts' } }, ctx)).toBe(true);
    expect(check({ process: { argv: 'sleep 1500', newNs: ['uts'] } }, ctx)).not.toBe(true);
  });

  it('uidInside follows the uid_map of the user namespace', () => {
    const h = freshHost();
    sh(h, 'unshare --user sleep 1001 &', 'unshare --user --map-root-user sleep 1002 &');
    const ctx = ctxOf(h);
    expect(check({ process: { argv: 'sleep 1001', newNs: 'user', uidInside: 65534 } }, ctx)).toBe(true);
    expect(check({ process: { argv: 'sleep 1002', newNs: 'user', uidInside: 0 } }, ctx)).toBe(true);
    expect(check({ process: { argv: 'sleep 1001', uidInside: 0 } }, ctx)).not.toBe(true);
  });

  it('capabilities are read from the effective set', () => {
    const h = freshHost();
    const ctx = ctxOf(h);
    expect(check({ process: { comm: 'systemd', hasCap: ['SYS_ADMIN', 'cap_net_admin'] } }, ctx)).toBe(true);
    expect(check({ process: { comm: 'systemd', lacksCap: 'CHOWN' } }, ctx)).not.toBe(true);
  });

  it('container: matches processes runc tagged with the container ID', () => {
    const h = freshHost();
    sh(h, 'sleep 4242 &');
    const c = fakeContainer('box');
    const p = Object.values(h.kernel.state.proc.byPid).find((x) => x.argv.join(' ') === 'sleep 4242');
    expect(p).toBeDefined();
    const ctx = ctxOf(h, { engine: engineWith(c) });
    expect(check({ process: { argv: 'sleep 4242', container: 'box' } }, ctx)).not.toBe(true);
    // Tag it the way runc does, in a copy of the state.
    const state = structuredClone(h.kernel.state);
    state.proc.byPid[p!.pid]!.containerId = c.Id;
    expect(check({ process: { argv: 'sleep 4242', container: 'box' } }, { ...ctx, kernel: state })).toBe(true);
    expect(check({ process: { argv: 'sleep 4242', container: true } }, { ...ctx, kernel: state })).toBe(true);
  });

  it('exists: false holds when no process matches', () => {
    const h = freshHost();
    expect(check({ process: { comm: 'nginx', exists: false } }, ctxOf(h))).toBe(true);
    expect(check({ process: { comm: 'systemd', exists: false } }, ctxOf(h))).toMatch(/still run/);
  });

  it('rejects unknown namespace types and capabilities when parsed', () => {
    const h = freshHost();
    expect(() => check({ process: { newNs: ['pidd'] } }, ctxOf(h))).toThrow(/unknown namespace type "pidd"/);
    expect(() => check({ process: { hasCap: 'FLY' } }, ctxOf(h))).toThrow(/unknown capability "FLY"/);
  });
});

describe('namespace', () => {
  it('finds a live UTS namespace with a given hostname', () => {
    const h = freshHost();
    const goal = { namespace: { type: 'uts', hostname: 'lab' } };
    sh(h, "unshare --uts sh -c 'hostname lab; hostname'");
    // That namespace died with its shell.
    expect(check(goal, ctxOf(h))).toMatch(/found 0/);
    sh(h, "unshare --uts sh -c 'hostname lab; sleep 1000' &");
    expect(check(goal, ctxOf(h))).toBe(true);
    expect(check({ namespace: { type: 'uts', initial: true, hostname: 'docker-host' } }, ctxOf(h))).toBe(true);
  });

  it('matches a user namespace by its uid_map', () => {
    const h = freshHost();
    sh(h, 'unshare --user --map-root-user sleep 1000 &');
    expect(check({ namespace: { type: 'user', uidMap: '0 0 1' } }, ctxOf(h))).toBe(true);
    expect(check({ namespace: { type: 'user', uidMap: '0 100000 65536' } }, ctxOf(h))).not.toBe(true);
  });
});
