/**
 * The container's directory on the host, /var/lib/docker/containers/<id>/
 * (moby daemon/container.go, container/container.go): hostname, hosts and
 * resolv.conf (bind-mounted over the container's /etc files), the json-file
 * log <id>-json.log, config.v2.json and hostconfig.json.
 * Written by dockerd as root; removed with the container.
 * SIMPLIFICATIONS: config.v2.json holds the inspect view, rewritten at
 * create, start and stop, not on every change.
 */

import type { Engine } from '../engine.ts';
import type { ContainerRecord } from './types.ts';
import { isErr } from '../../kernel/errno.ts';
import { mkdirAll, writeFile } from '../../kernel/fs/vfs/ops-write.ts';
import { readdir, stat } from '../../kernel/fs/vfs/ops-read.ts';
import { rmdir, unlink } from '../../kernel/fs/vfs/ops-remove.ts';
import { daemonActor } from './actor.ts';

export const CONTAINERS_DIR = '/var/lib/docker/containers';

export function containerDir(id: string): string {
  return `${CONTAINERS_DIR}/${id}`;
}

export function containerPaths(id: string): Pick<ContainerRecord, 'ResolvConfPath' | 'HostnamePath' | 'HostsPath' | 'LogPath'> {
  const d = containerDir(id);
  return { ResolvConfPath: `${d}/resolv.conf`, HostnamePath: `${d}/hostname`, HostsPath: `${d}/hosts`, LogPath: `${d}/${id}-json.log` };
}

/** Write a file as dockerd, making its directory. */
export function writeDaemonFile(engine: Engine, path: string, content: string, mode = 0o644): void {
  const pid = daemonActor(engine);
  // The directory usually exists: make it only when the write finds it missing.
  const w = writeFile(engine.k, pid, path, content, { mode });
  if (!isErr(w) || w.errno !== 'ENOENT') return;
  const dir = path.slice(0, path.lastIndexOf('/')) || '/';
  mkdirAll(engine.k, pid, dir, 0o710);
  writeFile(engine.k, pid, path, content, { mode });
}

export function fileExists(engine: Engine, path: string): boolean {
  return !isErr(stat(engine.k, daemonActor(engine), path));
}

/** The default /etc/hosts Docker writes when no network area wrote one. */
export function defaultHosts(hostname: string, ip: string | null): string {
  let s = '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::\tip6-localnet\nff00::\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n';
  if (ip) s += `${ip}\t${hostname}\n`;
  return s;
}

/** Remove the container's directory and what is in it (rm -rf as dockerd). */
export function removeContainerDir(engine: Engine, id: string): void {
  const pid = daemonActor(engine);
  const walk = (path: string): void => {
    const entries = readdir(engine.k, pid, path);
    if (isErr(entries)) return;
    for (const e of entries) {
      if (e.name === '.' || e.name === '..') continue;
      const child = `${path}/${e.name}`;
      if (e.type === 'dir') walk(child);
      else unlink(engine.k, pid, child);
    }
    rmdir(engine.k, pid, path);
  };
  walk(containerDir(id));
}
