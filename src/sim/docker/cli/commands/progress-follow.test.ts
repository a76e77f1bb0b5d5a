import { describe, expect, it } from 'vitest';
import { createHost } from '../../../host/host.ts';
import { fakeIo, fakeSystem } from '../testkit.ts';
import { ApiClient } from '../api/client.ts';
import { followProgress } from './progress-follow.ts';
import { resumeCli } from '../main.ts';
import type { CmdResult } from '../context.ts';

describe('docker pull and push take virtual time', () => {
  it('a pull of a large image moves the clock by its download time and prints the layers as they finish', () => {
    const h = createHost({ seed: 5 });
    const t0 = h.kernel.uptimeMs;
    const r = h.run('docker pull postgres');
    const took = h.kernel.uptimeMs - t0;
    expect(r.exitCode).toBe(0);
    const img = h.engine.state.images.images[h.engine.state.images.tags['postgres:latest'] ?? ''];
    if (!img) throw new Error('no image');
    const compressed = Object.values(h.engine.state.images.layers).reduce((n, l) => n + (l.compressedSize ?? 0), 0);
    // 25 MB/s shared by the downloads, plus the registry round trips and extraction.
    expect(took).toBeGreaterThanOrEqual(compressed / 25_000);
    expect(took).toBeLessThan(compressed / 25_000 + 5000);
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 2)).toEqual(['Using default tag: latest', 'latest: Pulling from library/postgres']);
    expect(lines.slice(-4)).toEqual([`Digest: ${img.repoDigests[0]?.split('@')[1]}`, 'Status: Downloaded newer image for postgres:latest', 'docker.io/library/postgres:latest', '']);
    // Not a canned order: some layer is extracted before another one finished downloading.
    const firstPull = lines.findIndex((l) => l.endsWith(': Pull complete'));
    const lastDownload = lines.map((l) => l.endsWith(': Download complete')).lastIndexOf(true);
    expect(firstPull).toBeGreaterThan(0);
    expect(firstPull).toBeLessThan(lastDownload);
    // No progress bars without a terminal.
    expect(r.stdout).not.toContain('Downloading');
    // Up to date: only the registry round trip.
    const t1 = h.kernel.uptimeMs;
    expect(h.run('docker pull -q postgres').stdout).toBe('docker.io/library/postgres:latest\n');
    expect(h.kernel.uptimeMs - t1).toBeLessThan(1000);
  });

  it('a later command sees the time the pull took', () => {
    const h = createHost({ seed: 5 });
    h.run('docker run -d --name before nginx:alpine');
    h.run('docker pull postgres');
    const out = h.run('docker ps --format "{{.Names}} {{.RunningFor}}"').stdout;
    expect(out).toMatch(/^before ([5-9]|1\d) seconds ago\n$/);
  });

  it('push uploads at the upstream speed', () => {
    const h = createHost({ seed: 5 });
    h.run('docker run -d -p 5000:5000 --name reg registry:2');
    h.run('mkdir /app && printf "FROM alpine\\nRUN head -c 5000000 /dev/zero > /blob\\n" > /app/Dockerfile');
    expect(h.run('docker build -q -t localhost:5000/blob /app').exitCode).toBe(0);
    const t0 = h.kernel.uptimeMs;
    const r = h.run('docker push localhost:5000/blob');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/: Pushed\n/);
    expect(r.stdout).toMatch(/latest: digest: sha256:[0-9a-f]{64} size: \d+\n$/);
    // At least the 5 MB layer's share of the 5 MB/s link.
    expect(h.kernel.uptimeMs - t0).toBeGreaterThan(400);
  });
});

describe('followProgress', () => {
  const answer = (stream: unknown[], timesMs: number[], duration: number) => ({
    ok: true as const,
    status: 200,
    headers: { 'X-Sim-Duration-Ms': String(duration) },
    body: { stream, timesMs },
  });

  it('prints each message when it is due, keeping the layer lines of a terminal between parts', () => {
    const io = fakeIo({ stdoutTty: true });
    let now = 1_000_000;
    const sys = { ...fakeSystem(), nowMs: () => now };
    const c = { io, sys, api: new ApiClient(null, 'unix:///x') };
    const msgs = [
      { status: 'Pulling fs layer', progressDetail: {}, id: 'aaa' },
      { status: 'Pulling fs layer', progressDetail: {}, id: 'bbb' },
      { status: 'Pull complete', progressDetail: {}, id: 'aaa' },
      { status: 'Digest: sha256:x' },
    ];
    let r: CmdResult = followProgress(c, answer(msgs, [0, 0, 300, 500], 500), { quiet: false, tail: 'ref\n' });
    expect(io.stdout).toBe('\n\x1b[1A\x1b[2K\raaa: Pulling fs layer \r\x1b[1B\n\x1b[1A\x1b[2K\rbbb: Pulling fs layer \r\x1b[1B');
    if (typeof r === 'number') throw new Error('ended early');
    expect(r.wait).toEqual({ kind: 'poll', ms: 300 });
    now += 300;
    io.stdout = '';
    r = resumeCli(r.pending, 'timer', io, sys);
    // aaa is two lines up: the bookkeeping survived the wait.
    expect(io.stdout).toBe('\x1b[2A\x1b[2K\raaa: Pull complete \r\x1b[2B');
    if (typeof r === 'number') throw new Error('ended early');
    expect(r.wait).toEqual({ kind: 'poll', ms: 200 });
    now += 200;
    io.stdout = '';
    expect(resumeCli(r.pending, 'timer', io, sys)).toBe(0);
    expect(io.stdout).toBe('Digest: sha256:x\nref\n');
  });

  it('ends with the stream error, exit 1', () => {
    const io = fakeIo();
    const c = { io, sys: fakeSystem(), api: new ApiClient(null, 'unix:///x') };
    const r = followProgress(c, answer([{ status: 'Preparing', progressDetail: {}, id: 'a' }, { error: 'denied: requested access to the resource is denied', errorDetail: { message: 'denied: requested access to the resource is denied' } }], [0, 0], 0), { quiet: false, tail: '' });
    expect(r).toBe(1);
    expect(io.stdout).toBe('a: Preparing\n');
    expect(io.stderr).toBe('denied: requested access to the resource is denied\n');
  });
});
