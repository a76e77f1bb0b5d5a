import { describe, expect, test } from 'vitest';
import { dropBounding, setCaps } from './set.ts';
import { capsAfterExecve } from './exec-caps.ts';
import { boot, fork, must } from '../process/testkit.ts';
import { CAP_FULL, capAndNot, maskOf } from './caps.ts';

describe('capset and the bounding set', () => {
  test('root drops from the bounding set; then it cannot come back', () => {
    const { k } = boot();
    const p = fork(k, 1);
    const admin = maskOf(['CAP_SYS_ADMIN']);
    must(dropBounding(k, p.pid, admin));
    expect(k.proc(p.pid)!.caps.bounding).toBe(capAndNot(CAP_FULL, admin));
    expect(setCaps(k, p.pid, { bounding: CAP_FULL })).toEqual({ errno: 'EPERM' });
  });
  test('dropping from the bounding set needs CAP_SETPCAP', () => {
    const { k } = boot();
    const p = fork(k, 1);
    const m = maskOf(['CAP_KILL']);
    must(setCaps(k, p.pid, { effective: m, permitted: m, inheritable: 0 }));
    expect(dropBounding(k, p.pid, m)).toEqual({ errno: 'EPERM' });
  });
  test('permitted only shrinks; effective stays within permitted', () => {
    const { k } = boot();
    const p = fork(k, 1);
    const m = maskOf(['CAP_NET_BIND_SERVICE']);
    must(setCaps(k, p.pid, { permitted: m, effective: m }));
    expect(setCaps(k, p.pid, { permitted: CAP_FULL })).toEqual({ errno: 'EPERM' });
    expect(setCaps(k, p.pid, { effective: maskOf(['CAP_KILL']) })).toEqual({ errno: 'EPERM' });
    must(setCaps(k, p.pid, { effective: 0 }));
    expect(k.proc(p.pid)!.caps).toMatchObject({ permitted: m, effective: 0 });
  });
  test('ambient needs permitted and inheritable, and survives execve for a non-root user', () => {
    const { k } = boot();
    const p = fork(k, 1);
    const m = maskOf(['CAP_NET_BIND_SERVICE']);
    expect(setCaps(k, p.pid, { ambient: m })).toEqual({ errno: 'EPERM' });
    must(setCaps(k, p.pid, { inheritable: m, ambient: m }));
    const after = capsAfterExecve(k.proc(p.pid)!.caps, false, false);
    expect(after).toMatchObject({ permitted: m, effective: m, ambient: m });
    // Dropping from inheritable lowers ambient too.
    must(setCaps(k, p.pid, { inheritable: 0 }));
    expect(k.proc(p.pid)!.caps.ambient).toBe(0);
  });
});
