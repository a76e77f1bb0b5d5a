import { describe, expect, it } from 'vitest';
import { keepRecent, LOG_KEEP_BYTES, LOG_KEEP_LINES } from './log-keep.ts';
import { frame, FRAME_MAX } from './mux.ts';
import type { LogEntry } from './types.ts';
import { createHost } from '../../host/host.ts';

const line = (log: string): LogEntry => ({ stream: 'stdout', log, timeMs: 0 });

describe('keepRecent', () => {
  it('keeps everything up to twice the limits, then the most recent lines within both', () => {
    const log = Array.from({ length: 2 * LOG_KEEP_LINES }, (_, i) => line(`${i}\n`));
    const bytes = log.reduce((n, e) => n + e.log.length, 0);
    expect(keepRecent(log, bytes)).toBe(bytes);
    log.push(line('last\n'));
    const after = keepRecent(log, bytes + 5);
    expect(log.length).toBe(LOG_KEEP_LINES);
    expect(log[log.length - 1]?.log).toBe('last\n');
    expect(after).toBe(log.reduce((n, e) => n + e.log.length, 0));
  });
  it('bounds the bytes of long lines too', () => {
    const big = 'x'.repeat(1024 * 1024);
    const log = Array.from({ length: 9 }, () => line(big));
    const n = keepRecent(log, 9 * big.length);
    expect(n).toBeLessThanOrEqual(LOG_KEEP_BYTES);
    expect(log.length).toBe(4);
  });
});

describe('stdcopy frames', () => {
  it('carry at most 32 KiB each, as moby writes them', () => {
    const s = frame('stdout', 'y'.repeat(FRAME_MAX * 2 + 10));
    const sizes: number[] = [];
    for (let i = 0; i < s.length; ) {
      const n = (s.charCodeAt(i + 4) << 24) | (s.charCodeAt(i + 5) << 16) | (s.charCodeAt(i + 6) << 8) | s.charCodeAt(i + 7);
      sizes.push(n);
      i += 8 + n;
    }
    expect(sizes).toEqual([FRAME_MAX, FRAME_MAX, 10]);
  });
});

describe('a container that writes without pause', () => {
  it('has its log rotated: docker logs and the json file show the most recent lines', () => {
    const h = createHost({ seed: 31 });
    h.run('docker pull alpine');
    h.run('docker run -d --name chatty alpine yes');
    h.run('sleep 30');
    h.run('docker logs chatty > /tmp/logs');
    const n = Number(h.run('wc -l < /tmp/logs').stdout);
    expect(n).toBeGreaterThanOrEqual(LOG_KEEP_LINES);
    expect(n).toBeLessThanOrEqual(2 * LOG_KEEP_LINES);
    const id = h.run('docker inspect -f "{{.Id}}" chatty').stdout.trim();
    expect(h.run(`wc -l < /var/lib/docker/containers/${id}/${id}-json.log`).stdout).toBe(`${n}\n`);
    expect(h.run('docker logs --tail 1 chatty').stdout).toBe('y\n');
  });
  it('docker exec of an endless writer streams until ^C without holding all it wrote (the copy waits for the client)', () => {
    const h = createHost({ seed: 32 });
    h.run('docker pull alpine');
    h.run('docker run -d --name c1 alpine sleep 1000');
    const r = h.run('docker exec c1 yes');
    expect(r.stdout.length).toBeGreaterThan(64 * 1024);
    const x = Object.values(h.engine.state.containers.execs).map((e) => (e.rt.pendingOut ?? '').length);
    expect(Math.max(0, ...x)).toBeLessThanOrEqual(4 * 1024 * 1024 + 8 * 128);
    expect(h.run('echo ready').stdout).toBe('ready\n');
  });
});
