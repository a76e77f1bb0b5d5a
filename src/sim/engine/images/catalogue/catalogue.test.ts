import { describe, expect, it } from 'vitest';
import { allImages, allLayerKeys, CATALOGUE, findTag, imageDigests, layerDigests } from './index.ts';
import { catLayers, catSteps } from './types.ts';
import { layerTree } from '../rootfs/index.ts';
import { buildTree, type TreeEntry, type TreeSpec } from '../../../kernel/fs/tree.ts';
import { ELF_MARKER } from '../../../userland/userland.ts';
import { humanSize3 } from '../progress.ts';

function file(spec: TreeSpec, path: string): string | null {
  const e = spec[path];
  if (e === undefined) return null;
  if (typeof e === 'string') return e;
  return 'file' in e ? e.file : null;
}

function programOf(e: TreeEntry | undefined): string | null {
  if (!e || typeof e === 'string' || !('file' in e) || !e.file?.startsWith(ELF_MARKER)) return null;
  return e.file.slice(ELF_MARKER.length).trim();
}

describe('the simulated Docker Hub catalogue', () => {
  it('has every repository tutorials use', () => {
    for (const r of ['alpine', 'busybox', 'ubuntu', 'debian', 'fedora', 'centos', 'nginx', 'httpd', 'redis', 'memcached', 'postgres', 'mysql', 'python', 'node', 'hello-world', 'registry']) {
      expect(CATALOGUE.some((c) => c.name === r), r).toBe(true);
      expect(findTag(r, 'latest'), `${r}:latest`).toBeDefined();
    }
    for (const t of ['14.04', '16.04', '18.04', '20.04', '22.04', '24.04']) expect(findTag('ubuntu', t)).toBeDefined();
    expect(findTag('ubuntu', 'latest')).toBe(findTag('ubuntu', '24.04'));
    expect(findTag('alpine', 'latest')).toBe(findTag('alpine', '3.22'));
    expect(findTag('registry', '2')?.config.ExposedPorts).toEqual({ '5000/tcp': {} });
  });

  it('gives every image and layer stable, well-formed digests and a file tree', () => {
    for (const img of allImages()) {
      const d = imageDigests(img.key);
      expect(d.id).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(d.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(catSteps(img).filter((s) => s.layer).length).toBe(catLayers(img).length);
    }
    for (const k of allLayerKeys()) {
      expect(layerDigests(k).diff).toMatch(/^sha256:[0-9a-f]{64}$/);
      const t = layerTree(k);
      expect(t, k).not.toBeNull();
      expect(() => buildTree(t as TreeSpec, { sb: 1, firstIno: 1, timeMs: 0 })).not.toThrow();
    }
    expect(imageDigests('centos:7').digest).toBe('sha256:be65f488b7764ad3638f236b7b515b3678369a5124c47b8d32916d6487418ea4');
  });

  it('has the sizes docker images shows', () => {
    const size = (repo: string, tag: string): string => humanSize3(catLayers(findTag(repo, tag) as never).reduce((n, l) => n + l.size, 0));
    expect(size('alpine', 'latest')).toBe('8.31MB');
    expect(size('ubuntu', '24.04')).toBe('78.1MB');
    expect(size('hello-world', 'latest')).toBe('10.1kB');
    expect(size('busybox', 'latest')).toBe('4.43MB');
    expect(size('centos', '7')).toBe('204MB');
  });
});

describe('image root filesystems', () => {
  it('alpine: busybox applets are symlinks, os-release is Alpine\'s', () => {
    const t = layerTree('alpine-3.22.2') as TreeSpec;
    expect(t['bin/ls']).toEqual({ symlink: '/bin/busybox' });
    expect(t['bin/sh']).toEqual({ symlink: '/bin/busybox' });
    expect(programOf(t['bin/busybox'])).toBe('busybox');
    expect(programOf(t['sbin/apk'])).toBe('apk');
    expect(file(t, 'usr/lib/os-release')).toBe('NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.22.2\nPRETTY_NAME="Alpine Linux v3.22"\nHOME_URL="https://alpinelinux.org/"\nBUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"\n');
    expect(t['etc/os-release']).toEqual({ symlink: '../usr/lib/os-release' });
    expect(file(t, 'etc/passwd')?.split('\n')[0]).toBe('root:x:0:0:root:/root:/bin/sh');
    expect([...new Set(Object.keys(t).map((k) => k.split('/')[0]))].sort()).toEqual(['bin', 'dev', 'etc', 'home', 'lib', 'media', 'mnt', 'opt', 'proc', 'root', 'run', 'sbin', 'srv', 'sys', 'tmp', 'usr', 'var']);
  });

  it('ubuntu 22.04: bash and coreutils, no ps, ping or ip', () => {
    const t = layerTree('ubuntu-22.04') as TreeSpec;
    expect(t.bin).toEqual({ symlink: 'usr/bin' });
    expect(programOf(t['usr/bin/bash'])).toBe('bash');
    expect(programOf(t['usr/bin/ls'])).toBe('ls');
    expect(programOf(t['usr/bin/dash'])).toBe('dash');
    for (const p of ['ps', 'ping', 'ip', 'curl', 'top']) expect(t[`usr/bin/${p}`], p).toBeUndefined();
    expect(file(t, 'usr/lib/os-release')).toContain('PRETTY_NAME="Ubuntu 22.04.5 LTS"\n');
    expect(file(t, 'etc/passwd')).not.toContain('ubuntu:x:1000');
    expect(file(layerTree('ubuntu-24.04') as TreeSpec, 'etc/passwd')).toContain('ubuntu:x:1000:1000:Ubuntu:/home/ubuntu:/bin/bash\n');
    expect((layerTree('ubuntu-18.04') as TreeSpec).bin).toEqual({ dir: true, mode: 0o755, uid: 0, gid: 0 });
    expect(programOf((layerTree('ubuntu-18.04') as TreeSpec)['bin/ls'])).toBe('ls');
  });

  it('debian and fedora os-release; fedora has no ps', () => {
    expect(file(layerTree('debian-bookworm') as TreeSpec, 'usr/lib/os-release')).toBe(
      'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\nHOME_URL="https://www.debian.org/"\nSUPPORT_URL="https://www.debian.org/support"\nBUG_REPORT_URL="https://bugs.debian.org/"\n',
    );
    const f = layerTree('fedora-40') as TreeSpec;
    expect(file(f, 'usr/lib/os-release')).toContain('PRETTY_NAME="Fedora Linux 40 (Container Image)"');
    expect(f['usr/bin/ps']).toBeUndefined();
    expect(programOf(f['usr/bin/dnf'])).toBe('dnf');
    expect(programOf((layerTree('centos-7') as TreeSpec)['usr/bin/ps'])).toBe('ps');
  });

  it('nginx: binary, configuration, the welcome page, logs to stdout/stderr', () => {
    const t = layerTree('nginx-1.29.3-trixie') as TreeSpec;
    expect(programOf(t['usr/sbin/nginx'])).toBe('nginx');
    expect(file(t, 'usr/share/nginx/html/index.html')).toContain('<h1>Welcome to nginx!</h1>');
    expect(file(t, 'etc/nginx/nginx.conf')).toContain('include /etc/nginx/conf.d/*.conf;');
    expect(file(t, 'etc/nginx/conf.d/default.conf')).toContain('root   /usr/share/nginx/html;');
    expect(t['var/log/nginx/access.log']).toEqual({ symlink: '/dev/stdout' });
    expect(file(t, 'etc/passwd')).toContain('nginx:x:101:101:nginx user:/nonexistent:/bin/false\n');
    expect(file(layerTree('nginx-1.29.3-trixie-entrypoint') as TreeSpec, 'docker-entrypoint.sh')).toMatch(/^#!\/bin\/sh\n[\s\S]*exec "\$@"\n$/);
  });

  it('servers and runtimes ship their programs', () => {
    expect(programOf((layerTree('redis-8.2.2-bookworm') as TreeSpec)['usr/local/bin/redis-server'])).toBe('redis-server');
    expect(programOf((layerTree('redis-8.2.2-bookworm') as TreeSpec)['usr/local/bin/redis-cli'])).toBe('redis-cli');
    expect(programOf((layerTree('python-3.14.0') as TreeSpec)['usr/local/bin/python3.14'])).toBe('python3');
    expect(programOf((layerTree('node-22.21.1-bookworm') as TreeSpec)['usr/local/bin/node'])).toBe('node');
    expect(programOf((layerTree('hello-world') as TreeSpec).hello)).toBe('hello');
    expect(programOf((layerTree('registry-2.8.3') as TreeSpec)['bin/registry'])).toBe('registry');
    expect(file(layerTree('httpd-2.4.65') as TreeSpec, 'usr/local/apache2/htdocs/index.html')).toBe('<html><body><h1>It works!</h1></body></html>\n');
  });
});
