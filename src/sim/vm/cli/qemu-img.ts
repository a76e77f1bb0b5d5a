/**
 * qemu-img info: what a disk image says about itself (qemu-img(1), QEMU 7.2
 * as in Debian 12's qemu-utils; block/qapi.c bdrv_image_info_dump,
 * util/cutils.c size_to_str).
 *
 * Models: the image's format and virtual size (what the guest sees, from the
 * qcow2 header) beside its disk size (what the file takes on the host: qcow2
 * allocates clusters as the guest writes), with the qcow2 format-specific
 * block; sizes as size_to_str prints them ("%0.3g" of the largest binary unit
 * that keeps the number under 1000). An image a running VM has open is
 * locked by QEMU: qemu-img refuses it unless -U (--force-share).
 * SIMPLIFICATIONS: only `info [-U] [-f FMT] FILE`; the header is read from the
 * image's xattrs (see guest-disk.ts); a file without one is a raw image; the
 * lock is found by looking for a VMM whose command line names the file.
 */

import type { Ctx, ProgramDef } from '../../userland/types.ts';
import { fsStat } from '../../userland/fsapi.ts';
import { getxattr } from '../../kernel/fs/index.ts';
import { isErr, strerror } from '../../kernel/errno.ts';
import { QCOW2_FORMAT_XATTR, QCOW2_VSIZE_XATTR } from '../guest-disk.ts';
import { QEMU_PATH } from '../vmm.ts';

/** util/cutils.c size_to_str(). */
export function sizeToStr(val: number): string {
  const suffixes = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
  // frexp(val / (1000 / 1024)) gives exponent e with 2^(e-1) <= x < 2^e.
  const x = val / (1000 / 1024);
  const e = x <= 0 ? 0 : Math.floor(Math.log2(x)) + 1;
  const i = Math.max(0, Math.min(suffixes.length - 1, Math.trunc((e - 1) / 10)));
  const v = val / 2 ** (i * 10);
  return `${parseFloat(v.toPrecision(3))} ${suffixes[i]}B`;
}

function usage(ctx: Ctx): { exit: number } {
  ctx.stderr.write("qemu-img: Not enough arguments\nTry 'qemu-img --help' for more information\n");
  return { exit: 1 };
}

/** The VMM (qemu-system-x86_64) that has `path` open, if any. */
function lockedBy(ctx: Ctx, path: string): boolean {
  for (const key in ctx.k.state.proc.byPid) {
    const p = ctx.k.state.proc.byPid[key as unknown as number];
    if (p && p.state !== 'Z' && p.exe === QEMU_PATH && p.argv.some((a) => a.includes(`"filename":"${path}"`))) return true;
  }
  return false;
}

export const qemuImgProgram: ProgramDef<null> = {
  id: 'qemu-img',
  main(ctx) {
    const args = ctx.argv.slice(1);
    const cmd = args[0];
    if (cmd === undefined) return usage(ctx);
    if (cmd !== 'info') {
      ctx.stderr.write(`qemu-img: Command not found: ${cmd}\n`);
      return { exit: 1 };
    }
    let share = false;
    let file: string | undefined;
    for (let i = 1; i < args.length; i++) {
      const a = args[i] as string;
      if (a === '-U' || a === '--force-share') share = true;
      else if (a === '-f' || a === '--output') i++;
      else file = a;
    }
    if (file === undefined) {
      ctx.stderr.write('qemu-img: Expecting one image file name\n');
      return { exit: 1 };
    }
    const st = fsStat(ctx.k, ctx.pid, file);
    if (isErr(st)) {
      ctx.stderr.write(`qemu-img: Could not open '${file}': Could not open '${file}': ${strerror(st.errno)}\n`);
      return { exit: 1 };
    }
    const abs = file.startsWith('/') ? file : file.replace(/^\.\//, '');
    if (!share && lockedBy(ctx, abs)) {
      ctx.stderr.write(`qemu-img: Could not open '${file}': Failed to get shared "write" lock\nIs another process using the image [${file}]?\n`);
      return { exit: 1 };
    }
    const fmt = getxattr(ctx.k, ctx.pid, file, QCOW2_FORMAT_XATTR);
    const vsizeX = getxattr(ctx.k, ctx.pid, file, QCOW2_VSIZE_XATTR);
    const qcow2 = !isErr(fmt) && fmt === 'qcow2';
    const vsize = qcow2 && !isErr(vsizeX) ? Number(vsizeX) : st.size;
    let out = `image: ${file}\nfile format: ${qcow2 ? 'qcow2' : 'raw'}\n`;
    out += `virtual size: ${sizeToStr(vsize)} (${vsize} bytes)\n`;
    out += `disk size: ${sizeToStr(st.size)}\n`;
    if (qcow2) {
      out += 'cluster_size: 65536\nFormat specific information:\n';
      out += '    compat: 1.1\n    compression type: zlib\n    lazy refcounts: false\n    refcount bits: 16\n    corrupt: false\n    extended l2: false\n';
    }
    ctx.stdout.write(out);
    return { exit: 0 };
  },
};
