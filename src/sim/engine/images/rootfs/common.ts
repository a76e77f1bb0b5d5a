/**
 * Building blocks of image root filesystems: executables carrying the
 * userland's program marker, directory skeletons, and the shared texts of
 * /etc (hosts-style placeholders, shells, nsswitch).
 *
 * Models: what an image layer's tarball holds, as the overlay2 driver unpacks
 * it under /var/lib/docker/overlay2/<id>/diff.
 * SIMPLIFICATIONS: executables are marker files (ELF magic + program id) with
 * the real binary's size; shared libraries are sized files without content;
 * a distribution's thousands of files are cut down to what lessons look at.
 */

import type { TreeEntry, TreeSpec } from '../../../kernel/fs/tree.ts';
import { marker } from '../../../userland/install.ts';

/** An executable that runs program `id` (0755 unless told). */
export function exe(id: string, size = 100_000, mode = 0o755): TreeEntry {
  return { file: marker(id), size, mode };
}

/** A shared library or other binary blob: a sized file without content. */
export function blob(size: number, mode = 0o755): TreeEntry {
  return { file: null, size, mode };
}

export function dir(mode = 0o755, uid = 0, gid = 0): TreeEntry {
  return { dir: true, mode, uid, gid };
}

export function link(target: string): TreeEntry {
  return { symlink: target };
}

export function text(content: string, mode = 0o644, uid = 0, gid = 0): TreeEntry {
  return { file: content, mode, uid, gid };
}

/** Put entries under a directory prefix ("usr/bin"). */
export function under(prefix: string, entries: Record<string, TreeEntry>): TreeSpec {
  const out: TreeSpec = {};
  for (const [k, v] of Object.entries(entries)) out[`${prefix}/${k}`] = v;
  return out;
}

/** Executables in `dirPath`, each named as its program id unless mapped ("egrep" → grep). */
export function programs(dirPath: string, names: readonly string[], ids: Readonly<Record<string, string>> = {}, size = 100_000): TreeSpec {
  const out: TreeSpec = {};
  for (const n of names) out[`${dirPath}/${n}`] = exe(ids[n] ?? n, size);
  return out;
}

/** Symlinks to busybox for every applet name in `dirPath`. */
export function applets(dirPath: string, names: readonly string[], target = '/bin/busybox'): TreeSpec {
  const out: TreeSpec = {};
  for (const n of names) out[`${dirPath}/${n}`] = link(target);
  return out;
}

/** Parse "name:x:uid:..." lines into a map for sanity checks in tests. */
export function passwdNames(passwd: string): string[] {
  return passwd
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(':')[0] ?? '');
}

/** The top-level directories of an FHS root (merged /usr when `merged`). */
export function fhsSkeleton(merged: boolean, extra: readonly string[] = []): TreeSpec {
  const spec: TreeSpec = {
    boot: dir(),
    dev: dir(),
    etc: dir(),
    home: dir(),
    media: dir(),
    mnt: dir(),
    opt: dir(),
    proc: dir(0o555),
    root: dir(0o700),
    run: dir(),
    'run/lock': dir(0o1777),
    srv: dir(),
    sys: dir(0o555),
    tmp: dir(0o1777),
    'usr/bin': dir(),
    'usr/sbin': dir(),
    'usr/lib': dir(),
    'usr/local/bin': dir(),
    'usr/local/sbin': dir(),
    'usr/local/lib': dir(),
    'usr/local/share': dir(),
    'usr/local/include': dir(),
    'usr/local/etc': dir(),
    'usr/local/games': dir(),
    'usr/local/src': dir(),
    'usr/share': dir(),
    'usr/src': dir(),
    'usr/include': dir(),
    'usr/games': dir(),
    var: dir(),
    'var/backups': dir(),
    'var/cache': dir(),
    'var/lib': dir(),
    'var/local': dir(0o2775, 0, 50),
    'var/log': dir(),
    'var/mail': dir(0o2775, 0, 8),
    'var/opt': dir(),
    'var/spool': dir(),
    'var/tmp': dir(0o1777),
    'var/run': link('/run'),
    'var/lock': link('/run/lock'),
  };
  if (merged) {
    spec.bin = link('usr/bin');
    spec.sbin = link('usr/sbin');
    spec.lib = link('usr/lib');
    spec.lib64 = link('usr/lib64');
    spec['usr/lib64'] = dir();
  } else {
    spec.bin = dir();
    spec.sbin = dir();
    spec.lib = dir();
    spec.lib64 = dir();
  }
  for (const d of extra) spec[d] = dir();
  return spec;
}

export const DEBIAN_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** /etc/hosts, /etc/hostname and /etc/resolv.conf as an image ships them (Docker bind-mounts its own over them). */
export const EMPTY_NET_FILES: TreeSpec = {
  'etc/hostname': '',
  'etc/hosts': '',
  'etc/resolv.conf': '',
};
