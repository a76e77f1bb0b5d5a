/**
 * dnf5 on Fedora 41: `dnf install -y PKG...` (also as `dnf` and `yum`).
 *
 * Models: loading the repositories through the kernel's network
 * ("Updating and loading repositories:" ... "Repositories loaded."), the
 * transaction table (Package / Arch / Version / Repository / Size), the
 * summary, the download and install progress lines and "Complete!";
 * "Package \"x\" is already installed."; the failure texts when the mirror
 * cannot be reached or a package does not exist ("No match for argument");
 * files unpacked into the filesystem and recorded in /var/lib/rpm; root
 * being required; virtual time for the download.
 * SIMPLIFICATIONS: the progress columns show fixed speeds; one repository
 * (updates) provides every package.
 */

import type { Ctx, Outcome, ProgramDef } from '../types.ts';
import { isErr } from '../../kernel/errno.ts';
import { fsRead, fsWrite } from '../fsapi.ts';
import { resolveDeps } from './catalogue.ts';
import { mkdirP, reach, unpack } from './unpack.ts';

const HOST = 'mirrors.fedoraproject.org';
const DB = '/var/lib/rpm/installed.sim';

function kib(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
}

function release(ctx: Ctx): string {
  const os = fsRead(ctx.k, ctx.pid, '/etc/os-release');
  return (isErr(os) ? '' : /^VERSION_ID=(\d+)/m.exec(os)?.[1]) ?? '41';
}

interface DnfState {
  out: string;
  code: number;
}

export const dnfProgram: ProgramDef<DnfState | null> = {
  id: 'dnf',
  main(ctx) {
    const c = ctx as Ctx;
    const args = ctx.argv.slice(1);
    const verb = args.find((a) => !a.startsWith('-'));
    const names = args.slice(args.indexOf(verb ?? '') + 1).filter((a) => !a.startsWith('-'));
    const yes = args.some((a) => a === '-y' || a === '--assumeyes');
    if (verb !== 'install') {
      ctx.stderr.write(verb ? `Unknown argument "${verb}" for command "dnf5". Add "--help" for more information about the arguments.\n` : 'Missing command. Add "--help" for more information about the arguments.\n');
      return { exit: 2 };
    }
    if (ctx.k.proc(ctx.pid)?.cred.euid !== 0) {
      ctx.stderr.write('This command has to be run with superuser privileges (under the root user on most systems).\n');
      return { exit: 1 };
    }
    const v = release(c);
    let out = 'Updating and loading repositories:\n';
    const r = reach(c, HOST, 443);
    if (!r.ok) {
      out += ` Fedora ${v} - x86_64                     100% |   0.0   B/s |   0.0   B |  00m30s\n>>> Curl error (6): Could not resolve hostname for https://${HOST}/metalink?repo=fedora-${v}&arch=x86_64 [Could not resolve host: ${HOST}]\n`;
      ctx.state = { out, code: 1 };
      ctx.stderr.write('');
      return { block: 'timer', untilMs: ctx.k.uptimeMs + 30_000 };
    }
    out += ` Fedora ${v} - x86_64 - Updates           100% |   5.4 MiB/s |   9.5 MiB |  00m02s\n Fedora ${v} - x86_64                     100% |  10.2 MiB/s |  35.4 MiB |  00m03s\nRepositories loaded.\n`;
    const have = fsRead(c.k, c.pid, DB);
    const installed = new Set(isErr(have) ? [] : have.split('\n').filter(Boolean));
    const { order, missing } = resolveDeps('rpm', names, installed);
    if (missing.length) {
      ctx.state = { out: out + `Failed to resolve the transaction:\n${missing.map((n) => `No match for argument: ${n}\n`).join('')}You can try to add to command line:\n  --skip-unavailable to skip unavailable packages\n`, code: 1 };
      return { block: 'timer', untilMs: ctx.k.uptimeMs + 5000 };
    }
    if (!order.length) {
      ctx.state = { out: out + names.map((n) => `Package "${n}" is already installed.\n`).join('') + '\nNothing to do.\n', code: 0 };
      return { block: 'timer', untilMs: ctx.k.uptimeMs + 5000 };
    }
    out += 'Package                     Arch   Version                     Repository      Size\nInstalling:\n';
    for (const p of order) out += ` ${p.name.padEnd(27)} x86_64 ${p.version.padEnd(27)} updates  ${kib(p.inst).padStart(12)}\n`;
    const dl = order.reduce((a, p) => a + p.dl, 0);
    const inst = order.reduce((a, p) => a + p.inst, 0);
    out += `\nTransaction Summary:\n Installing:       ${String(order.length).padStart(3)} package${order.length > 1 ? 's' : ''}\n\n`;
    out += `Total size of inbound packages is ${kib(dl)}. Need to download ${kib(dl)}.\nAfter this operation, ${kib(inst)} extra will be used (install ${kib(inst)}, remove 0 B).\n`;
    if (!yes) {
      ctx.state = { out: out + 'Is this ok [y/N]: Operation aborted by the user.\n', code: 1 };
      return { block: 'timer', untilMs: ctx.k.uptimeMs + 5000 };
    }
    const n = order.length;
    order.forEach((p, i) => {
      out += `[${i + 1}/${n}] ${`${p.name}-0:${p.version}.x86_64`.padEnd(34).slice(0, 34)} 100% |   1.2 MiB/s | ${kib(p.dl).padStart(9)} |  00m00s\n`;
    });
    out += `${'-'.repeat(80)}\n[${n}/${n}] Total                             100% |   2.1 MiB/s | ${kib(dl).padStart(9)} |  00m01s\nRunning transaction\n`;
    out += `[1/${n + 2}] Verify package files              100% | 500.0   B/s |   ${n}.0   B |  00m00s\n[2/${n + 2}] Prepare transaction               100% |  38.0   B/s |   ${n}.0   B |  00m00s\n`;
    order.forEach((p, i) => {
      out += `[${i + 3}/${n + 2}] Installing ${p.name}-0:${p.version}.x86_64 100% |  11.0 MiB/s | ${kib(p.inst).padStart(9)} |  00m00s\n`;
      unpack(c, p);
    });
    out += 'Complete!\n';
    mkdirP(c, '/var/lib/rpm');
    fsWrite(c.k, c.pid, DB, order.map((p) => p.name + '\n').join(''), { append: true });
    ctx.state = { out, code: 0 };
    return { block: 'timer', untilMs: ctx.k.uptimeMs + 5000 + Math.round(dl / 2000) };
  },
  resume(ctx): Outcome {
    const st = ctx.state;
    if (!st) return { exit: 0 };
    ctx.stdout.write(st.out);
    return { exit: st.code };
  },
};
