/**
 * virt-install: create a VM from the command line (virt-install(1),
 * virt-manager's virtinst 4.1 as in Debian 12).
 *
 * Models: `virt-install --name N --memory MiB --vcpus N --disk size=GB
 * --os-variant ubuntu22.04 --import [--noautoconsole | --graphics none]`:
 * its WARNING/ERROR lines ("%-8s %s" log format), "Starting install...", the
 * progress meter lines for allocating the disk image and creating the domain,
 * then either "Domain creation completed." (--noautoconsole) or the serial
 * console it runs through `virsh --connect qemu:///system console NAME`.
 * Without VT-x/AMD-V it warns that KVM is not available and uses plain QEMU.
 * SIMPLIFICATIONS:
 * - Only --import installs are modelled: the disk comes with the guest OS
 *   already on it (as a cloud image would); --cdrom/--location are refused.
 * - --disk takes size= (and ignores path=, format=, bus=); --network is ignored
 *   (always libvirt's default network).
 * - Without --graphics none or --noautoconsole, the real tool waits for the
 *   install (--wait -1) after warning that virt-viewer is missing; here it
 *   warns and returns as with --noautoconsole.
 * - The "OS name is required" error keeps only its first sentence.
 */

import type { Ctx, Outcome, ProgramDef } from '../../userland/types.ts';
import { CONNECT_ERROR, virCall } from './client.ts';
import { meterEnd } from './format.ts';
import { GUEST_OSES, isGuestOsId } from '../guest-os.ts';

interface VirtInstallState {
  child: number | null;
}

type C = Ctx<VirtInstallState>;

const USAGE = 'usage: virt-install --name NAME --memory MB STORAGE INSTALL [options]\n';

const VALUE_FLAGS = new Set(['--name', '-n', '--memory', '--ram', '-r', '--vcpus', '--disk', '--os-variant', '--osinfo', '--graphics', '--network', '-w', '--virt-type', '--boot', '--cdrom', '-c', '--location', '-l', '--console', '--serial', '--cpu', '--wait', '--noreboot']);
const BOOL_FLAGS = new Set(['--import', '--noautoconsole', '--autoconsole', '--dry-run', '--transient', '--noreboot', '--hvm']);

function error(c: C, msg: string): Outcome {
  c.stderr.write(`ERROR    ${msg}\n`);
  return { exit: 1 };
}

/** "2048" or "memory=2048" or "2,maxvcpus=4" → the leading number. */
function num(v: string | undefined, key: string): number | null {
  if (v === undefined) return null;
  const m = new RegExp(`(?:^|,)(?:${key}=)?(\\d+)`).exec(v);
  return m ? Number(m[1]) : null;
}

function parse(argv: string[]): { opts: Record<string, string>; flags: Set<string>; bad: string[] } {
  const opts: Record<string, string> = {};
  const flags = new Set<string>();
  const bad: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const eq = a.indexOf('=');
    const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    if (BOOL_FLAGS.has(name) && eq < 0) flags.add(name);
    else if (VALUE_FLAGS.has(name)) opts[name] = eq > 0 && a.startsWith('--') ? a.slice(eq + 1) : (argv[++i] ?? '');
    else bad.push(a);
  }
  return { opts, flags, bad };
}

export const virtInstallProgram: ProgramDef<VirtInstallState> = {
  id: 'virt-install',
  main(ctx) {
    const c = ctx as C;
    c.state = { child: null };
    const { opts, flags, bad } = parse(ctx.argv.slice(1));
    if (bad.length) {
      c.stderr.write(`${USAGE}virt-install: error: unrecognized arguments: ${bad.join(' ')}\n`);
      return { exit: 2 };
    }
    const name = opts['--name'] ?? opts['-n'];
    if (!name) return error(c, '--name is required');
    const osName = opts['--os-variant'] ?? opts['--osinfo'];
    if (!osName) return error(c, '\n--os-variant/--osinfo OS name is required, but no value was\nset or detected.');
    const osId = osName.replace(/^(name|short-id)=/, '').split(',')[0] ?? '';
    if (!isGuestOsId(osId)) return error(c, `Unknown OS name '${osId}'. See \`osinfo-query os\` for valid values.`);
    const os = GUEST_OSES[osId];
    if (opts['--cdrom'] || opts['-c'] || opts['--location'] || opts['-l']) return error(c, 'Only --import installs are supported by this simulator.');
    if (!flags.has('--import')) return error(c, 'An install method must be specified\n(--location URL, --cdrom CD/ISO, --pxe, --import, --boot hd|cdrom|...)');
    if (opts['--disk'] === undefined) return error(c, '--disk storage must be specified (override with --disk none)');
    const diskGB = num(opts['--disk'], 'size');
    if (diskGB === null || diskGB <= 0) return error(c, `Unknown --disk options: ['${opts['--disk']}']`);
    const memoryMiB = num(opts['--memory'] ?? opts['--ram'] ?? opts['-r'], 'memory') ?? os.defaultMemoryMiB;
    const vcpus = num(opts['--vcpus'], 'vcpus') ?? os.defaultVcpus;

    const caps = virCall(c, { op: 'capabilities' });
    if (caps === null) {
      c.stderr.write(`ERROR    ${CONNECT_ERROR.split('\n')[1]?.replace(/^error: /, '') ?? ''}\n`);
      return { exit: 1 };
    }
    const existing = virCall(c, { op: 'lookup', name });
    if (existing?.ok) return error(c, `Guest name '${name}' is already in use.`);
    let out = '';
    if (caps.ok && caps.kvm === false) out += "WARNING  KVM acceleration not available, using 'qemu'\n";
    const graphicsNone = (opts['--graphics'] ?? '').split(',')[0] === 'none';
    const autoconsole = !flags.has('--noautoconsole') && graphicsNone;
    if (!flags.has('--noautoconsole') && !graphicsNone) {
      out += "WARNING  Unable to connect to graphical console: virt-viewer not installed. Please install the 'virt-viewer' package.\n";
      out += 'WARNING  No console to launch for the guest, defaulting to --wait -1\n';
    }
    out += '\nStarting install...\n';
    const def = virCall(c, { op: 'define', spec: { name, memoryMiB, vcpus, diskGB, os: osId } });
    if (!def?.ok || !def.domain) {
      c.stdout.write(out);
      return error(c, def && !def.ok ? def.error.message : 'internal error');
    }
    const disk = def.domain.vm.disk.path;
    out += meterEnd(`Allocating '${disk.slice(disk.lastIndexOf('/') + 1)}'`, diskGB * 1024 ** 3);
    const st = virCall(c, { op: 'start', name });
    out += meterEnd('Creating domain...', null);
    c.stdout.write(out);
    if (!st?.ok) return error(c, st && !st.ok ? st.error.message : 'internal error');
    if (autoconsole) {
      c.stdout.write(`Running text console command: virsh --connect qemu:///system console ${name}\n`);
      const child = ctx.ul.spawn(ctx.pid, { argv: ['virsh', '--connect', 'qemu:///system', 'console', name], fds: ctx.fds });
      if (typeof child === 'number') {
        c.state = { child };
        return { block: 'child', pid: child };
      }
    }
    c.stdout.write('Domain creation completed.\n');
    return { exit: 0 };
  },
  resume(ctx, why) {
    if (why.kind !== 'child') return { block: 'child', pid: (ctx.state as VirtInstallState).child ?? -1 };
    ctx.stdout.write('Domain creation completed.\n');
    return { exit: 0 };
  },
};
