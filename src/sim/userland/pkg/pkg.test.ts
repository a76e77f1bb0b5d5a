import { describe, expect, it } from 'vitest';
import { testHost, type TestHost } from '../testkit.ts';
import { populateTree } from '../../kernel/fs/populate.ts';
import { alpineRootfs } from '../../engine/images/rootfs/alpine.ts';
import { debianRootfs } from '../../engine/images/rootfs/debian.ts';
import type { TreeSpec } from '../../kernel/fs/tree.ts';
import { fsWrite } from '../fsapi.ts';
import { marker } from '../install.ts';

/** An image's root filesystem unpacked at `dir`, with the host's resolv.conf (as Docker's bridge network gives it). */
function withRoot(spec: TreeSpec, dir: string): TestHost {
  const t = testHost();
  expect(typeof populateTree(t.k, 1, dir, spec, { parents: true })).toBe('number');
  t.run(`cat /etc/resolv.conf > ${dir}/etc/resolv.conf`);
  return t;
}

describe('apt-get (Debian 12)', () => {
  it('cannot find a package before update, installs it after, and the program runs', () => {
    const t = withRoot(debianRootfs('bookworm'), '/srv/deb');
    const before = t.run('chroot /srv/deb apt-get install -y curl');
    expect(before).toMatchObject({ exitCode: 100, stdout: 'Reading package lists...\nBuilding dependency tree...\nReading state information...\n', stderr: 'E: Unable to locate package curl\n' });
    const t0 = t.k.uptimeMs;
    const up = t.run('chroot /srv/deb apt-get update');
    expect(up.exitCode).toBe(0);
    expect(up.stdout.split('\n')[0]).toBe('Get:1 http://deb.debian.org/debian bookworm InRelease [151 kB]');
    expect(up.stdout).toMatch(/\nFetched [\d.]+ [kM]B in \d+s \([\d.]+ [kM]B\/s\)\nReading package lists...\n$/);
    expect(t.k.uptimeMs).toBeGreaterThan(t0);
    expect(t.run('ls /srv/deb/var/lib/apt/lists').stdout).toContain('deb.debian.org_debian_dists_bookworm_InRelease');
    const r = t.run('chroot /srv/deb apt-get install -y curl');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('The following NEW packages will be installed:\n  ca-certificates curl libbrotli1 libcurl4 libnghttp2-14 libssl3 openssl\n');
    expect(r.stdout).toContain('Setting up curl (7.88.1-10+deb12u12) ...\n');
    expect(t.run('chroot /srv/deb curl -s http://example.com/').stdout).toContain('<title>Example Domain</title>');
    expect(t.run('chroot /srv/deb apt-get install -y curl').stdout).toContain('curl is already the newest version.\n0 upgraded, 0 newly installed');
    expect(t.run('grep -c "Package: curl" /srv/deb/var/lib/dpkg/status').stdout).toBe('1\n');
  });

  it('without a network: the fetch fails with apt texts', () => {
    const t = withRoot(debianRootfs('bookworm'), '/srv/deb');
    const r = t.run('unshare -n chroot /srv/deb apt-get update');
    expect(r.stdout).toContain("Err:1 http://deb.debian.org/debian bookworm InRelease\n  Temporary failure resolving 'deb.debian.org'\n");
    expect(r.stderr).toContain('W: Some index files failed to download. They have been ignored, or old ones used instead.\n');
  });
});

describe('apk (Alpine 3.21)', () => {
  it('fetches the indexes, installs in dependency order, and the program exists', () => {
    const t = withRoot(alpineRootfs('3.21.3'), '/srv/alp');
    const r = t.run('chroot /srv/alp apk add curl');
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('fetch https://dl-cdn.alpinelinux.org/alpine/v3.21/main/x86_64/APKINDEX.tar.gz');
    expect(lines[1]).toBe('fetch https://dl-cdn.alpinelinux.org/alpine/v3.21/community/x86_64/APKINDEX.tar.gz');
    expect(lines[2]).toMatch(/^\(1\/9\) Installing brotli-libs \(1\.1\.0-r2\)$/);
    expect(lines).toContain('(9/9) Installing curl (8.12.1-r1)');
    expect(lines).toContain('Executing busybox-1.37.0-r12.trigger');
    expect(lines[lines.length - 2]).toMatch(/^OK: \d+ MiB in 24 packages$/);
    expect(t.run('chroot /srv/alp /usr/bin/curl -s -o /dev/null -w "%{http_code}" http://example.com').stdout).toBe('200');
  });

  it('with --network none style isolation: DNS lookup errors, then unable to select packages', () => {
    const t = withRoot(alpineRootfs('3.21.3'), '/srv/alp');
    const r = t.run('unshare -n chroot /srv/alp apk add curl');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('WARNING: fetching https://dl-cdn.alpinelinux.org/alpine/v3.21/main: DNS lookup error\nWARNING: fetching https://dl-cdn.alpinelinux.org/alpine/v3.21/community: DNS lookup error\nERROR: unable to select packages:\n  curl (no such package):\n    required by: world[curl]\n');
  });
});

describe('dnf (Fedora 41)', () => {
  it('loads its repositories through the kernel before installing', () => {
    const t = testHost();
    fsWrite(t.k, 1, '/usr/bin/dnf', marker('dnf'), { mode: 0o755 });
    const r = t.run('dnf install -y stress');
    expect(r.stdout).toMatch(/^Updating and loading repositories:\n/);
    expect(r.stdout).toContain('Installing:\n stress ');
    expect(r.stdout).toMatch(/Complete!\n$/);
    expect(r.exitCode).toBe(0);
    expect(t.run('command -v stress').stdout).toBe('/usr/bin/stress\n');
  });

  it('cannot load its repositories without a network', () => {
    const t = testHost();
    fsWrite(t.k, 1, '/usr/bin/dnf', marker('dnf'), { mode: 0o755 });
    const r = t.run('unshare --net dnf install -y stress');
    expect(r.stdout).toMatch(/^Updating and loading repositories:\n/);
    expect(r.stdout).toContain('Curl error (6): Could not resolve hostname');
    expect(r.exitCode).toBe(1);
  });
});
