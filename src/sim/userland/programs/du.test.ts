import { describe, expect, it } from 'vitest';
import { createHost } from '../../host/host.ts';
import { duHuman } from './du.ts';

describe('du', () => {
  it('formats sizes as GNU du -h does', () => {
    expect(duHuman(0)).toBe('0');
    expect(duHuman(4096)).toBe('4.0K');
    expect(duHuman(8.21 * 1024 * 1024)).toBe('8.3M');
    expect(duHuman(74.2 * 1024 * 1024)).toBe('75M');
    expect(duHuman(1023.5 * 1024 * 1024)).toBe('1.0G');
  });

  it('sums blocks per directory, counts a hard-linked file once, and reports missing operands', () => {
    const h = createHost({ seed: 4 });
    h.run('mkdir -p /d/sub && head -c 10000 /dev/zero > /d/sub/a && ln /d/sub/a /d/b && echo hi > /d/c');
    const all = h.run('du /d');
    expect(all.exitCode).toBe(0);
    const lines = all.stdout.trim().split('\n').map((l) => l.split('\t'));
    expect(lines.map((l) => l[1])).toEqual(['/d/sub', '/d']);
    const [sub, top] = lines.map((l) => Number(l[0]));
    // sub: the dir and a 10000-byte file; /d adds itself and the 2-byte file, not the link again.
    expect(sub).toBeGreaterThanOrEqual(8);
    // /d itself (4K) and c (4K) on top of sub; b is a's inode, counted once.
    expect(top).toBe((sub as number) + 8);
    expect(h.run('du -s /d').stdout).toBe(`${top}\t/d\n`);
    expect(h.run('du -sh /nope')).toMatchObject({ exitCode: 1, stderr: "du: cannot access '/nope': No such file or directory\n" });
  });
});
