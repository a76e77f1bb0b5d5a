import { describe, expect, it } from 'vitest';
import { check, ctxOf, engineWith, fakeContainer, freshHost, sh } from './testkit.ts';

describe('file', () => {
  it('exists, contains, equals and matches', () => {
    const h = freshHost();
    const goal = { file: { path: '/tmp/x', contains: 'hi' } };
    expect(check(goal, ctxOf(h))).toBe('/tmp/x does not exist');
    sh(h, 'echo hi there > /tmp/x');
    expect(check(goal, ctxOf(h))).toBe(true);
    expect(check({ file: { path: '/tmp/x', equals: 'hi there' } }, ctxOf(h))).toBe(true);
    expect(check({ file: { path: '/tmp/x', matches: '^hi t?here$' } }, ctxOf(h))).toBe(true);
    expect(check({ file: { path: '/tmp/x', contains: 'bye' } }, ctxOf(h))).toBe('/tmp/x does not contain "bye"');
    expect(check({ file: { path: '/tmp/x', exists: false } }, ctxOf(h))).toBe('/tmp/x exists');
    expect(check({ file: { path: '/tmp' } }, ctxOf(h))).toBe(true);
  });

  it('reads procfs and cgroupfs like any file', () => {
    const h = freshHost();
    expect(check({ file: { path: '/proc/sys/kernel/hostname', contains: 'docker-host' } }, ctxOf(h))).toBe(true);
  });

  it('a container argument needs a running container', () => {
    const h = freshHost();
    const ctx = ctxOf(h, { engine: engineWith(fakeContainer('stopped', { State: { Status: 'exited', Running: false, Pid: 0 } })) });
    expect(check({ file: { path: '/etc/hostname', container: 'stopped' } }, ctx)).toBe('container stopped is not running');
    expect(check({ file: { path: '/etc/hostname', container: 'ghost' } }, ctx)).toBe('there is no container named ghost');
  });

  it('reads through the container main process mount namespace', () => {
    const h = freshHost();
    sh(h, "unshare --mount sh -c 'mount -t tmpfs tmpfs /mnt; echo inside > /mnt/f; sleep 1000' &");
    const p = Object.values(h.kernel.state.proc.byPid).find((x) => x.argv.join(' ') === 'sleep 1000');
    const c = fakeContainer('ns', { State: { Pid: p!.pid } });
    const ctx = ctxOf(h, { engine: engineWith(c) });
    expect(check({ file: { path: '/mnt/f', container: 'ns', contains: 'inside' } }, ctx)).toBe(true);
    expect(check({ file: { path: '/mnt/f', exists: false } }, ctx)).toBe(true);
  });

  it('rejects relative paths and bad regular expressions', () => {
    const h = freshHost();
    expect(() => check({ file: { path: 'tmp/x' } }, ctxOf(h))).toThrow(/must be absolute/);
    expect(() => check({ file: { path: '/x', matches: '(' } }, ctxOf(h))).toThrow(/not a valid regular expression/);
  });
});

describe('mount', () => {
  it('tells the host mount namespace from another one', () => {
    const h = freshHost();
    const other = { mount: { point: '/mnt', fstype: 'tmpfs', ns: 'other' } };
    const host = { mount: { point: '/mnt', ns: 'host' } };
    expect(check(other, ctxOf(h))).not.toBe(true);
    sh(h, "unshare --mount sh -c 'mount -t tmpfs tmpfs /mnt; sleep 1000' &");
    expect(check(other, ctxOf(h))).toBe(true);
    expect(check(host, ctxOf(h))).not.toBe(true);
    sh(h, 'mount -t tmpfs tmpfs /mnt');
    expect(check(host, ctxOf(h))).toBe(true);
  });
});
