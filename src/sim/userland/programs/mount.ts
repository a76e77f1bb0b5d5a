/**
 * mount(8) and umount(8) (util-linux 2.38; busybox texts where they differ).
 *
 * Models: listing the caller's mount namespace from /proc/self/mounts as
 * "SRC on DIR type TYPE (OPTS)"; mounting by type (-t proc/tmpfs/overlay...),
 * bind mounts (--bind/--rbind), propagation changes (--make-private...),
 * remounts (-o remount,ro); exit status 32 on failure with util-linux's texts.
 * SIMPLIFICATIONS: no /etc/fstab lookups (mount -a does nothing); -o options
 * are passed on as flags and filesystem data as the kernel splits them.
 */

import type { ProgramDef } from '../types.ts';
import { parseArgs, progName } from './args.ts';
import { absPath, fsMount, fsRead, fsStat, fsUmount } from '../fsapi.ts';
import { isErr, strerror } from '../../kernel/errno.ts';

const FLAG_OPTS = new Set(['ro', 'rw', 'nosuid', 'suid', 'nodev', 'dev', 'noexec', 'exec', 'noatime', 'atime', 'nodiratime', 'relatime', 'strictatime', 'remount', 'bind', 'rbind', 'private', 'rprivate', 'shared', 'rshared', 'slave', 'rslave', 'unbindable', 'runbindable', 'nosymfollow', 'defaults']);

export const mountProgram: ProgramDef<null> = {
  id: 'mount',
  main(ctx) {
    const name = progName(ctx, 'mount');
    const bb = ctx.flavour === 'busybox';
    const r = parseArgs(ctx.argv.slice(1), {
      flags: 'rwanfvlR',
      withValue: 'to',
      long: { types: { short: 't', value: true }, options: { short: 'o', value: true }, bind: {}, rbind: {}, move: {}, 'make-private': {}, 'make-rprivate': {}, 'make-shared': {}, 'make-rshared': {}, 'make-slave': {}, 'make-rslave': {}, 'make-unbindable': {}, 'read-only': { short: 'r' } },
    });
    if (!r.ok) {
      ctx.stderr.write(`${name}: ${r.error}\nTry '${name} --help' for more information.\n`);
      return { exit: 1 };
    }
    const ops = r.p.operands;
    const t = r.p.value('t');
    if (ops.length === 0) {
      if (r.p.has('a')) return { exit: 0 };
      const text = fsRead(ctx.k, ctx.pid, '/proc/self/mounts');
      if (isErr(text)) {
        ctx.stderr.write(`${name}: failed to read mtab: ${strerror(text.errno)}\n`);
        return { exit: 32 };
      }
      for (const line of text.split('\n')) {
        const f = line.split(' ');
        if (f.length < 4) continue;
        if (t && !t.split(',').includes(f[2] as string)) continue;
        ctx.stdout.write(`${f[0]} on ${f[1]} type ${f[2]} (${f[3]})\n`);
      }
      return { exit: 0 };
    }
    const opts = (r.p.values('o').join(',') || '').split(',').filter(Boolean);
    const flags: string[] = [];
    const data: string[] = [];
    for (const o of opts) (FLAG_OPTS.has(o) ? flags : data).push(o);
    if (r.p.has('r')) flags.push('ro');
    const make = ['make-private', 'make-rprivate', 'make-shared', 'make-rshared', 'make-slave', 'make-rslave', 'make-unbindable'].find((m) => r.p.has(m));
    let source: string;
    let target: string;
    if (make) {
      target = ops[0] as string;
      source = 'none';
      const prop = make.slice(5);
      flags.push(prop.replace(/^r/, ''));
    } else if (ops.length === 1) {
      target = ops[0] as string;
      source = t ?? 'none';
      if (!flags.includes('remount') && !t) {
        ctx.stderr.write(bb ? `${name}: can't find ${target} in /etc/fstab\n` : `${name}: ${target}: can't find in /etc/fstab.\n`);
        return { exit: bb ? 1 : 1 };
      }
    } else {
      source = ops[0] as string;
      target = ops[1] as string;
    }
    const bind = r.p.has('bind') || r.p.has('rbind') || flags.includes('bind') || flags.includes('rbind');
    const recursive = r.p.has('rbind') || flags.includes('rbind') || (make?.startsWith('make-r') ?? false);
    const tpath = absPath(ctx.k, ctx.pid, target);
    const spath = bind ? absPath(ctx.k, ctx.pid, source) : source;
    const ts = fsStat(ctx.k, ctx.pid, tpath);
    if (isErr(ts)) {
      ctx.stderr.write(bb ? `${name}: mounting ${source} on ${target} failed: ${strerror(ts.errno)}\n` : `${name}: ${target}: mount point does not exist.\n`);
      return { exit: bb ? 255 : 32 };
    }
    const e = fsMount(ctx.k, ctx.pid, spath, tpath, bind ? '' : (t ?? (make ? '' : source)), { flags: flags.filter((f) => f !== 'bind' && f !== 'rbind' && f !== 'defaults'), data: data.join(','), bind, recursive });
    if (isErr(e)) {
      if (bb) {
        ctx.stderr.write(`${name}: mounting ${source} on ${target} failed: ${strerror(e.errno)}\n`);
        return { exit: 255 };
      }
      // Without -t, util-linux takes the source for a device to probe: a file that is not one, or nothing.
      const noDevice = () => (isErr(fsStat(ctx.k, ctx.pid, absPath(ctx.k, ctx.pid, source))) ? `special device ${source} does not exist.` : `${source} is not a block device.`);
      const msg = e.errno === 'EPERM' || e.errno === 'EACCES' ? 'permission denied.' : e.errno === 'ENOENT' ? `special device ${source} does not exist.` : e.errno === 'ENODEV' ? (t === undefined ? noDevice() : `unknown filesystem type '${t}'.`) : e.errno === 'EBUSY' ? `${source} already mounted or mount point busy.` : `${strerror(e.errno).toLowerCase()}.`;
      ctx.stderr.write(`${name}: ${target}: ${msg}\n`);
      return { exit: 32 };
    }
    return { exit: 0 };
  },
};

export const umountProgram: ProgramDef<null> = {
  id: 'umount',
  main(ctx) {
    const name = progName(ctx, 'umount');
    const bb = ctx.flavour === 'busybox';
    const r = parseArgs(ctx.argv.slice(1), { flags: 'lfRnv', long: { lazy: { short: 'l' }, force: { short: 'f' }, recursive: { short: 'R' } } });
    if (!r.ok || !r.p.operands.length) {
      ctx.stderr.write(`${name}: bad usage\nTry '${name} --help' for more information.\n`);
      return { exit: 1 };
    }
    let status = 0;
    for (const op of r.p.operands) {
      const e = fsUmount(ctx.k, ctx.pid, absPath(ctx.k, ctx.pid, op), r.p.has('l'));
      if (isErr(e)) {
        if (bb) ctx.stderr.write(`${name}: can't unmount ${op}: ${strerror(e.errno)}\n`);
        else {
          const msg = e.errno === 'EINVAL' ? 'not mounted.' : e.errno === 'EBUSY' ? 'target is busy.' : e.errno === 'EPERM' ? 'must be superuser to unmount.' : e.errno === 'ENOENT' ? 'no mount point specified.' : `${strerror(e.errno).toLowerCase()}.`;
          ctx.stderr.write(`${name}: ${op}: ${msg}\n`);
        }
        status = 32;
      }
    }
    return { exit: status };
  },
};
