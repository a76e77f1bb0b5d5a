/**
 * mknod (coreutils; busybox applet): make a device node, FIFO or socket file
 * through the kernel's mknod(2), which wants CAP_MKNOD for devices (in
 * Docker's default set; `--cap-drop MKNOD` takes it away).
 *
 * Models `mknod [-m MODE] NAME TYPE [MAJOR MINOR]` with TYPE b, c/u or p, and
 * the wording of GNU's errors (busybox prints the same "NAME: strerror" form).
 * SIMPLIFICATIONS: MODE is octal only (no symbolic modes); no -Z.
 */

import type { ProgramDef } from '../types.ts';
import { absPath } from '../fsapi.ts';
import { mknod } from '../../kernel/fs/vfs/ops-write.ts';
import { isErr, strerror } from '../../kernel/errno.ts';

export const mknodProgram: ProgramDef<null> = {
  id: 'mknod',
  main(ctx) {
    const args = ctx.argv.slice(1);
    let mode = 0o644; // 0666 less the usual umask 022 (the caller applies the umask in this model)
    if (args[0] === '-m') {
      const m = args[1] ?? '';
      if (!/^[0-7]{1,4}$/.test(m)) {
        ctx.stderr.write(`mknod: invalid mode${m ? ` '${m}'` : ''}\n`);
        return { exit: 1 };
      }
      mode = Number.parseInt(m, 8);
      args.splice(0, 2);
    }
    const [name, type, major, minor] = args;
    if (name === undefined || type === undefined) {
      ctx.stderr.write(`mknod: missing operand${name !== undefined ? ` after '${name}'` : ''}\nTry 'mknod --help' for more information.\n`);
      return { exit: 1 };
    }
    const kind = type === 'b' ? 'blockdev' : type === 'c' || type === 'u' ? 'chardev' : type === 'p' ? 'fifo' : null;
    if (!kind) {
      ctx.stderr.write(`mknod: invalid device type '${type}'\nTry 'mknod --help' for more information.\n`);
      return { exit: 1 };
    }
    if (kind !== 'fifo' && (major === undefined || minor === undefined)) {
      ctx.stderr.write(`mknod: missing operand after '${major ?? type}'\nSpecial files require major and minor device numbers.\nTry 'mknod --help' for more information.\n`);
      return { exit: 1 };
    }
    const r = mknod(ctx.k, ctx.pid, absPath(ctx.k, ctx.pid, name), kind, mode, kind === 'fifo' ? [0, 0] : [Number(major), Number(minor)]);
    if (isErr(r)) {
      ctx.stderr.write(`mknod: ${name}: ${strerror(r.errno)}\n`);
      return { exit: 1 };
    }
    return { exit: 0 };
  },
};
