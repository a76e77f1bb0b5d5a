import { describe, expect, it } from 'vitest';
import { createHost } from '../../sim/host/host.ts';
import { mountRows, overlayStack, layerLabel, dockerLayerNames } from './filesystem.ts';

function overlayHost() {
  const host = createHost({ seed: 1 });
  host.run('mkdir -p /l1 /l2 /u /w /m && echo hi > /l1/a && echo x > /l2/b && echo y > /l2/c');
  host.run('mount -t overlay overlay -o lowerdir=/l1:/l2,upperdir=/u,workdir=/w /m');
  return host;
}

describe('mountRows', () => {
  it('lists the host mount table with the root first and propagation', () => {
    const host = createHost({ seed: 1 });
    const shell = Object.values(host.kernel.state.proc.byPid).find((p) => p.comm === 'bash')!;
    const rows = mountRows(host.kernel, shell.pid);
    expect(rows.find((r) => r.point === '/')?.fstype).toBe('ext4');
    expect(rows.find((r) => r.point === '/proc')?.fstype).toBe('proc');
    expect(rows.find((r) => r.point === '/sys/fs/cgroup')?.propagation).toMatch(/^shared:\d+$/);
  });
});

describe('overlayStack', () => {
  it('shows lower layers top first, the upper and the merged union', () => {
    const host = overlayHost();
    const shell = Object.values(host.kernel.state.proc.byPid).find((p) => p.comm === 'bash')!;
    const ov = mountRows(host.kernel, shell.pid).find((r) => r.fstype === 'overlay')!;
    expect(ov.point).toBe('/m');
    const st = overlayStack(host.kernel.state.fs, ov.sb)!;
    expect(st.lowers.map((l) => l.path)).toEqual(['/l1', '/l2']);
    expect(st.lowers[1]!.entries.map((e) => e.path)).toEqual(['b', 'c']);
    expect(st.upper?.entries).toEqual([]);
    expect(st.merged.map((e) => [e.path, e.from])).toEqual([
      ['a', 0],
      ['b', 1],
      ['c', 1],
    ]);
  });

  it('after a write and a delete: the copied-up file in upper, a whiteout hiding the deleted one', () => {
    const host = overlayHost();
    host.run('echo more >> /m/a && rm /m/b');
    const sb = Object.values(host.kernel.state.fs.sbs).find((s) => s.fstype === 'overlay')!;
    const st = overlayStack(host.kernel.state.fs, sb.id)!;
    expect(st.upper?.entries.map((e) => [e.path, e.whiteout])).toEqual([
      ['a', false],
      ['b', true],
    ]);
    expect(st.merged.map((e) => [e.path, e.from])).toEqual([
      ['a', 'upper'],
      ['c', 1],
    ]);
  });

  it('returns null for non-overlay superblocks and shortens docker layer paths', () => {
    const host = createHost({ seed: 1 });
    const ext4 = Object.values(host.kernel.state.fs.sbs).find((s) => s.fstype === 'ext4')!;
    expect(overlayStack(host.kernel.state.fs, ext4.id)).toBeNull();
    expect(layerLabel('/var/lib/docker/overlay2/0123456789abcdef0123/diff')).toBe('0123456789ab…/diff');
    expect(layerLabel('/u')).toBe('/u');
  });
});

describe('dockerLayerNames', () => {
  it("names a container's overlay2 directories by image layer and role", () => {
    const host = createHost({ seed: 1 });
    host.run('docker run -d --name web nginx');
    const name = dockerLayerNames(host.engine.state.images);
    const nginx = Object.values(host.kernel.state.proc.byPid).find((p) => p.comm === 'nginx' && p.containerId)!;
    const root = mountRows(host.kernel, nginx.pid).find((m) => m.point === '/')!;
    const st = overlayStack(host.kernel.state.fs, root.sb)!;
    expect(name(st.upper!.path)).toBe("the container's read-write layer");
    expect(name(st.lowers[0]!.path)).toMatch(/init layer/);
    expect(name(st.lowers.at(-1)!.path)).toMatch(/^image layer 1 of nginx:latest \([0-9a-f]{12}\)$/);
    expect(name('/nowhere')).toBeNull();
    expect(dockerLayerNames(null)('/x')).toBeNull();
  });
});
