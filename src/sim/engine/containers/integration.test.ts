/**
 * The containers area with the real image store, networking and volumes
 * behind its seams: pull alpine, run it, see its network and volume.
 */
import { describe, expect, it } from 'vitest';
import { engineHost } from './testkit.ts';
import { defaultSeams, setSeams } from './seams.ts';
import { readFile, mountTable } from '../../kernel/fs/index.ts';
import { isErr } from '../../kernel/errno.ts';

describe('with the image store, networks and volumes', () => {
  it('pulls alpine, runs it on the default bridge with a named volume, cleans up on rm', () => {
    const h = engineHost();
    const real = defaultSeams();
    setSeams(h.engine, { resolveImage: real.resolveImage, prepareRootfs: real.prepareRootfs, removeRootfs: real.removeRootfs, containerChanges: real.containerChanges });
    expect(h.api('POST', '/containers/create', { body: { Image: 'alpine' } }).body).toEqual({ message: 'No such image: alpine:latest' });
    expect(h.api('POST', '/images/create', { query: { fromImage: 'alpine', tag: 'latest' } }).status).toBe(200);
    const id = h.run({ Image: 'alpine', Cmd: ['sh', '-c', 'echo hi > /data/f; head -1 /etc/os-release; sleep 100'], HostConfig: { Binds: ['vol1:/data'] } }, 'web');
    h.ul.drain();
    const c = h.engine.state.containers.byId[id];
    const pid = c?.rt.task?.initPid ?? 0;
    expect(c?.NetworkSettings.IPAddress).toBe('172.17.0.2');
    expect(readFile(h.k, pid, '/etc/hosts')).toContain(`172.17.0.2\t${id.slice(0, 12)}`);
    expect(c?.Mounts).toMatchObject([{ Type: 'volume', Name: 'vol1', Destination: '/data', RW: true }]);
    expect(readFile(h.k, 1, '/var/lib/docker/volumes/vol1/_data/f')).toBe('hi\n');
    const logs = h.api('GET', `/containers/${id}/logs`, { query: { stdout: '1' } }).body as { stream: Array<{ data: string }> };
    expect(logs.stream.map((l) => l.data)).toEqual(['NAME="Alpine Linux"\n']);
    const ps = h.api('GET', '/containers/json').body as Array<Record<string, unknown>>;
    expect(ps[0]).toMatchObject({ Image: 'alpine', Command: `sh -c 'echo hi > /data/f; head -1 /etc/os-release; sleep 100'`, Names: ['/web'] });
    expect(h.api('DELETE', '/containers/web', { query: { force: '1' } }).status).toBe(204);
    const host = mountTable(h.k, 1);
    if (isErr(host)) throw new Error('mountinfo');
    expect(host.filter((m) => m.fstype === 'overlay')).toEqual([]);
    expect(isErr(readFile(h.k, 1, `/var/lib/docker/containers/${id}/hostname`))).toBe(true);
    expect(readFile(h.k, 1, '/var/lib/docker/volumes/vol1/_data/f')).toBe('hi\n');
    expect(h.ul.crashes).toEqual([]);
  });
});
