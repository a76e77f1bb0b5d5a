/**
 * `ip netns` (iproute2 6.1): add, delete, list and exec in named network
 * namespaces.
 *
 * Models ip-netns(8): a named namespace is a file /run/netns/NAME on which
 * the namespace's nsfs file is bind-mounted, which keeps the namespace alive
 * with no process in it; `exec` does setns(2) to it and runs the command;
 * `delete` unmounts and removes the file, and the namespace goes once nothing
 * else uses it. The new namespace has only a down `lo`, as unshare(2) makes it.
 * `ip link` names a peer netns by its name here ("link-netns NAME", see nsidNamer).
 * SIMPLIFICATIONS: the pin is a reference the userland records (the kernel
 * model's nsfs bind mount does not hold the namespace itself); `exec` does
 * not unshare the mount namespace to remount /sys; no `ip netns identify`,
 * `pids`, `set` or `monitor`.
 */

import type { Ctx, Outcome } from '../types.ts';
import { isErr } from '../../kernel/errno.ts';
import { unshare } from '../../kernel/ns/unshare.ts';
import { setnsInum } from '../../kernel/ns/setns.ts';
import { CLONE_FLAGS } from '../../kernel/ns/types.ts';
import type { NsInum } from '../../kernel/ids.ts';
import { fsMkdir, fsReaddir, fsStat, fsUnlink, fsWrite, fsChmod } from '../fsapi.ts';
import { kHoldNs } from '../kapi.ts';
import { ulOf } from './dial.ts';
import { nsAt } from '../../kernel/ns/by-inum.ts';

const DIR = '/run/netns';

function key(ctx: Ctx, name: string): string {
  return `${ctx.k.proc(ctx.pid)?.ns.mnt ?? 0}:${DIR}/${name}`;
}

/** The netns inode a name stands for in the caller's mount namespace, or null. */
export function namedNetns(ctx: Ctx, name: string): number | null {
  const ul = ulOf(ctx);
  const inum = ul.state.netns?.[key(ctx, name)];
  if (inum === undefined || !nsAt(ctx.k.state, inum)) return null;
  if (isErr(fsStat(ctx.k, ctx.pid, `${DIR}/${name}`))) return null;
  return inum;
}

/**
 * get_name_from_nsid(): the name under /run/netns of the namespace `self` calls `nsid`, looked up
 * (once per call of `ip`) only when a link-netnsid is to be printed.
 */
export function nsidNamer(ctx: Ctx, self: number): (nsid: number) => string | undefined {
  let byId: Map<number, string> | null = null;
  return (nsid) => {
    if (!byId) {
      byId = new Map();
      const names = fsReaddir(ctx.k, ctx.pid, DIR);
      const ids = ctx.k.state.net.byNs[self]?.nsids ?? {};
      if (!isErr(names))
        for (const n of names) {
          const inum = namedNetns(ctx, n);
          const id = inum === null ? undefined : ids[inum];
          if (id !== undefined && !byId.has(id)) byId.set(id, n);
        }
    }
    return byId.get(nsid);
  };
}

function add(ctx: Ctx, name: string): Outcome {
  const path = `${DIR}/${name}`;
  if (isErr(fsStat(ctx.k, ctx.pid, '/run'))) fsMkdir(ctx.k, ctx.pid, '/run', 0o755);
  if (isErr(fsStat(ctx.k, ctx.pid, DIR))) fsMkdir(ctx.k, ctx.pid, DIR, 0o755);
  if (!isErr(fsStat(ctx.k, ctx.pid, path))) {
    ctx.stderr.write(`Cannot create namespace file "${path}": File exists\n`);
    return { exit: 1 };
  }
  const w = fsWrite(ctx.k, ctx.pid, path, '', { mode: 0, excl: true });
  if (isErr(w)) {
    ctx.stderr.write(`Cannot create namespace file "${path}": ${w.errno === 'EACCES' ? 'Permission denied' : 'No such file or directory'}\n`);
    return { exit: 1 };
  }
  fsChmod(ctx.k, ctx.pid, path, 0o444);
  const u = unshare(ctx.k, ctx.pid, CLONE_FLAGS.net);
  if (isErr(u)) {
    fsUnlink(ctx.k, ctx.pid, path);
    ctx.stderr.write('Failed to create a new network namespace "' + name + '": Operation not permitted\n');
    return { exit: 1 };
  }
  const inum = ctx.k.proc(ctx.pid)?.ns.net;
  if (inum === undefined) return { exit: 1 };
  kHoldNs(ctx.k, inum, 1);
  const ul = ulOf(ctx);
  (ul.state.netns ??= {})[key(ctx, name)] = inum;
  return { exit: 0 };
}

