/**
 * apk-tools 2.14 on Alpine 3.21: `apk add [--no-cache] PKG...`, `apk update`.
 *
 * Models: fetching each repository's APKINDEX through the kernel's network
 * ("fetch https://dl-cdn.alpinelinux.org/alpine/v3.21/main/x86_64/APKINDEX.tar.gz"),
 * the "(1/5) Installing name (version)" lines in dependency order, the
 * busybox trigger, "OK: 12 MiB in 20 packages" from /lib/apk/db/installed
 * (updated), files unpacked into the filesystem; the failure texts (DNS
 * lookup error warnings, then "ERROR: unable to select packages"), root
 * being required; virtual time for the download.
 * SIMPLIFICATIONS: no world file edits beyond the installed db, no --virtual.
 */

import type { Ctx, Outcome, ProgramDef } from '../types.ts';
import { isErr } from '../../kernel/errno.ts';
import { fsRead, fsWrite } from '../fsapi.ts';
import { resolveDeps } from './catalogue.ts';
import { reach, unpack } from './unpack.ts';

const HOST = 'dl-cdn.alpinelinux.org';
const DB = '/lib/apk/db/installed';

function branch(ctx: Ctx): string {
  const r = fsRead(ctx.k, ctx.pid, '/etc/alpine-release');
  const v = isErr(r) ? '3.21.3' : r.trim();
  return `v${v.split('.').slice(0, 2).join('.')}`;
}

function installed(ctx: Ctx): string[] {
  const db = fsRead(ctx.k, ctx.pid, DB);
  return isErr(db) ? [] : db.split('\n').flatMap((l) => (l.startsWith('P:') ? [l.slice(2)] : []));
}

function mib(ctx: Ctx, extraBytes: number, count: number): string {
  // A minimal alpine is about 7.8 MiB with its 15 packages.
  const base = 7.8 * 1024 * 1024 + Math.max(0, count - 15) * 350 * 1024;
  return `OK: ${Math.round((base + extraBytes) / 1024 / 1024)} MiB in ${count} packages`;
}

interface ApkState {
  out: string;
  code: number;
}

export const apkProgram: ProgramDef<ApkState | null> = {
  id: 'apk',
  main(ctx) {
    const c = ctx as Ctx;
    const args = ctx.argv.slice(1);
    const verb = args.find((a) => !a.startsWith('-'));
    const names = args.slice(args.indexOf(verb ?? '') + 1).filter((a) => !a.startsWith('-'));
    if (verb !== 'add' && verb !== 'update') {
      if (verb === 'info') {
        ctx.stdout.write(installed(c).join('\n') + '\n');
        return { exit: 0 };
      }
      ctx.stderr.write(verb ? `apk: unknown command '${verb}'\n` : 'apk-tools 2.14.6, compiled for x86_64.\n\nusage: apk [<OPTIONS>...] COMMAND [<ARGUMENTS>...]\n');
      return { exit: 1 };
    }
    if (ctx.k.proc(ctx.pid)?.cred.euid !== 0) {
      ctx.stderr.write('ERROR: Unable to lock database: Permission denied\nERROR: Failed to open apk database: Permission denied\n');
      return { exit: 99 };
    }
    const br = branch(c);
    const r = reach(c, HOST, 443);
    let out = '';
    let err = '';
    for (const repo of ['main', 'community']) {
      out += `fetch https://${HOST}/alpine/${br}/${repo}/x86_64/APKINDEX.tar.gz\n`;
      if (!r.ok) err += `WARNING: fetching https://${HOST}/alpine/${br}/${repo}: ${r.why === 'resolve' ? 'DNS lookup error' : 'network error (check Internet connection and firewall)'}\n`;
    }
    const have = installed(c);
    if (verb === 'update') {
      ctx.stdout.write(out);
      ctx.stderr.write(err);
      if (!r.ok) {
        ctx.stdout.write(`${br}-0-g0000000 [https://${HOST}/alpine/${br}/main]\n${br}-0-g0000000 [https://${HOST}/alpine/${br}/community]\n`);
        ctx.stderr.write('2 unavailable, 0 stale; 15 distinct packages available\n');
        return { exit: 2 };
      }
      ctx.stdout.write(`${br}.3-0-g1d1c4f2f3ff [https://${HOST}/alpine/${br}/main]\n${br}.3-0-g4f2dd71b4b8 [https://${HOST}/alpine/${br}/community]\nOK: 25401 distinct packages available\n`);
      return { block: 'timer', untilMs: ctx.k.uptimeMs + 800 };
    }
    const { order, missing } = resolveDeps('apk', names, new Set(have));
    if (!r.ok || missing.length) {
      const bad = r.ok ? missing : names;
      ctx.stdout.write(out);
      ctx.stderr.write(err + 'ERROR: unable to select packages:\n' + bad.map((n) => `  ${n} (no such package):\n    required by: world[${n}]\n`).join(''));
      return { exit: 1 };
    }
    // A minimal alpine has 15 packages (an image may list fewer in its db).
    const total = Math.max(have.length, 15) + order.length;
    order.forEach((p, i) => {
      out += `(${i + 1}/${order.length}) Installing ${p.name} (${p.version})\n`;
      unpack(c, p);
    });
    if (order.length) out += 'Executing busybox-1.37.0-r12.trigger\n';
    const extra = order.reduce((a, p) => a + p.inst, 0);
    out += mib(c, extra, total) + '\n';
    if (order.length) fsWrite(ctx.k, ctx.pid, DB, order.map((p) => `P:${p.name}\nV:${p.version}\n\n`).join(''), { append: true });
    ctx.state = { out, code: 0 };
    ctx.stdout.write(out.slice(0, out.indexOf('\n', out.indexOf('community')) + 1));
    ctx.state.out = out.slice(out.indexOf('\n', out.indexOf('community')) + 1);
    return { block: 'timer', untilMs: ctx.k.uptimeMs + Math.max(300, Math.round(order.reduce((a, p) => a + p.dl, 0) / 8000)) };
  },
  resume(ctx): Outcome {
    const st = ctx.state;
    if (!st) return { exit: 0 };
    ctx.stdout.write(st.out);
    return { exit: st.code };
  },
};
