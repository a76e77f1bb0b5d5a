import { describe, expect, it } from 'vitest';
import { api, bootImages } from './testkit.ts';
import { setSeams } from '../containers/seams.ts';
import { imageSeams } from './seams.ts';

describe('image entrypoint scripts run in the simulated shell', () => {
  it('nginx: /docker-entrypoint.sh logs its steps and enables the IPv6 listen line', () => {
    const h = bootImages();
    setSeams(h.engine, imageSeams);
    api(h, 'POST', '/images/create', { fromImage: 'nginx', tag: 'latest' });
    expect(api(h, 'POST', '/containers/create', { name: 'web' }, { Image: 'nginx' }).status).toBe(201);
    api(h, 'POST', '/containers/web/start');
    h.ul.drain();
    const logs = (api(h, 'GET', '/containers/web/logs', { stdout: '1', stderr: '1' }).body as { stream: Array<{ data: string }> }).stream.map((x) => x.data).join('');
    expect(logs.split('\n').slice(0, 9)).toEqual([
      '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
      '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
      '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
      '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
      '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
      '/docker-entrypoint.sh: Configuration complete; ready for start up',
    ]);
    const changes = api(h, 'GET', '/containers/web/changes').body as Array<{ Kind: number; Path: string }>;
    expect(changes).toEqual(expect.arrayContaining([{ Kind: 0, Path: '/etc' }, { Kind: 0, Path: '/etc/nginx/conf.d/default.conf' }]));
  });
});
