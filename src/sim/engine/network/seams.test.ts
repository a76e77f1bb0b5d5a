/**
 * Integration: the network and volume seams plugged into the containers
 * area's real create/start/rm path (with the image store), driven through the
 * Engine API as the docker CLI would: `docker run -d -p 8080:80 -v html:/usr/share/nginx/html nginx`.
 */

import { describe, expect, it } from 'vitest';
import type { ApiRequest, HttpMethod } from '../api/types.ts';
import { iptablesListRules } from '../../kernel/net/render/iptables.ts';
import { readdir } from '../../kernel/fs/index.ts';
import { isErr } from '../../kernel/errno.ts';
import { runLine } from '../../userland/index.ts';
import { setSeams } from '../containers/seams.ts';
import { resolveImage } from '../images/store.ts';
import { prepareRootfs, removeRootfs } from '../images/container-fs.ts';
import { pullImage } from '../images/pull.ts';
import { volumeSeams } from '../volumes/seams.ts';
import { networkSeams } from './seams.ts';
import { bootEngine, FRESH_NAT, lines, type EngineHost } from './testkit.ts';

function wired(): EngineHost {
  const h = bootEngine();
  setSeams(h.engine, {
    ...networkSeams,
    ...volumeSeams,
    resolveImage: (e, ref) => {
      const i = resolveImage(e, ref);
      return i ? { id: i.id, config: i.config } : null;
    },
    prepareRootfs: (e, img, id) => prepareRootfs(e, img, id),
    removeRootfs,
  });
  const p = pullImage(h.engine, 'nginx:latest');
  if ('status' in p) throw new Error(p.message);
  return h;
}

function api(h: EngineHost, method: HttpMethod, path: string, body?: unknown, query: Record<string, string> = {}) {
  const req: ApiRequest = { method, path, query, headers: {}, body };
  return h.engine.handle(req, h.shell);
}

describe('network and volume seams in the containers area', () => {
  it('runs nginx with a published port and a named volume, and cleans up on rm', () => {
    const h = wired();
    const cr = api(h, 'POST', '/containers/create', { Image: 'nginx:latest', ExposedPorts: { '80/tcp': {} }, HostConfig: { NetworkMode: 'default', PortBindings: { '80/tcp': [{ HostIp: '', HostPort: '8080' }] }, Binds: ['html:/usr/share/nginx/html'] } }, { name: 'web' });
    expect(cr.status).toBe(201);
    const id = (cr.body as { Id: string }).Id;
    // The volume exists from create on.
    expect(h.engine.state.volumes.refs.html).toEqual([id]);
    expect(api(h, 'POST', `/containers/${id}/start`).status).toBe(204);
    const ins = api(h, 'GET', `/containers/${id}/json`).body as { NetworkSettings: Record<string, unknown> & { Networks: Record<string, Record<string, unknown>> }; Mounts: unknown[] };
    expect(ins.NetworkSettings.IPAddress).toBe('172.17.0.2');
    expect(ins.NetworkSettings.Ports).toEqual({ '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }] });
    expect(ins.NetworkSettings.Networks.bridge).toMatchObject({ IPAddress: '172.17.0.2', Gateway: '172.17.0.1' });
    expect(ins.Mounts).toEqual([{ Type: 'volume', Name: 'html', Source: '/var/lib/docker/volumes/html/_data', Destination: '/usr/share/nginx/html', Driver: 'local', Mode: 'z', RW: true, Propagation: '' }]);
    // nginx answers through docker-proxy, and the empty volume got the image's html files.
    expect(runLine(h.ul, h.shell, 'curl -s localhost:8080').stdout).toContain('Welcome to nginx!');
    const files = readdir(h.k, 1, '/var/lib/docker/volumes/html/_data');
    expect(isErr(files) ? [] : files.map((f) => f.name).filter((n) => !n.startsWith('.'))).toContain('index.html');
    expect(api(h, 'DELETE', `/containers/${id}`, undefined, { force: '1' }).status).toBe(204);
    expect(iptablesListRules(h.k.state, h.k.state.ns.initial.net, 'nat')).toBe(lines(FRESH_NAT));
    expect(Object.values(h.k.state.proc.byPid).filter((p) => p.comm === 'docker-proxy' && p.state !== 'Z')).toEqual([]);
    expect(h.engine.state.volumes.refs).toEqual({});
    expect(h.engine.state.volumes.volumes.html).toBeDefined();
  });

  it('fails the start of a second -p 8080 with Docker 28 allocation error', () => {
    const h = wired();
    const run = (name: string) => {
      const cr = api(h, 'POST', '/containers/create', { Image: 'nginx:latest', HostConfig: { PortBindings: { '80/tcp': [{ HostPort: '8080' }] } } }, { name });
      return api(h, 'POST', `/containers/${(cr.body as { Id: string }).Id}/start`);
    };
    expect(run('one').status).toBe(204);
    const second = run('two');
    expect(second.status).toBe(500);
    // Docker 28 answers exactly this text (no runc wrapping: dockerd sets up networking before the task exists);
    // the containers area currently wraps it in runc's "failed to create task" text.
    expect((second.body as { message: string }).message).toMatch(/failed to set up container networking: driver failed programming external connectivity on endpoint two \([0-9a-f]{64}\): Bind for 0\.0\.0\.0:8080 failed: port is already allocated/);
    // Nothing of the failed start is left: one proxy, one DNAT rule.
    expect(Object.values(h.k.state.proc.byPid).filter((p) => p.comm === 'docker-proxy' && p.state !== 'Z')).toHaveLength(1);
    expect((iptablesListRules(h.k.state, h.k.state.ns.initial.net, 'nat') ?? '').match(/DNAT/g)).toHaveLength(1);
  });
});
