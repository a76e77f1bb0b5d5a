import { describe, expect, it } from 'vitest';
import { api, bootImages } from './testkit.ts';

function pull(h: ReturnType<typeof bootImages>, image: string, tag = 'latest'): void {
  const r = api(h, 'POST', '/images/create', { fromImage: image, tag });
  if (r.status !== 200) throw new Error(JSON.stringify(r.body));
}

describe('image inspect, list and history', () => {
  it('inspect has Docker 28\'s keys in order', () => {
    const h = bootImages();
    pull(h, 'nginx');
    const r = api(h, 'GET', '/images/nginx/json');
    expect(r.status).toBe(200);
    const b = r.body as Record<string, unknown>;
    expect(Object.keys(b)).toEqual(['Id', 'RepoTags', 'RepoDigests', 'Parent', 'Comment', 'Created', 'DockerVersion', 'Author', 'Config', 'Architecture', 'Os', 'Size', 'GraphDriver', 'RootFS', 'Metadata']);
    expect(b.RepoTags).toEqual(['nginx:latest']);
    expect((b.RepoDigests as string[])[0]).toMatch(/^nginx@sha256:[0-9a-f]{64}$/);
    const cfg = b.Config as Record<string, unknown>;
    expect(Object.keys(cfg)).toEqual(['ExposedPorts', 'Env', 'Entrypoint', 'Cmd', 'Labels', 'StopSignal']);
    expect(cfg.Cmd).toEqual(['nginx', '-g', 'daemon off;']);
    expect(cfg.Entrypoint).toEqual(['/docker-entrypoint.sh']);
    expect(cfg.ExposedPorts).toEqual({ '80/tcp': {} });
    expect(cfg.StopSignal).toBe('SIGQUIT');
    expect((b.RootFS as { Layers: string[] }).Layers).toHaveLength(7);
    const gd = b.GraphDriver as { Name: string; Data: Record<string, string> };
    expect(gd.Name).toBe('overlay2');
    expect(Object.keys(gd.Data)).toEqual(['LowerDir', 'MergedDir', 'UpperDir', 'WorkDir']);
    expect(gd.Data.LowerDir?.split(':')).toHaveLength(6);
    expect(b.Metadata).toEqual({ LastTagTime: '0001-01-01T00:00:00Z' });
    expect(b.Size).toBe(78_610_000 + 73_330_000 + 1_620 + 2_125 + 389 + 3_018 + 4_620);
  });

  it('finds images by name, ID and ID prefix; 404 otherwise', () => {
    const h = bootImages();
    pull(h, 'alpine', '3.21');
    const id = (api(h, 'GET', '/images/alpine:3.21/json').body as { Id: string }).Id;
    expect((api(h, 'GET', `/images/${id.slice(7, 19)}/json`).body as { Id: string }).Id).toBe(id);
    expect((api(h, 'GET', `/images/${id}/json`).body as { Id: string }).Id).toBe(id);
    expect(api(h, 'GET', '/images/alpine/json')).toMatchObject({ status: 404, body: { message: 'No such image: alpine:latest' } });
  });

  it('docker images: newest first, filters', () => {
    const h = bootImages();
    pull(h, 'alpine', '3.19');
    pull(h, 'ubuntu', '22.04');
    pull(h, 'hello-world');
    const all = api(h, 'GET', '/images/json').body as Array<{ RepoTags: string[]; Size: number; Created: number; Containers: number }>;
    expect(all.map((i) => i.RepoTags[0])).toEqual(['ubuntu:22.04', 'alpine:3.19', 'hello-world:latest']);
    expect(all[2]?.Size).toBe(10_072);
    expect(all[0]?.Containers).toBe(-1);
    const ref = api(h, 'GET', '/images/json', { filters: JSON.stringify({ reference: { 'alp*': true } }) }).body as Array<{ RepoTags: string[] }>;
    expect(ref.map((i) => i.RepoTags)).toEqual([['alpine:3.19']]);
    const label = api(h, 'GET', '/images/json', { filters: JSON.stringify({ label: ['org.opencontainers.image.ref.name=ubuntu'] }) }).body as unknown[];
    expect(label).toHaveLength(1);
    expect(api(h, 'GET', '/images/json', { filters: JSON.stringify({ dangling: ['true'] }) }).body).toEqual([]);
    expect(api(h, 'GET', '/images/json', { filters: JSON.stringify({ bogus: ['x'] }) }).body).toEqual({ message: "invalid filter 'bogus'" });
    const before = api(h, 'GET', '/images/json', { filters: JSON.stringify({ before: ['ubuntu:22.04'] }) }).body as Array<{ RepoTags: string[] }>;
    expect(before.map((i) => i.RepoTags[0])).toEqual(['alpine:3.19', 'hello-world:latest']);
  });

  it('history lists the steps newest first, <missing> below the top', () => {
    const h = bootImages();
    pull(h, 'nginx');
    const hist = api(h, 'GET', '/images/nginx/history').body as Array<{ Id: string; CreatedBy: string; Size: number; Tags: string[] | null; Comment: string }>;
    expect(hist[0]).toMatchObject({ CreatedBy: 'CMD ["nginx" "-g" "daemon off;"]', Size: 0, Tags: ['nginx:latest'], Comment: 'buildkit.dockerfile.v0' });
    expect(hist[0]?.Id).toMatch(/^sha256:/);
    expect(hist.slice(1).every((e) => e.Id === '<missing>')).toBe(true);
    expect(hist.map((e) => e.CreatedBy)).toContain('COPY docker-entrypoint.sh / # buildkit');
    const base = hist[hist.length - 1];
    expect(base).toMatchObject({ CreatedBy: "# debian.sh --arch 'amd64' out/ 'trixie' '@1761523200'", Size: 78_610_000, Comment: 'debuerreotype 0.16' });
    pull(h, 'ubuntu', '24.04');
    const u = api(h, 'GET', '/images/ubuntu:24.04/history').body as Array<{ CreatedBy: string; Size: number }>;
    expect(u.map((e) => e.CreatedBy)).toEqual([
      '/bin/sh -c #(nop)  CMD ["/bin/bash"]',
      expect.stringMatching(/^\/bin\/sh -c #\(nop\) ADD file:[0-9a-f]{64} in \/ $/),
      '/bin/sh -c #(nop)  LABEL org.opencontainers.image.version=24.04',
      '/bin/sh -c #(nop)  LABEL org.opencontainers.image.ref.name=ubuntu',
      '/bin/sh -c #(nop)  ARG LAUNCHPAD_BUILD_ARCH',
      '/bin/sh -c #(nop)  ARG RELEASE',
    ]);
    expect(u[1]?.Size).toBe(78_120_000);
  });

  it('tag adds a reference and sets LastTagTime', () => {
    const h = bootImages();
    pull(h, 'busybox');
    expect(api(h, 'POST', '/images/busybox/tag', { repo: 'learner/bb', tag: 'v1' }).status).toBe(201);
    const b = api(h, 'GET', '/images/learner/bb:v1/json').body as { RepoTags: string[]; Metadata: { LastTagTime: string } };
    expect(b.RepoTags).toEqual(['busybox:latest', 'learner/bb:v1']);
    expect(b.Metadata.LastTagTime).toMatch(/^2026-01-15T09:00:00\.\d{9}Z$/);
    expect(api(h, 'POST', '/images/nosuch/tag', { repo: 'x' }).body).toEqual({ message: 'No such image: nosuch:latest' });
  });
});
