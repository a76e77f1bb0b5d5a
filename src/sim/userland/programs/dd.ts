/**
 * dd (coreutils 9.1, and busybox): copy `count` blocks of `bs` bytes from
 * if= to of=, then the three summary lines on stderr ("N+0 records in",
 * "N+0 records out", "B bytes (10 MB, 10 MiB) copied, S s, R GB/s").
 *
 * Models: writing the output file through the filesystem (its size, the
 * overlay copy-up in a container, df) and the time the copy takes in
 * virtual time (at 2 GB/s); if=/dev/zero gives zeros.
 * SIMPLIFICATIONS: the zeros of a big file are not stored (the file is
 * extended to its size with truncate, as a sparse file); no conv=, skip=, seek=.
 */

import type { Ctx, ProgramDef } from '../types.ts';
import { absPath, fsRead, fsTruncate, fsWrite } from '../fsapi.ts';
import { isErr, strerror } from '../../kernel/errno.ts';
import { parseSize } from './stress.ts';
import { isDevZero } from './zero.ts';
import { kChargeMemory } from '../kapi.ts';

const RATE = 2_000_000_000;

function si(n: number, units: string[], base: number): string {
  let v = n;
  let i = -1;
  while (v >= base && i < units.length - 1) {
    v /= base;
    i++;
  }
  const u = units[i] ?? '';
  return v < 10 ? `${v.toFixed(1)} ${u}` : `${Math.round(v)} ${u}`;
}

/** GNU dd's third line. */
export function ddSummary(bytes: number, secs: number): string {
  const sizes = bytes >= 1000 ? ` (${si(bytes, ['kB', 'MB', 'GB', 'TB'], 1000)}, ${si(bytes, ['KiB', 'MiB', 'GiB', 'TiB'], 1024)})` : '';
  const rate = si(bytes / secs, ['kB/s', 'MB/s', 'GB/s'], 1000);
  return `${bytes} bytes${sizes} copied, ${Number(secs.toPrecision(6))} s, ${rate}`;
}

interface DdState {
  err: string;
}

export const ddProgram: ProgramDef<DdState | null> = {
  id: 'dd',
  main(ctx) {
    const o: Record<string, string> = {};
    for (const a of ctx.argv.slice(1)) {
      const eq = a.indexOf('=');
      if (eq < 0) {
        ctx.stderr.write(`dd: unrecognized operand '${a}'\nTry 'dd --help' for more information.\n`);
        return { exit: 1 };
      }
      o[a.slice(0, eq)] = a.slice(eq + 1);
    }
    const bs = parseSize((o.bs ?? '512').replace(/B$/, '')) ?? 512;
    let data: string | null = null;
    if (o.if !== undefined && !isDevZero(ctx as Ctx, o.if)) {
      const r = fsRead(ctx.k, ctx.pid, absPath(ctx.k, ctx.pid, o.if));
      if (isErr(r)) {
        ctx.stderr.write(`dd: failed to open '${o.if}': ${strerror(r.errno)}\n`);
        return { exit: 1 };
      }
      data = r;
    } else if (o.if === undefined) data = ctx.stdin.read();
    const count = o.count !== undefined ? Number(o.count) : null;
    if (data === null && count === null) {
      ctx.stderr.write('dd: an endless input (if=/dev/zero) needs count=\n');
      return { exit: 1 };
    }
    const bytes = data !== null ? Math.min(data.length, count === null ? Infinity : count * bs) : (count as number) * bs;
    const full = Math.floor(bytes / bs);
    const part = bytes % bs ? 1 : 0;
    kChargeMemory(ctx.k, ctx.pid, 1024 * 1024 + bs);
    if (o.of !== undefined) {
      const path = absPath(ctx.k, ctx.pid, o.of);
      const w = data !== null ? fsWrite(ctx.k, ctx.pid, path, data.slice(0, bytes)) : fsWrite(ctx.k, ctx.pid, path, '');
      if (isErr(w)) {
        ctx.stderr.write(`dd: failed to open '${o.of}': ${strerror(w.errno)}\n`);
        return { exit: 1 };
      }
      if (data === null) {
        const t = fsTruncate(ctx.k, ctx.pid, path, bytes);
        if (isErr(t)) {
          ctx.stderr.write(`dd: error writing '${o.of}': ${strerror(t.errno)}\n`);
          return { exit: 1 };
        }
      }
    } else ctx.stdout.write(data !== null ? data.slice(0, bytes) : '\0'.repeat(Math.min(bytes, 65536)));
    const secs = bytes / RATE + 0.000157;
    const recs = `${full}+${part} records in\n${full}+${part} records out\n`;
    const bb = ctx.flavour === 'busybox';
    const third = bb ? `${bytes} bytes (${(bytes / 1048576).toFixed(1)}MB) copied, ${secs.toFixed(6)} seconds, ${(bytes / secs / 1048576 / (bytes / secs >= 1073741824 ? 1024 : 1)).toFixed(1)}${bytes / secs >= 1073741824 ? 'GB' : 'MB'}/s` : ddSummary(bytes, secs);
    if (o.status === 'none') return { exit: 0 };
    ctx.state = { err: recs + third + '\n' };
    return { block: 'timer', untilMs: ctx.k.uptimeMs + Math.max(1, Math.round(secs * 1000)) };
  },
  resume(ctx) {
    if (ctx.state) ctx.stderr.write(ctx.state.err);
    return { exit: 0 };
  },
};
