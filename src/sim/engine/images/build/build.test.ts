import { describe, expect, it } from 'vitest';
import { api, bootImages, streamOf, type ImagesHost } from '../testkit.ts';
import { encodeTar, type TarEntry } from '../tar.ts';
import { advanceTime } from '../../../kernel/time.ts';
import { readFile, writeFile, mkdirAll } from '../../../kernel/fs/index.ts';
import { diffDir, layerStack } from '../layers.ts';

function ctx(files: Record<string, string>): string {
  return encodeTar(Object.entries(files).map(([path, data]): TarEntry => ({ path, type: 'file', mode: 0o644, data })));
}

/** Run a build to the end (following X-Sim-Continue), returning its text and final message. */
function build(h: ImagesHost, body: unknown, query: Record<string, string | string[]> = { t: 'app' }): { text: string; last: Record<string, unknown>; polls: number } {
  let res = api(h, 'POST', '/build', query, body);
  const msgs = [...streamOf(res)];
  let polls = 0;
  while (res.headers['X-Sim-Continue']) {
    polls++;
    advanceTime(h.k, Number(res.headers['X-Sim-Poll-Ms'] ?? 50));
    h.ul.drain();
    res = api(h, 'GET', res.headers['X-Sim-Continue'] as string);
    msgs.push(...streamOf(res));
    if (polls > 500) throw new Error('build never finished');
  }
  return { text: msgs.filter((m) => typeof m.stream === 'string').map((m) => m.stream).join(''), last: msgs[msgs.length - 1] ?? {}, polls };
}

const DOCKERFILE = `FROM alpine:3.22
RUN echo hello > /hello.txt
COPY app.sh /app/
WORKDIR /app
ENV GREETING=hi
LABEL stage=one
RUN echo "$GREETING" > greeting.txt
CMD ["sh", "app.sh"]
`;

