/**
 * A process's working and root directories: chdir(2), chroot(2), getcwd(3).
 *
 * Models: chdir needs a directory with search permission; chroot needs
 * CAP_SYS_CHROOT in the caller's user namespace and changes only the root (not
 * the cwd, so a process that does not chdir can still walk out with "..");
 * getcwd shows the path relative to the root, "(unreachable)" when outside it.
 * Both changes are applied by the process module (process.cwdChanged, process.rootChanged).
 * SIMPLIFICATIONS: a cwd reached through /proc/PID/root is kept as the path
 * through that magic link, normalised lexically.
 */

import type { Kernel } from '../../kernel.ts';
import { sysErr, isErr, type SysError } from '../../errno.ts';
import { walk } from './resolve.ts';
import { nodeAttr } from './node.ts';
import { mayAccess, MAY_EXEC, nsCapable } from './perm.ts';
import { procOf } from './ctx.ts';
import { isUnder, joinAbs, normAbs, relTo } from './path.ts';
import { refuse } from '../../caps/denied.ts';

function dirTarget(k: Kernel, pid: number, path: string): { nsPath: string; pid: number } | SysError {
  const p = procOf(k, pid);
  if (isErr(p)) return p;
  const r = walk(k, p, path, { follow: true });
  if (isErr(r)) return r;
  if (!r.child) return sysErr('ENOENT');
  const a = nodeAttr(k, r.child.node, p);
  if (!a) return sysErr('ENOENT');
  if (a.type !== 'dir') return sysErr('ENOTDIR');
  if (!mayAccess(k, p, a, MAY_EXEC)) return sysErr('EACCES');
  if (r.ns === p.ns.mnt) return { nsPath: r.child.path, pid };
  const lexical = path.startsWith('/') ? joinAbs(p.root, normAbs(path)) : normAbs(joinAbs(p.cwd, `/${path}`));
  return { nsPath: lexical, pid };
}

/** chdir(2). */
export function chdir(k: Kernel, pid: number, path: string): true | SysError {
  const t = dirTarget(k, pid, path);
  if (isErr(t)) return t;
  k.emit({ type: 'process.cwdChanged', pid, cwd: t.nsPath });
  return true;
}

/** chroot(2): the cwd is left alone. */
export function chroot(k: Kernel, pid: number, path: string): true | SysError {
  const p = procOf(k, pid);
  if (isErr(p)) return p;
  if (!nsCapable(k, p, 'CAP_SYS_CHROOT', p.ns.user)) return refuse(k, p, 'CAP_SYS_CHROOT', 'chroot');
  const t = dirTarget(k, pid, path);
  if (isErr(t)) return t;
  k.emit({ type: 'process.rootChanged', pid, root: t.nsPath, cwd: p.cwd });
  return true;
}

/** getcwd(3): the cwd relative to the process's root. */
export function getcwd(k: Kernel, pid: number): string | SysError {
  const p = procOf(k, pid);
  if (isErr(p)) return p;
  if (!isUnder(p.cwd, p.root)) return `(unreachable)${p.cwd}`;
  return relTo(p.cwd, p.root);
}
