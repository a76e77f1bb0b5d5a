import { describe, expect, it } from 'vitest';
import { boot, fork } from '../../process/testkit.ts';
import { readFile, readdir, stat } from '../vfs/ops-read.ts';
import { writeFile } from '../vfs/ops-write.ts';
import { isErr } from '../../errno.ts';
import { advanceTime } from '../../time.ts';
import { allCpusMask } from './kernel-files.ts';

describe('/proc kernel internals (the paths runc masks or makes read-only)', () => {
  it('has the files and directories a 6.1 QEMU guest has, and not those it lacks', () => {
    const { k } = boot();
    const names = readdir(k, 1, '/proc');
    if (isErr(names)) throw new Error(names.errno);
    const list = names.map((e) => e.name);
    for (const n of ['acpi', 'bus', 'fs', 'interrupts', 'irq', 'kcore', 'keys', 'scsi', 'sysrq-trigger', 'timer_list']) expect(list).toContain(n);
    for (const n of ['asound', 'latency_stats', 'timer_stats', 'sched_debug']) {
      expect(list).not.toContain(n);
      expect(readFile(k, 1, `/proc/${n}`)).toMatchObject({ errno: 'ENOENT' });
    }
  });

  it('gives each its mode: kcore root-only and 128 TiB, sysrq-trigger write-only, the directories 0555', () => {
    const { k } = boot();
    expect(stat(k, 1, '/proc/kcore')).toMatchObject({ type: 'file', perm: 0o400, size: 140737471590400 });
    expect(stat(k, 1, '/proc/sysrq-trigger')).toMatchObject({ type: 'file', perm: 0o200 });
    expect(stat(k, 1, '/proc/timer_list')).toMatchObject({ type: 'file', perm: 0o400 });
    expect(stat(k, 1, '/proc/interrupts')).toMatchObject({ type: 'file', perm: 0o444 });
    for (const d of ['/proc/acpi', '/proc/bus', '/proc/fs', '/proc/irq', '/proc/scsi', '/proc/bus/input', '/proc/irq/0']) expect(stat(k, 1, d)).toMatchObject({ type: 'dir', perm: 0o555 });
  });

  it('generates interrupts and irq affinity from the machine: one column per CPU, local-timer counts from the uptime', () => {
    const { k } = boot();
    advanceTime(k, 10_000);
    const text = readFile(k, 1, '/proc/interrupts') as string;
    const lines = text.split('\n');
    expect(lines[0]).toBe('           CPU0       CPU1       ');
    expect(lines[1]).toBe('  0:         35          0   IO-APIC   2-edge      timer');
    expect(lines[5]).toBe('  9:          0          0   IO-APIC   9-fasteoi   acpi');
    const loc = lines.find((l) => l.startsWith('LOC:')) as string;
    const up = k.state.clock.uptimeMs / 1000;
    expect(Number(loc.split(/\s+/)[1])).toBe(Math.floor(up * 250));
    expect(readFile(k, 1, '/proc/irq/default_smp_affinity')).toBe('3\n');
    expect(readFile(k, 1, '/proc/irq/1/smp_affinity_list')).toBe('0-1\n');
    expect([1, 4, 31, 32, 33, 64].map(allCpusMask)).toEqual(['1', 'f', '7fffffff', 'ffffffff', '1,ffffffff', 'ffffffff,ffffffff']);
    expect(readFile(k, 1, '/proc/timer_list')).toMatch(/^Timer List Version: v0\.9\nHRTIMER_MAX_CLOCK_BASES: 8\nnow at \d+ nsecs\n\ncpu: 0\n clock 0:\n/);
  });

  it('refuses reading sysrq-trigger (EIO) and takes a write to it; files without a writer refuse writes', () => {
    const { k } = boot();
    expect(readFile(k, 1, '/proc/sysrq-trigger')).toMatchObject({ errno: 'EIO' });
    expect(isErr(writeFile(k, 1, '/proc/sysrq-trigger', 'h'))).toBe(false);
    expect(writeFile(k, 1, '/proc/interrupts', 'x')).toMatchObject({ errno: 'EACCES' });
    const sh = fork(k, 1, { comm: 'sh', argv: ['sh'] });
    expect(readFile(k, sh.pid, '/proc/scsi/scsi')).toContain('Vendor: QEMU     Model: QEMU HARDDISK');
  });
});