describe('POST /build', () => {
  it('builds with BuildKit-style output, running RUN steps in build containers', () => {
    const h = bootImages();
    const { text, last } = build(h, ctx({ Dockerfile: DOCKERFILE, 'app.sh': 'echo app\n' }));
    expect(text.split('\n').slice(0, 5)).toEqual(['#0 building with "default" instance using docker driver', '', '#1 [internal] load build definition from Dockerfile', `#1 transferring dockerfile: ${DOCKERFILE.length}B done`, '#1 DONE 0.0s']);
    expect(text).toContain('#2 [internal] load metadata for docker.io/library/alpine:3.22\n');
    expect(text).toMatch(/#4 \[1\/5\] FROM docker\.io\/library\/alpine:3\.22@sha256:[0-9a-f]{64}\n/);
    expect(text).toContain('#5 [internal] load build context\n#5 transferring context: ');
    expect(text).toContain('#6 [2/5] RUN echo hello > /hello.txt\n#6 DONE ');
    expect(text).toContain('#7 [3/5] COPY app.sh /app/\n#7 DONE 0.0s\n');
    expect(text).toContain('#8 [4/5] WORKDIR /app\n');
    expect(text).toContain('#9 [5/5] RUN echo "$GREETING" > greeting.txt\n');
    expect(text).toMatch(/#10 exporting to image\n#10 exporting layers 0\.1s done\n#10 writing image sha256:[0-9a-f]{64} done\n#10 naming to docker\.io\/library\/app:latest done\n#10 DONE 0\.1s\n$/);
    const id = (last.aux as { ID: string }).ID;
    const img = h.engine.state.images.images[id];
    if (!img) throw new Error('no image');
    expect(img.repoTags).toEqual(['app:latest']);
    expect(img.config).toMatchObject({ Cmd: ['sh', 'app.sh'], WorkingDir: '/app', Labels: { stage: 'one' } });
    expect(img.config.Env).toContain('GREETING=hi');
    // The RUN steps' files are in their layers, made by a real process in the build container.
    const top = layerStack(h.engine, img.topChainId)[0];
    if (!top) throw new Error('no layer');
    expect(readFile(h.k, 1, `${diffDir(top.cacheId)}/app/greeting.txt`)).toBe('hi\n');
    const hist = (api(h, 'GET', '/images/app/history').body as Array<{ CreatedBy: string; Size: number }>).map((x) => x.CreatedBy);
    expect(hist.slice(0, 7)).toEqual([
      'CMD ["sh" "app.sh"]',
      'RUN /bin/sh -c echo "$GREETING" > greeting.txt # buildkit',
      'LABEL stage=one',
      'ENV GREETING=hi',
      'WORKDIR /app',
      'COPY app.sh /app/ # buildkit',
      'RUN /bin/sh -c echo hello > /hello.txt # buildkit',
    ]);
    // No build containers are left behind.
    expect(h.engine.state.images.mounts).toEqual({});
  });

  it('uses the cache: CACHED steps, same image ID', () => {
    const h = bootImages();
    const files = { Dockerfile: DOCKERFILE, 'app.sh': 'echo app\n' };
    const first = build(h, ctx(files));
    const again = build(h, ctx(files));
    expect((again.last.aux as { ID: string }).ID).toBe((first.last.aux as { ID: string }).ID);
    expect(again.text.match(/CACHED/g)).toHaveLength(5);
    expect(again.text).toContain('#10 exporting layers done\n');
    // A changed COPY source misses from that step on; the RUN before it still hits.
    const changed = build(h, ctx({ ...files, 'app.sh': 'echo changed\n' }));
    expect(changed.text).toContain('#6 [2/5] RUN echo hello > /hello.txt\n#6 CACHED\n');
    expect(changed.text).toContain('#7 [3/5] COPY app.sh /app/\n#7 DONE');
    expect(changed.text).toMatch(/#9 \[5\/5\] RUN echo "\$GREETING" > greeting\.txt\n#9 DONE/);
    // A LABEL change invalidates no step, but makes another image.
    const relabel = build(h, ctx({ ...files, Dockerfile: DOCKERFILE.replace('stage=one', 'stage=two') }));
    expect(relabel.text.match(/CACHED/g)).toHaveLength(5);
    expect((relabel.last.aux as { ID: string }).ID).not.toBe((first.last.aux as { ID: string }).ID);
    // An ENV change invalidates the RUN that sees it.
    const env = build(h, ctx({ ...files, Dockerfile: DOCKERFILE.replace('GREETING=hi', 'GREETING=bye') }));
    expect(env.text).toMatch(/#9 \[5\/5\] RUN echo "\$GREETING" > greeting\.txt\n#9 DONE/);
    // --no-cache runs everything.
    const nc = build(h, ctx(files), { t: 'app', nocache: '1' });
    expect(nc.text).not.toMatch(/#[6-9] CACHED/);
  });

  it('reports a failing RUN as BuildKit does', () => {
    const h = bootImages();
    const { text, last } = build(h, ctx({ Dockerfile: 'FROM alpine\nRUN echo oops && exit 3\n' }));
    expect(text).toContain('#5 [2/2] RUN echo oops && exit 3\n#5 0.150 oops\n#5 ERROR: process "/bin/sh -c echo oops && exit 3" did not complete successfully: exit code: 3\n');
    expect(text).toContain('------\n > [2/2] RUN echo oops && exit 3:\n0.000 oops\n------\nDockerfile:2\n--------------------\n   1 |     FROM alpine\n   2 | >>> RUN echo oops && exit 3\n   3 |     \n--------------------\n');
    expect(last).toEqual({ error: 'failed to solve: process "/bin/sh -c echo oops && exit 3" did not complete successfully: exit code: 3', errorDetail: { message: 'failed to solve: process "/bin/sh -c echo oops && exit 3" did not complete successfully: exit code: 3' } });
    expect(h.engine.state.images.tags['app:latest']).toBeUndefined();
  });

  it('reports parse errors and missing sources', () => {
    const h = bootImages();
    const bad = build(h, ctx({ Dockerfile: 'FROM alpine\nFOOBAR x\n' }));
    expect(bad.last.error).toBe('failed to solve: dockerfile parse error on line 2: unknown instruction: FOOBAR');
    const missing = build(h, ctx({ Dockerfile: 'FROM alpine\nCOPY nosuch.txt /\n' }));
    expect(missing.text).toMatch(/#\d+ ERROR: failed to calculate checksum of ref [0-9a-f]{25}::[0-9a-f]{25}: "\/nosuch\.txt": not found\n/);
    expect(String(missing.last.error)).toMatch(/^failed to solve: failed to compute cache key: .*"\/nosuch\.txt": not found$/);
    const nofile = build(h, ctx({ 'other.txt': 'x' }));
    expect(nofile.last.error).toBe('failed to solve: failed to read dockerfile: open Dockerfile: no such file or directory');
  });

  it('waits for a RUN that takes virtual time (X-Sim-Continue)', () => {
    const h = bootImages();
    const t0 = h.k.uptimeMs;
    const r = build(h, ctx({ Dockerfile: 'FROM busybox\nRUN sleep 2 && echo slept > /s.txt\n' }));
    expect(r.polls).toBeGreaterThan(10);
    expect(h.k.uptimeMs - t0).toBeGreaterThanOrEqual(2000);
    expect(r.text).toMatch(/#5 DONE 2\.\ds\n/);
    expect(r.last.aux).toBeDefined();
  });

  it('multi-stage: COPY --from a named stage', () => {
    const h = bootImages();
    const df = 'FROM alpine AS build\nRUN echo built > /out.txt\n\nFROM busybox\nCOPY --from=build /out.txt /result.txt\nCMD ["cat", "/result.txt"]\n';
    const { text, last } = build(h, ctx({ Dockerfile: df }));
    expect(text).toContain('[build 2/2] RUN echo built > /out.txt');
    expect(text).toContain('[stage-1 2/2] COPY --from=build /out.txt /result.txt');
    const img = h.engine.state.images.images[(last.aux as { ID: string }).ID];
    const top = img ? layerStack(h.engine, img.topChainId)[0] : undefined;
    expect(top && readFile(h.k, 1, `${diffDir(top.cacheId)}/result.txt`)).toBe('built\n');
    expect(img?.diffIds).toHaveLength(2);
  });

  it('reads the context from a host directory (contextDir)', () => {
    const h = bootImages();
    mkdirAll(h.k, 1, '/home/learner/site');
    writeFile(h.k, 1, '/home/learner/site/Dockerfile', 'FROM nginx:alpine\nCOPY index.html /usr/share/nginx/html/\n');
    writeFile(h.k, 1, '/home/learner/site/index.html', '<h1>mine</h1>\n');
    writeFile(h.k, 1, '/home/learner/site/.dockerignore', 'secret.txt\n');
    writeFile(h.k, 1, '/home/learner/site/secret.txt', 'x');
    const { last } = build(h, undefined, { t: 'site', contextDir: '/home/learner/site' });
    expect(last.aux).toBeDefined();
    const plan = api(h, 'POST', '/build', { contextDir: '/nope' });
    expect(plan.body).toEqual({ message: 'unable to prepare context: path "/nope" not found' });
  });

  it('ARG, build args and config instructions; the old image becomes dangling', () => {
    const h = bootImages();
    const df = 'ARG BASE=3.21\nFROM alpine:${BASE}\nARG WHO=world\nRUN echo "hello $WHO" > /msg\nEXPOSE 8080 53/udp\nUSER nobody\nHEALTHCHECK --interval=5s CMD wget -q -O- http://localhost:8080/ || exit 1\nENTRYPOINT ["cat"]\nCMD ["/msg"]\n';
    const first = build(h, ctx({ Dockerfile: df }));
    expect(first.text).toContain('load metadata for docker.io/library/alpine:3.21');
    const id1 = (first.last.aux as { ID: string }).ID;
    const img = h.engine.state.images.images[id1];
    expect(img?.config).toMatchObject({ User: 'nobody', Entrypoint: ['cat'], Cmd: ['/msg'], ExposedPorts: { '8080/tcp': {}, '53/udp': {} }, Healthcheck: { Test: ['CMD-SHELL', 'wget -q -O- http://localhost:8080/ || exit 1'], Interval: 5e9 } });
    const hist = (api(h, 'GET', `/images/${id1}/history`).body as Array<{ CreatedBy: string }>).map((x) => x.CreatedBy);
    expect(hist).toContain('RUN |1 WHO=world /bin/sh -c echo "hello $WHO" > /msg # buildkit');
    expect(hist).toContain('EXPOSE map[53/udp:{} 8080/tcp:{}]');
    expect(hist).toContain('ARG WHO=world');
    const top = img ? layerStack(h.engine, img.topChainId)[0] : undefined;
    expect(top && readFile(h.k, 1, `${diffDir(top.cacheId)}/msg`)).toBe('hello world\n');
    const second = build(h, ctx({ Dockerfile: df }), { t: 'app', buildargs: JSON.stringify({ WHO: 'learner' }) });
    expect(second.text).toMatch(/RUN echo "hello \$WHO" > \/msg\n#\d+ DONE/);
    const id2 = (second.last.aux as { ID: string }).ID;
    expect(id2).not.toBe(id1);
    const list = api(h, 'GET', '/images/json', { filters: JSON.stringify({ dangling: { true: true } }) }).body as Array<{ Id: string; RepoTags: string[] }>;
    expect(list).toEqual([expect.objectContaining({ Id: id1, RepoTags: ['<none>:<none>'] })]);
  });
});
