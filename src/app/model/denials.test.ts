import { describe, expect, it } from 'vitest';
import { detectDenial } from './denials.ts';

describe('detectDenial', () => {
  it('maps the messages tools print on EPERM to the capability needed', () => {
    expect(detectDenial('hostname x', 'hostname: you must be root to change the host name\r\n')).toMatchObject({
      program: 'hostname',
      cap: 'CAP_SYS_ADMIN',
      message: 'you must be root to change the host name',
    });
    expect(detectDenial('ip link add br0 type bridge', '\x1b[31mRTNETLINK answers: Operation not permitted\x1b[0m\r\n')).toMatchObject({ program: 'ip', cap: 'CAP_NET_ADMIN', message: 'RTNETLINK answers: Operation not permitted' });
    expect(detectDenial('mount -t tmpfs t /mnt', 'mount: /mnt: permission denied.\r\n')?.cap).toBe('CAP_SYS_ADMIN');
    expect(detectDenial('date -s 10:00', 'date: cannot set date: Operation not permitted\n', () => 42)).toMatchObject({ cap: 'CAP_SYS_TIME', pid: 42 });
  });
  it('ignores ordinary output', () => {
    expect(detectDenial('ls', 'a b c\r\n')).toBeNull();
  });
});

describe('denialFromEvents', () => {
  it('takes the capability from the kernel\'s caps.denied event, not from the text', async () => {
    const { createHost } = await import('../../sim/host/host.ts');
    const { denialFromEvents } = await import('./denials.ts');
    const h = createHost({ seed: 1 });
    h.run('docker pull alpine');
    const r = h.run('docker run --rm alpine hostname demo');
    const d = denialFromEvents('docker run --rm alpine hostname demo', r.output, r.events);
    expect(d).toMatchObject({ program: 'hostname', cap: 'CAP_SYS_ADMIN', message: 'sethostname: Operation not permitted' });
    expect(typeof d?.pid).toBe('number');
    expect(denialFromEvents('true', '', h.run('true').events)).toBeNull();
  });
});
