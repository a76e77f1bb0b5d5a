import { describe, expect, it } from 'vitest';
import { createHost } from '../../host/host.ts';
import { chooseDriver, driverFlag } from './driver.ts';
import { readdir } from '../../kernel/fs/vfs/ops-read.ts';
import { isErr } from '../../kernel/errno.ts';

function withConfig(json: string | null) {
  const h = createHost({ seed: 9 });
  if (json !== null) {
    h.run('mkdir -p /etc/docker');
    h.run(`echo '${json}' > /etc/docker/daemon.json`);
  }
  return h;
}

describe('choosing the storage driver', () => {
  it('reads --storage-driver, -s and daemon.json, and refuses both at once', () => {
    expect(driverFlag(['/usr/bin/dockerd', '-H', 'fd://'])).toBeNull();
    expect(driverFlag(['dockerd', '--storage-driver', 'vfs'])).toBe('vfs');
    expect(driverFlag(['dockerd', '--storage-driver=vfs'])).toBe('vfs');
    expect(driverFlag(['dockerd', '-s', 'vfs'])).toBe('vfs');
    const h = withConfig('{"storage-driver": "vfs"}');
    expect(chooseDriver(h.engine, ['dockerd'])).toMatchObject({ driver: 'vfs', log: ['[graphdriver] trying configured driver: vfs'] });
    expect(chooseDriver(h.engine, ['dockerd', '-s', 'overlay2'])).toEqual({
      error: 'unable to configure the Docker daemon with file /etc/docker/daemon.json: the following directives are specified both as a flag and in the configuration file: storage-driver: (from flag: overlay2, from file: vfs)',
      log: [],
    });
  });

  it('refuses the drivers Docker 25 removed, and unknown ones', () => {
    const h = withConfig(null);
    for (const d of ['aufs', 'devicemapper']) {
      expect(chooseDriver(h.engine, ['dockerd', '-s', d])).toMatchObject({
        error: `error initializing graphdriver: [graphdriver] ERROR: the ${d} storage-driver has been deprecated and removed; visit https://docs.docker.com/go/storage-driver/ for more information: ${d}`,
      });
    }
    expect(chooseDriver(h.engine, ['dockerd', '-s', 'btrfsx'])).toMatchObject({ error: 'error initializing graphdriver: driver not supported: btrfsx' });
  });
});

