import { describe, expect, test } from 'vitest';
import { lsnsRows, nsByInum, nsLinks, nsOfPid } from './query.ts';
import { boot, fork } from '../process/testkit.ts';
import { CLONE_FLAGS as F } from './types.ts';
import { INITIAL_NS_INUMS } from '../boot.ts';

describe('namespace queries', () => {
  test('nsOfPid and /proc/PID/ns links', () => {
    const { k } = boot();
    expect(nsOfPid(k, 1, 'uts')?.hostname).toBe('docker-host');
    expect(nsOfPid(k, 1, 'pid')?.inum).toBe(INITIAL_NS_INUMS.pid);
    expect(nsByInum(k, INITIAL_NS_INUMS.net, 'uts')).toBeUndefined();
    const links = nsLinks(k, 1);
    expect(links).toHaveLength(10);
    expect(links.find((l) => l.name === 'net')?.target).toBe('net:[4026531840]');
    expect(links.find((l) => l.name === 'pid_for_children')?.target).toBe('pid:[4026531836]');
  });
  test('lsns from the host lists every namespace with its lowest PID', () => {
    const { k } = boot();
    const shim = fork(k, 1, { comm: 'shim', argv: ['containerd-shim'] });
    const c = fork(k, shim.pid, { flags: F.net | F.pid, comm: 'nginx', argv: ['nginx', '-g', 'daemon off;'] });
    fork(k, c.pid, { comm: 'nginx', argv: ['nginx: worker'] });
    const rows = lsnsRows(k, 1);
    expect(rows.map((r) => r.inum)).toEqual([...rows.map((r) => r.inum)].sort((a, b) => a - b));
    const net = rows.find((r) => r.inum === c.ns.net)!;
    expect(net).toMatchObject({ type: 'net', nprocs: 2, pid: c.pid, argv: ['nginx', '-g', 'daemon off;'], uid: 0 });
    expect(rows.find((r) => r.inum === INITIAL_NS_INUMS.net)).toMatchObject({ nprocs: 3, pid: 1 });
    expect(rows.find((r) => r.inum === INITIAL_NS_INUMS.user)).toMatchObject({ nprocs: 5 });
  });
  test('lsns inside a container sees only its own processes, PIDs as it numbers them', () => {
    const { k } = boot();
    const c = fork(k, 1, { flags: F.net | F.pid, comm: 'sh' });
    fork(k, c.pid);
    const rows = lsnsRows(k, c.pid);
    expect(rows.every((r) => r.nprocs === 2)).toBe(true);
    expect(rows.every((r) => r.pid === 1)).toBe(true);
    expect(rows).toHaveLength(8);
  });
});
