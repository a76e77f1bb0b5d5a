import { afterEach, describe, expect, it } from 'vitest';
import { createHost } from '../../host/host.ts';
import { setLazyMountCopies, settleAll, anyLazy } from '../../kernel/fs/lazy-copy.ts';

/** Container starts, volumes, binds, tmpfs, --read-only, --privileged, mounts inside containers, unshare on the host. */
const SCRIPT = [
  'docker volume create data',
  'mkdir -p /srv/share && echo hi > /srv/share/f',
  'docker run -d --name ca -v data:/data -v /srv/share:/share:ro --tmpfs /run/x alpine sleep 1000',
  'docker run -d --name cb --read-only alpine sleep 1000',
  'docker run -d --name cc --privileged alpine sleep 1000',
  'docker exec ca cat /proc/self/mountinfo',
  'docker exec cb cat /proc/self/mountinfo',
  "docker exec cc sh -c 'mount -t tmpfs none /mnt && cat /proc/self/mountinfo'",
  "unshare -m sh -c 'mount -t tmpfs none /mnt; grep -c . /proc/self/mountinfo'",
  'unshare -m cat /proc/self/mountinfo',
  'unshare -m --propagation slave findmnt -n -o TARGET,PROPAGATION /dev/pts',
  'docker stop -t 1 ca',
  'docker start ca',
  'docker exec ca cat /proc/self/mountinfo',
  'docker exec ca cat /share/f',
  'docker rm -f cb',
  'cat /proc/self/mountinfo',
  'df -h /srv',
];

function play(lazy: boolean) {
  setLazyMountCopies(lazy);
  const host = createHost({ seed: 5 });
  host.run('docker pull alpine');
  const out = SCRIPT.map((line) => {
    const r = host.run(line);
    return { line, stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode, lazyLeft: anyLazy(host.kernel.state.fs) };
  });
  const fs = host.kernel.state.fs;
  settleAll(fs);
  return { out, mounts: fs.mounts, mntns: fs.mntns, peers: fs.peers, slaves: fs.slaves, next: fs.nextMountId };
}

describe("runc's rootfs with lazily copied mount namespaces", () => {
  afterEach(() => setLazyMountCopies(true));

  it('gives every command the same output, and the kernel the same mounts, as copying every mount at once', () => {
    const eager = play(false);
    const lazy = play(true);
    for (let i = 0; i < SCRIPT.length; i++) expect(lazy.out[i], SCRIPT[i]).toEqual(Object.assign({}, eager.out[i], { lazyLeft: lazy.out[i]?.lazyLeft }));
    expect(lazy.mounts).toEqual(eager.mounts);
    expect(lazy.mntns).toEqual(eager.mntns);
    expect(lazy.peers).toEqual(eager.peers);
    expect(lazy.slaves).toEqual(eager.slaves);
    expect(lazy.next).toBe(eager.next);
    // The commands worked, and nothing a container start copied is left unmade once it has started.
    expect(eager.out.filter((o) => o.exitCode !== 0).map((o) => o.line)).toEqual([]);
    expect(lazy.out.filter((o) => o.line.startsWith('docker run') || o.line.startsWith('docker start')).every((o) => !o.lazyLeft)).toBe(true);
  });
});
