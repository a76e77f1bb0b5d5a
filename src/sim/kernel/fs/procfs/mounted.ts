/**
 * Which processes a program that reads /proc sees: those of the PID namespace
 * the procfs instance mounted at /proc (as the caller resolves that path) was
 * mounted for. ps, top and pgrep list /proc/[0-9]+, so after
 * `unshare --pid --fork` without --mount-proc they still show the host's
 * processes, and with no procfs at /proc (an empty chroot) they have nothing
 * to read — as on Linux.
 * SIMPLIFICATIONS: only the mount at the path itself is looked at (no
 * procfs mounted elsewhere and bind-mounted there).
 */

import type { Kernel } from '../../kernel.ts';
import { isErr, sysErr, type SysError } from '../../errno.ts';
import { procOf } from '../vfs/ctx.ts';
import { resolveFrame } from '../vfs/resolve.ts';
import type { NsInum } from '../../ids.ts';

/** The PID namespace (inode) of the procfs at `path` for process `pid`, or ENOENT when none is mounted there. */
export function procfsPidNs(k: Kernel, pid: number, path = '/proc'): NsInum | SysError {
  const p = procOf(k, pid);
  if (isErr(p)) return p;
  const f = resolveFrame(k, p, path, true);
  if (isErr(f)) return f;
  const m = k.state.fs.mounts[f.m];
  const sb = m ? k.state.fs.sbs[m.sb] : undefined;
  if (!m || m.point !== f.path || sb?.fstype !== 'proc' || sb.pidNs === undefined) return sysErr('ENOENT');
  return sb.pidNs as NsInum;
}
