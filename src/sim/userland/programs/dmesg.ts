/**
 * dmesg(1), util-linux 2.38.1 (and busybox dmesg): print the kernel ring
 * buffer (syslog(2) SYSLOG_ACTION_READ_ALL).
 *
 * Models: reading the buffer needs CAP_SYSLOG in the initial user namespace
 * because Debian kernels set kernel.dmesg_restrict=1, so an unprivileged user
 * and a Docker container (whose default capability set has no CAP_SYSLOG)
 * get `dmesg: read kernel buffer failed: Operation not permitted` (busybox:
 * `dmesg: klogctl: Operation not permitted`), exit 1. The buffer holds a
 * boot log built from the machine: its kernel version and command line,
 * memory, CPU count and model (from /proc/cpuinfo), the hypervisor, the root
 * filesystem, systemd and the host name, the bridge messages Docker's start
 * causes. `-T` prints wall-clock times from the boot time, `-t` none.
 * SIMPLIFICATIONS: the kernel keeps no printk log, so later messages (veth
 * ports entering forwarding state, OOM kills) are not shown; no -w, -c, --level.
 */

import type { Ctx, ProgramDef } from '../types.ts';
import { fsRead } from '../fsapi.ts';
import { isErr } from '../../kernel/errno.ts';
import { hasCap } from '../../kernel/caps/caps.ts';
import { progName } from './args.ts';
import { strftime } from './sysinfo.ts';

/** [microseconds since boot, message] of the boot log. */
export function bootLog(ctx: Ctx): Array<[number, string]> {
  const m = ctx.k.state.machine;
  const read = (p: string) => {
    const t = fsRead(ctx.k, ctx.pid, p);
    return isErr(t) ? '' : t;
  };
  const version = read('/proc/version').trim() || `Linux version ${m.release} ${m.version}`;
  const cmdline = read('/proc/cmdline').trim() || `BOOT_IMAGE=/boot/vmlinuz-${m.release} root=/dev/sda1 ro quiet`;
  const cpuinfo = read('/proc/cpuinfo');
  const field = (k: string) => new RegExp(`^${k}\\s*: (.*)$`, 'm').exec(cpuinfo)?.[1] ?? '';
  const hyper = /\bhypervisor\b/.test(field('flags'));
  const kb = Math.floor(m.memTotalBytes / 1024);
  const hex = (s: string) => `0x${Number(s || 0).toString(16)}`;
  const vendor = field('vendor_id') === 'AuthenticAMD' ? 'AMD' : 'Intel';
  const log: Array<[number, string]> = [
    [0, version],
    [0, `Command line: ${cmdline}`],
    [0, 'x86/fpu: x87 FPU will use FXSAVE'],
    [0, 'BIOS-provided physical RAM map:'],
    [0, 'NX (Execute Disable) protection: active'],
  ];
  if (hyper) log.push([0, 'DMI: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014'], [0, 'Hypervisor detected: KVM']);
  log.push(
    [3_117, `Memory: ${kb - 196_608}K/${kb}K available (14342K kernel code, 2336K rwdata, 9260K rodata, 2800K init, 17436K bss, 196608K reserved, 0K cma-reserved)`],
    [9_872, `smpboot: Allowing ${m.cpus} CPUs, 0 hotplug CPUs`],
    [112_405, `smpboot: CPU0: ${vendor} ${field('model name')} (family: ${hex(field('cpu family'))}, model: ${hex(field('model'))}, stepping: ${hex(field('stepping'))})`],
    [131_870, `smp: Brought up 1 node, ${m.cpus} CPUs`],
    [150_012, 'devtmpfs: initialized'],
    [412_331, 'NET: Registered PF_INET protocol family'],
    [1_046_902, 'Freeing unused kernel image (initmem) memory: 2800K'],
    [1_047_513, 'Run /init as init process'],
    [1_702_660, 'EXT4-fs (sda1): mounted filesystem with ordered data mode. Quota mode: none.'],
    [2_011_845, 'systemd[1]: systemd 252.38-1~deb12u1 running in system mode (+PAM +AUDIT +SELINUX +APPARMOR +IMA +SMACK +SECCOMP +GCRYPT -GNUTLS +OPENSSL +ACL +BLKID +CURL +ELFUTILS +FIDO2 +IDN2 -IDN +IPTC +KMOD +LIBCRYPTSETUP +LIBFDISK +PCRE2 -PWQUALITY +P11KIT +QRENCODE +TPM2 +BZIP2 +LZ4 +XZ +ZLIB +ZSTD -BPF_FRAMEWORK -XKBCOMMON +UTMP +SYSVINIT default-hierarchy=unified)'],
  );
  if (hyper) log.push([2_011_960, 'systemd[1]: Detected virtualization kvm.']);
  log.push(
    [2_011_971, 'systemd[1]: Detected architecture x86-64.'],
    [2_013_208, `systemd[1]: Hostname set to <${m.hostname}>.`],
    [2_389_114, 'EXT4-fs (sda1): re-mounted. Quota mode: none.'],
    [4_127_550, 'bridge: filtering via arp/ip/ip6tables is no longer available by default. Update your scripts to load br_netfilter if you need this.'],
    [4_131_091, 'Bridge firewalling registered'],
    [4_402_137, 'Initializing XFRM netlink socket'],
  );
  return log;
}

export const dmesgProgram: ProgramDef<null> = {
  id: 'dmesg',
  main(ctx) {
    const name = progName(ctx, 'dmesg');
    const bb = ctx.flavour === 'busybox';
    const p = ctx.k.proc(ctx.pid);
    const allowed = !!p && p.ns.user === ctx.k.state.ns.initial.user && hasCap(p.caps.effective, 'CAP_SYSLOG');
    if (!allowed) {
      ctx.stderr.write(bb ? `${name}: klogctl: Operation not permitted\n` : `${name}: read kernel buffer failed: Operation not permitted\n`);
      return { exit: 1 };
    }
    const args = ctx.argv.slice(1).join(' ');
    const human = /(^|\s)(-\w*T|--ctime)/.test(args);
    const none = /(^|\s)(-\w*t|--notime)/.test(args);
    const boot = ctx.k.state.clock.bootEpochMs;
    const out = bootLog(ctx).map(([us, msg]) => {
      if (none) return msg;
      if (human) return `[${strftime('%a %b %e %H:%M:%S %Y', boot + Math.floor(us / 1000))}] ${msg}`;
      return `[${String(Math.floor(us / 1e6)).padStart(5)}.${String(us % 1e6).padStart(6, '0')}] ${msg}`;
    });
    ctx.stdout.write(out.join('\n') + '\n');
    return { exit: 0 };
  },
};
