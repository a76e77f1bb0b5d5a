import { describe, expect, it } from 'vitest';
import { createHost } from '../../host/host.ts';

function statsOf(h: ReturnType<typeof createHost>, name: string): { networks?: Record<string, { rx_bytes: number; tx_bytes: number }>; blkio_stats: { io_service_bytes_recursive: Array<{ op: string; value: number }> | null } } {
  const r = h.engine.handle({ method: 'GET', path: `/containers/${name}/stats`, query: { stream: '0' }, headers: {}, body: undefined }, 1);
  return r.body as ReturnType<typeof statsOf>;
}

describe('docker stats NET I/O and BLOCK I/O', () => {
  it('a fresh container shows 0B / 0B; writes to its layer show as block writes', () => {
    const h = createHost({ seed: 41 });
    h.run('docker run -d --name st alpine sleep 1000');
    expect(h.run("docker stats --no-stream --format '{{.NetIO}} | {{.BlockIO}}' st").stdout).toBe('0B / 0B | 0B / 0B\n');
    expect(Object.keys(statsOf(h, 'st').networks ?? {})).toEqual(['eth0']);
    h.run('docker exec st dd if=/dev/zero of=/big bs=1M count=2');
    expect(statsOf(h, 'st').blkio_stats.io_service_bytes_recursive).toEqual([
      { major: 8, minor: 0, op: 'read', value: 0 },
      { major: 8, minor: 0, op: 'write', value: 2 * 1024 * 1024 },
    ]);
    expect(h.run("docker stats --no-stream --format '{{.BlockIO}}' st").stdout).toBe('0B / 2.1MB\n');
  });

  it('reads the interfaces of the container netns, and the kernel link counters when kept', () => {
    const h = createHost({ seed: 42 });
    h.run('docker network create n1');
    h.run('docker run -d --name two --network n1 alpine sleep 1000');
    h.run('docker network connect bridge two');
    const c = Object.values(h.engine.state.containers.byId).find((x) => x.Name === '/two');
    const ns = h.kernel.state.net.byNs[c?.rt.task?.ns.net ?? -1];
    expect(Object.keys(statsOf(h, 'two').networks ?? {})).toEqual(['eth0', 'eth1']);
    const eth0 = Object.values(ns?.links ?? {}).find((l) => l.name === 'eth0') as { stats?: unknown } | undefined;
    if (eth0) eth0.stats = { rxBytes: 1500, txBytes: 300 };
    expect(statsOf(h, 'two').networks?.eth0).toMatchObject({ rx_bytes: 1500, tx_bytes: 300 });
    expect(h.run("docker stats --no-stream --format '{{.NetIO}}' two").stdout).toBe('1.5kB / 300B\n');
    h.run('docker run -d --name hn --network host alpine sleep 1000');
    expect(statsOf(h, 'hn').networks).toBeUndefined();
  });
});