function del(ctx: Ctx, name: string): Outcome {
  const path = `${DIR}/${name}`;
  const inum = namedNetns(ctx, name);
  const r = fsUnlink(ctx.k, ctx.pid, path);
  if (isErr(r)) {
    ctx.stderr.write(`Cannot remove namespace file "${path}": ${r.errno === 'EACCES' ? 'Permission denied' : 'No such file or directory'}\n`);
    return { exit: 1 };
  }
  const ul = ulOf(ctx);
  if (ul.state.netns) delete ul.state.netns[key(ctx, name)];
  if (inum !== null) kHoldNs(ctx.k, inum, -1);
  return { exit: 0 };
}

function list(ctx: Ctx): Outcome {
  const names = fsReaddir(ctx.k, ctx.pid, DIR);
  if (isErr(names)) return { exit: 0 };
  for (const n of [...names].reverse()) {
    const inum = namedNetns(ctx, n);
    if (inum === null) continue;
    const me = ctx.k.proc(ctx.pid)?.ns.net;
    const id = me !== undefined ? ctx.k.state.net.byNs[me]?.nsids[inum] : undefined;
    ctx.stdout.write(id !== undefined ? `${n} (id: ${id})\n` : `${n}\n`);
  }
  return { exit: 0 };
}

function exec(ctx: Ctx, name: string | undefined, argv: string[]): Outcome {
  if (!name) {
    ctx.stderr.write('No netns name specified\n');
    return { exit: 255 };
  }
  const inum = namedNetns(ctx, name);
  if (inum === null) {
    ctx.stderr.write(`Cannot open network namespace "${name}": No such file or directory\n`);
    return { exit: 255 };
  }
  if (!argv.length) {
    ctx.stderr.write('No command specified\n');
    return { exit: 255 };
  }
  const r = setnsInum(ctx.k, ctx.pid, inum as NsInum, 'net');
  if (isErr(r)) {
    ctx.stderr.write('setting the network namespace "' + name + '" failed: Operation not permitted\n');
    return { exit: 255 };
  }
  const w = ctx.ul.which(ctx.pid, argv[0] as string);
  if ('error' in w) {
    ctx.stderr.write(`exec of "${argv[0]}" failed: No such file or directory\n`);
    return { exit: 255 };
  }
  return { exec: { path: w.path, argv } };
}

export function ipNetns(ctx: Ctx, args: string[]): Outcome {
  const verb = args[0] ?? 'list';
  if (verb === 'list' || verb === 'ls' || verb === 'show') return list(ctx);
  if (verb === 'add') return args[1] ? add(ctx, args[1]) : usage(ctx);
  if (verb === 'del' || verb === 'delete') return args[1] ? del(ctx, args[1]) : usage(ctx);
  if (verb === 'exec') return exec(ctx, args[1], args.slice(2));
  ctx.stderr.write(`Command "${verb}" is unknown, try "ip netns help".\n`);
  return { exit: 255 };
}

function usage(ctx: Ctx): Outcome {
  ctx.stderr.write('No netns name specified\n');
  return { exit: 255 };
}
