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

  it('a pull stopped half way keeps the layers unpacked so far: the next pull finds them', () => {
    const h = createHost({ seed: 5 });
    // postgres: 14 layers, 8 of them complete after 3.8 s, the rest after 8.3 s.
    h.run('docker pull postgres >/tmp/pull.out 2>&1 &');
    h.advance(5000);
    const st = h.engine.state.images;
    const kept = Object.keys(st.layers).length;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(14);
    expect(st.tags['postgres:latest']).toBeUndefined();
    const cli = Object.values(h.kernel.state.proc.byPid).find((p) => p.comm === 'docker' && p.state !== 'Z');
    if (!cli) throw new Error('no docker process');
    h.run(`kill ${cli.pid}`);
    h.advance(5000);
    expect(Object.keys(st.layers)).toHaveLength(kept);
    const again = h.run('docker pull postgres');
    expect(again.exitCode).toBe(0);
    expect(again.stdout.split('\n').filter((l) => l.endsWith(': Already exists'))).toHaveLength(kept);
    expect(h.engine.state.images.tags['postgres:latest']).toMatch(/^sha256:/);
    expect(Object.keys(st.layers)).toHaveLength(14);
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

  it('follows a stream in parts: asks for the next part when it is due', () => {
    const io = fakeIo();
    let now = 1_000_000;
    const asked: Array<[string, number]> = [];
    const transport = (req: { method: string; path: string }) => {
      if (req.path === '/_ping') return { status: 200, headers: {} };
      asked.push([req.path, now]);
      return { status: 200, headers: { 'X-Sim-Duration-Ms': '500' }, body: { stream: [{ status: 'Pull complete', progressDetail: {}, id: 'aaa' }, { status: 'Digest: sha256:x' }], timesMs: [300, 500] } };
    };
    const sys = { ...fakeSystem({ engine: { transport } as never }), nowMs: () => now };
    const c = { io, sys, api: new ApiClient(transport as never, 'unix:///var/run/docker.sock') };
    const first = { ok: true as const, status: 200, headers: { 'X-Sim-Duration-Ms': '500', 'X-Sim-Continue': '/images/pull-jobs/1', 'X-Sim-Poll-Ms': '200' }, body: { stream: [{ status: 'Pulling fs layer', progressDetail: {}, id: 'aaa' }], timesMs: [100] } };
    let r: CmdResult = followProgress(c, first, { quiet: false, tail: 'ref\n' });
    expect(io.stdout).toBe('');
    if (typeof r === 'number') throw new Error('ended early');
    expect(r.wait).toEqual({ kind: 'poll', ms: 100 });
    now += 100;
    r = resumeCli(r.pending, 'timer', io, sys);
    expect(io.stdout).toBe('aaa: Pulling fs layer\n');
    // The next part is due 200 ms after this part's last message.
    if (typeof r === 'number') throw new Error('ended early');
    expect(r.wait).toEqual({ kind: 'poll', ms: 200 });
    expect(asked).toEqual([]);
    now += 200;
    r = resumeCli(r.pending, 'timer', io, sys);
    expect(asked).toEqual([['/images/pull-jobs/1', 1_000_300]]);
    expect(io.stdout).toBe('aaa: Pulling fs layer\naaa: Pull complete\n');
    if (typeof r === 'number') throw new Error('ended early');
    now += 200;
    expect(resumeCli(r.pending, 'timer', io, sys)).toBe(0);
    expect(io.stdout).toBe('aaa: Pulling fs layer\naaa: Pull complete\nDigest: sha256:x\nref\n');
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