describe('restarting dockerd with the vfs driver', () => {
  it('keeps per-driver stores: images and stopped containers of the other driver are not visible, and come back', () => {
    const h = withConfig(null);
    h.run('docker run --name before alpine true');
    expect(h.run('docker info --format "{{.Driver}}"').stdout).toBe('overlay2\n');
    h.run('mkdir -p /etc/docker');
    h.run(`echo '{"storage-driver": "vfs"}' > /etc/docker/daemon.json`);
    expect(h.run('systemctl restart docker')).toMatchObject({ exitCode: 0, stderr: '' });
    expect(h.run('docker info --format "{{.Driver}} {{.DriverStatus}}"').stdout).toBe('vfs []\n');
    expect(h.run('docker images -q').stdout).toBe('');
    expect(h.run('docker ps -aq').stdout).toBe('');
    h.run('docker run --name after alpine true');
    expect(h.run('docker ps -a --format "{{.Names}}"').stdout).toBe('after\n');
    // Back to overlay2: its store and container return, the vfs ones are put aside.
    h.run(`echo '{"storage-driver": "overlay2"}' > /etc/docker/daemon.json`);
    expect(h.run('systemctl restart docker').exitCode).toBe(0);
    expect(h.run('docker ps -a --format "{{.Names}}"').stdout).toBe('before\n');
    expect(h.run('docker images --format "{{.Repository}}"').stdout).toBe('alpine\n');
    // Both directories now hold data: without a choice dockerd refuses to guess.
    h.run('rm /etc/docker/daemon.json');
    const r = h.run('systemctl restart docker');
    expect(r.exitCode).toBe(1);
    expect(h.run('journalctl -u docker').stdout).toContain(
      'failed to start daemon: error initializing graphdriver: /var/lib/docker contains several valid graphdrivers: overlay2, vfs; cleanup or explicitly choose storage driver (-s <DRIVER>)',
    );
  });

  it('stops the running containers as it shuts down: none of the old driver stays listed or running, and they come back with it', () => {
    const h = withConfig(null);
    h.run('docker run -d --name keeps --restart always alpine sleep 1000');
    h.run('docker run -d --name plain --stop-timeout 2 alpine sleep 1000');
    h.run('mkdir -p /etc/docker');
    h.run(`echo '{"storage-driver": "vfs"}' > /etc/docker/daemon.json`);
    expect(h.run('systemctl restart docker').exitCode).toBe(0);
    expect(h.run('docker ps -a').stdout).toBe('CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n');
    expect(h.run('ps -e -o comm').stdout).not.toMatch(/^sleep$/m);
    expect(h.run('mount').stdout).not.toMatch(/^overlay /m);
    h.run('docker run -d --name vfs-one --restart unless-stopped alpine sleep 1000');
    h.run(`echo '{"storage-driver": "overlay2"}' > /etc/docker/daemon.json`);
    expect(h.run('systemctl restart docker').exitCode).toBe(0);
    // overlay2's containers are back; the restart policy starts `keeps` again.
    expect(h.run('docker ps -a --format "{{.Names}} {{.State}} {{.Status}}"').stdout).toBe('plain exited Exited (137) 18 seconds ago\nkeeps running Up Less than a second\n');
    expect(h.run('ps -e -o comm').stdout.match(/^sleep$/gm)).toHaveLength(1);
    h.run(`echo '{"storage-driver": "vfs"}' > /etc/docker/daemon.json`);
    expect(h.run('systemctl restart docker').exitCode).toBe(0);
    expect(h.run('docker ps -a --format "{{.Names}} {{.State}}"').stdout).toBe('vfs-one running\n');
  });

  it('stores each layer as a full copy and gives containers a plain directory root (no overlay mount)', () => {
    const h = withConfig('{"storage-driver": "vfs"}');
    h.run('systemctl restart docker');
    h.run('mkdir /app && printf "FROM alpine\\nRUN echo one > /one\\n" > /app/Dockerfile');
    expect(h.run('docker build -q -t two /app').exitCode).toBe(0);
    const img = h.engine.state.images.images[h.engine.state.images.tags['two:latest'] ?? ''];
    if (!img) throw new Error('no image');
    const [top, base] = [h.engine.state.images.layers[img.topChainId], h.engine.state.images.layers[h.engine.state.images.layers[img.topChainId]?.parent ?? '']];
    if (!top || !base) throw new Error('no layers');
    // The top layer's copy holds the base layer's files too.
    const topEtc = readdir(h.kernel, 1, `/var/lib/docker/vfs/dir/${top.cacheId}/etc`);
    expect(!isErr(topEtc) && topEtc.some((e) => e.name === 'passwd')).toBe(true);
    expect(h.run(`cat /var/lib/docker/vfs/dir/${top.cacheId}/one`).stdout).toBe('one\n');
    expect(h.run(`ls /var/lib/docker/vfs/dir/${base.cacheId}/one`).exitCode).not.toBe(0);
    expect(h.run('ls /var/lib/docker/image').stdout).toContain('vfs');
    h.run('docker run -d --name box two sleep 1000');
    expect(h.run('mount').stdout).not.toMatch(/^overlay /m);
    expect(h.run('docker exec box cat /proc/mounts').stdout.split('\n')[0]).toBe('/dev/sda1 / ext4 rw,relatime,errors=remount-ro 0 0');
    expect(h.run('docker exec box cat /one').stdout).toBe('one\n');
    h.run('docker exec box sh -c "echo hi > /x; rm /one"');
    expect(h.run('docker diff box').stdout).toBe('D /one\nA /x\n');
    expect(h.run("docker inspect -f '{{.Driver}} {{.GraphDriver.Name}}' box").stdout).toBe('vfs vfs\n');
    // docker save works from the copies (the layer's diff against its parent).
    expect(h.run('docker save -o /tmp/two.tar two').exitCode).toBe(0);
    h.run('docker rm -f box');
    h.run('docker rmi two');
    expect(h.run(`ls /var/lib/docker/vfs/dir/${top.cacheId}`).exitCode).not.toBe(0);
  });
});
