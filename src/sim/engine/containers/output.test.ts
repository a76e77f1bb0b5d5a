import { describe, expect, it } from 'vitest';
import { createHost } from '../../host/host.ts';

/** What dockerd has read of `name`'s output so far: the lines of its json-file log on disk (docker logs would read the container first). */
function logs(host: ReturnType<typeof createHost>, name: string): string[] {
  const path = host.run(`docker inspect --format '{{.LogPath}}' ${name}`).stdout.trim();
  return host
    .run(`cat ${path}`)
    .stdout.split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { log: string }).log.trim());
}

describe('draining container output', () => {
  it('reads the containers that wrote, whichever they are, also after a restore', () => {
    const host = createHost({ seed: 11 });
    host.run('docker pull busybox');
    host.run('docker run -d --name aa busybox sh -c "while true; do echo a; sleep 1; done"');
    host.run('docker run -d --name quiet busybox sleep 1000');
    host.run('docker run -d --name bb busybox sh -c "sleep 2; echo b1; sleep 2; echo b2; sleep 1000"');
    host.advance(3000);
    const a1 = logs(host, 'aa').length;
    expect(a1).toBeGreaterThanOrEqual(3);
    expect(logs(host, 'bb')).toEqual(['b1']);
    expect(logs(host, 'quiet')).toEqual([]);
    const snap = host.snapshot();
    host.advance(3000);
    expect(logs(host, 'bb')).toEqual(['b1', 'b2']);
    expect(logs(host, 'aa').length).toBeGreaterThan(a1);
    host.restore(snap);
    expect(logs(host, 'bb')).toEqual(['b1']);
    host.advance(3000);
    expect(logs(host, 'bb')).toEqual(['b1', 'b2']);
    // A container started after the restore is read too.
    host.run('docker run -d --name cc busybox sh -c "echo c1; sleep 1000"');
    host.advance(1000);
    expect(logs(host, 'cc')).toEqual(['c1']);
  });
});
