/**
 * What every package manager does once it has a package: unpack its files
 * into the filesystem as the calling process (so in a container they land
 * in the overlay's upper layer and `docker diff` shows them), and what it
 * does before: reach the mirror through the kernel's network (DNS from
 * /etc/resolv.conf, then connect(2)), which fails in a container started
 * with --network none or behind a DROP rule.
 *
 * Models: dpkg/apk/rpm writing each file with its mode, symlinks, and
 * executables the simulated programs run (a program the simulator lacks
 * installs as the "not simulated" stand-in).
 * SIMPLIFICATIONS: sizes of libraries and data files are kept without content.
 */

import type { Ctx } from '../types.ts';
import type { Pkg } from './catalogue.ts';
import { isErr, type Errno } from '../../kernel/errno.ts';
import { fsLstat, fsMkdir, fsStat, fsSymlink, fsTruncate, fsUnlink, fsWrite, fsChmod } from '../fsapi.ts';
import { marker } from '../install.ts';
import { dial, ulOf } from '../programs/dial.ts';
import { own } from '../own.ts';

export function mkdirP(ctx: Ctx, dir: string): void {
  let cur = '';
  for (const c of dir.split('/').filter(Boolean)) {
    cur += '/' + c;
    if (isErr(fsStat(ctx.k, ctx.pid, cur))) fsMkdir(ctx.k, ctx.pid, cur, 0o755);
  }
}

/** Write a package's files. Returns the first error, or null. */
export function unpack(ctx: Ctx, pkg: Pkg): Errno | null {
  const registry = ulOf(ctx).registry;
  for (const [path, f] of Object.entries(pkg.files)) {
    mkdirP(ctx, path.slice(0, path.lastIndexOf('/')) || '/');
    const old = fsLstat(ctx.k, ctx.pid, path);
    if (!isErr(old) && (old.type === 'symlink' || 'link' in f)) fsUnlink(ctx.k, ctx.pid, path);
    let r: true | { errno: Errno } = true;
    if ('exe' in f) {
      r = fsWrite(ctx.k, ctx.pid, path, marker(own(registry, f.exe) ? f.exe : 'missing'), { mode: 0o755 });
      if (r === true) fsChmod(ctx.k, ctx.pid, path, 0o755);
    } else if ('text' in f) r = fsWrite(ctx.k, ctx.pid, path, f.text, { mode: f.mode ?? 0o644 });
    else if ('size' in f) {
      r = fsWrite(ctx.k, ctx.pid, path, '', { mode: 0o644 });
      if (r === true) r = fsTruncate(ctx.k, ctx.pid, path, f.size);
    } else r = fsSymlink(ctx.k, ctx.pid, f.link, path);
    if (r !== true) return r.errno;
  }
  return null;
}

export type Reach = { ok: true } | { ok: false; why: 'resolve' | 'connect'; errno?: Errno; ip?: string };

/** Can the caller reach `host` on `port` (resolve, then connect through the kernel)? */
export function reach(ctx: Ctx, host: string, port: number): Reach {
  const d = dial(ctx, host, port);
  if (d.ok) return { ok: true };
  if (d.stage === 'resolve') return { ok: false, why: 'resolve' };
  return { ok: false, why: 'connect', errno: d.errno, ip: d.ip };
}

/** "2896 kB" as apt prints sizes (SI, 3 significant digits above 1 MB: "10.9 MB"). */
export function aptSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${Math.round(bytes / 1000)} kB`;
  const mb = bytes / 1_000_000;
  return `${mb < 10 ? mb.toFixed(2) : mb < 100 ? mb.toFixed(1) : Math.round(mb)} MB`;
}
