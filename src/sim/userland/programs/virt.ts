/**
 * Tools that tell what a machine is: lsmod (kmod 30, lsmod(8)), which formats
 * /proc/modules, and systemd-detect-virt (systemd 252, systemd-detect-virt(1)),
 * which says whether it runs in a container or a VM.
 *
 * Models: lsmod's table ("%-19s %8s  %s", the users after the count);
 * systemd-detect-virt checking for a container first (the `container=`
 * variable of PID 1's environment, /run/.containerenv for podman, /.dockerenv
 * for docker), then for a VM (the CPUID hypervisor bit, read here from the
 * `hypervisor` flag in /proc/cpuinfo: KVM's signature "KVMKVMKVM" gives
 * `kvm`), printing `none` and exiting 1 when it finds neither; -c/--container,
 * -v/--vm, -q/--quiet.
 * SIMPLIFICATIONS: every hypervisor is KVM (no DMI vendor strings, no Xen,
 * VMware or Hyper-V signatures); containers are docker, podman or what
 * PID 1's container= says.
 */

import type { Ctx, ProgramDef } from '../types.ts';
import { fsRead, fsStat } from '../fsapi.ts';
import { isErr } from '../../kernel/errno.ts';

export const lsmodProgram: ProgramDef<null> = {
  id: 'lsmod',
  main(ctx) {
    const text = fsRead(ctx.k, ctx.pid, '/proc/modules');
    if (isErr(text)) {
      ctx.stderr.write('libkmod: ERROR ../libkmod/libkmod-module.c:1967 kmod_module_new_from_loaded: could not open /proc/modules: No such file or directory\nError: could not get list of modules: No such file or directory\n');
      return { exit: 1 };
    }
    let out = 'Module                  Size  Used by\n';
    for (const line of text.split('\n')) {
      const [name, size, count, users] = line.split(' ');
      if (!name || size === undefined) continue;
      const holders = users && users !== '-' ? ' ' + users.replace(/,$/, '') : '';
      out += `${name.padEnd(19)} ${size.padStart(8)}  ${count ?? '0'}${holders}\n`;
    }
    ctx.stdout.write(out);
    return { exit: 0 };
  },
};

/** The container technology this process runs in, or null. */
function detectContainer(ctx: Ctx): string | null {
  const env = fsRead(ctx.k, ctx.pid, '/proc/1/environ');
  if (!isErr(env)) {
    const m = /(?:^|\0)container=([^\0]*)/.exec(env);
    if (m && m[1]) return m[1];
  }
  if (!isErr(fsStat(ctx.k, ctx.pid, '/run/.containerenv'))) return 'podman';
  if (!isErr(fsStat(ctx.k, ctx.pid, '/.dockerenv'))) return 'docker';
  return null;
}

/** The hypervisor under this machine's CPU, or null on bare metal. */
function detectVm(ctx: Ctx): string | null {
  const cpu = fsRead(ctx.k, ctx.pid, '/proc/cpuinfo');
  if (isErr(cpu)) return null;
  const flags = /^flags\s*:\s*(.*)$/m.exec(cpu)?.[1]?.split(' ') ?? [];
  return flags.includes('hypervisor') ? 'kvm' : null;
}

export const systemdDetectVirtProgram: ProgramDef<null> = {
  id: 'systemd-detect-virt',
  main(ctx) {
    let mode: 'any' | 'container' | 'vm' = 'any';
    let quiet = false;
    for (const a of ctx.argv.slice(1)) {
      if (a === '-c' || a === '--container') mode = 'container';
      else if (a === '-v' || a === '--vm') mode = 'vm';
      else if (a === '-q' || a === '--quiet') quiet = true;
      else {
        ctx.stderr.write(a.startsWith('--') ? `systemd-detect-virt: unrecognized option '${a}'\n` : `systemd-detect-virt: invalid option -- '${a.slice(1, 2)}'\n`);
        return { exit: 1 };
      }
    }
    const found = (mode !== 'vm' ? detectContainer(ctx) : null) ?? (mode !== 'container' ? detectVm(ctx) : null);
    if (!quiet) ctx.stdout.write(`${found ?? 'none'}\n`);
    return { exit: found ? 0 : 1 };
  },
};

export const VIRT_PROGRAMS = [lsmodProgram, systemdDetectVirtProgram];
