/**
 * The guest operating systems a VM can run: what `--os-variant` names
 * (libosinfo short ids, as `osinfo-query os` lists them) and what the guest
 * looks like once booted: its kernel identity (uname -r / -v, or Windows'
 * `ver`), /etc/os-release, its NIC's name, the services its init starts, how
 * much disk an installed copy takes and how long each boot stage lasts.
 *
 * SIMPLIFICATIONS:
 * - Boot stage durations are an illustrative split of the reference's
 *   20–60 s range for a general-purpose VM (no primary source; see figures.ts).
 * - Linux guests share the host's Debian-layout userland programs; only the
 *   identity files (os-release, hostname) and the service list differ.
 * - Default memory and vCPUs are the simulator's, not libosinfo's recommendations.
 */

import { FIGURES, GiB } from './figures.ts';

export type VmStage = 'firmware' | 'bootloader' | 'kernel' | 'init' | 'services';

export const VM_STAGES: readonly VmStage[] = ['firmware', 'bootloader', 'kernel', 'init', 'services'];

export type GuestOsId = 'ubuntu22.04' | 'ubuntu24.04' | 'debian12' | 'win2k22';

/** A service the guest's init starts (a stand-in daemon process in the guest kernel). */
export interface GuestService {
  comm: string;
  exe: string;
  argv: string[];
  cgroup: string;
  tty?: string;
}

export interface GuestOs {
  id: GuestOsId;
  family: 'linux' | 'windows';
  /** PRETTY_NAME / the product name. */
  name: string;
  /** uname -r (Linux) or the NT version (Windows). */
  release: string;
  /** uname -v, or the `ver` banner's version for Windows. */
  version: string;
  osRelease: string | null;
  /** Bytes an installed copy occupies in the disk image (qcow2 allocation). */
  diskBytes: number;
  defaultMemoryMiB: number;
  defaultVcpus: number;
  /** The virtio NIC's name inside the guest (predictable naming on q35: enp1s0). */
  nicName: string;
  /** ms per boot stage with hardware assists (KVM). */
  bootMs: Readonly<Record<VmStage, number>>;
  /** What each stage is called for this OS (for the views). */
  stageLabels: Readonly<Record<VmStage, string>>;
  /** ACPI power button to power-off, ms. */
  shutdownMs: number;
  services: readonly GuestService[];
}

const LINUX_LABELS: Record<VmStage, string> = {
  firmware: 'Firmware (SeaBIOS/OVMF POST)',
  bootloader: 'Bootloader (GRUB)',
  kernel: 'Linux kernel',
  init: 'init (systemd)',
  services: 'Services',
};

/** Illustrative split of a ~28 s general-purpose Linux boot (FIGURES.vmBoot: 20–60 s, no primary source). */
const LINUX_BOOT: Record<VmStage, number> = { firmware: 2000, bootloader: 1500, kernel: 3000, init: 7500, services: 14000 };

function ubuntuRelease(pretty: string, versionId: string, version: string, codename: string): string {
  return `PRETTY_NAME="${pretty}"
NAME="Ubuntu"
VERSION_ID="${versionId}"
VERSION="${version}"
VERSION_CODENAME=${codename}
ID=ubuntu
ID_LIKE=debian
HOME_URL="https://www.ubuntu.com/"
SUPPORT_URL="https://help.ubuntu.com/"
BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
UBUNTU_CODENAME=${codename}
`;
}

const DEBIAN_RELEASE = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
`;

const SYS = '/system.slice';

/** A server install's services (Ubuntu/Debian cloud images): journald, udev, networkd, resolved, cron, sshd, gettys. */
function linuxServices(resolved: boolean): GuestService[] {
  const s: GuestService[] = [
    { comm: 'systemd-journal', exe: '/usr/lib/systemd/systemd-journald', argv: ['/lib/systemd/systemd-journald'], cgroup: `${SYS}/systemd-journald.service` },
    { comm: 'systemd-udevd', exe: '/usr/lib/systemd/systemd-udevd', argv: ['/lib/systemd/systemd-udevd'], cgroup: `${SYS}/systemd-udevd.service` },
    { comm: 'systemd-network', exe: '/usr/lib/systemd/systemd-networkd', argv: ['/lib/systemd/systemd-networkd'], cgroup: `${SYS}/systemd-networkd.service` },
  ];
  if (resolved) s.push({ comm: 'systemd-resolve', exe: '/usr/lib/systemd/systemd-resolved', argv: ['/lib/systemd/systemd-resolved'], cgroup: `${SYS}/systemd-resolved.service` });
  s.push(
    { comm: 'cron', exe: '/usr/sbin/cron', argv: ['/usr/sbin/cron', '-f', '-P'], cgroup: `${SYS}/cron.service` },
    { comm: 'sshd', exe: '/usr/sbin/sshd', argv: ['sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups'], cgroup: `${SYS}/ssh.service` },
    { comm: 'agetty', exe: '/usr/sbin/agetty', argv: ['/sbin/agetty', '-o', '-p -- \\u', '--noclear', 'tty1', 'linux'], cgroup: `${SYS}/system-getty.slice/getty@tty1.service`, tty: 'tty1' },
  );
  return s;
}

const WINDOWS_LABELS: Record<VmStage, string> = {
  firmware: 'Firmware (OVMF UEFI)',
  bootloader: 'Windows Boot Manager',
  kernel: 'NT kernel (ntoskrnl.exe)',
  init: 'Session Manager (smss.exe, wininit.exe)',
  services: 'Service Control Manager (services.exe)',
};

export const GUEST_OSES: Readonly<Record<GuestOsId, GuestOs>> = {
  'ubuntu22.04': {
    id: 'ubuntu22.04',
    family: 'linux',
    name: 'Ubuntu 22.04.4 LTS',
    release: '5.15.0-105-generic',
    version: '#115-Ubuntu SMP Mon Apr 15 09:52:04 UTC 2024',
    osRelease: ubuntuRelease('Ubuntu 22.04.4 LTS', '22.04', '22.04.4 LTS (Jammy Jellyfish)', 'jammy'),
    diskBytes: Math.round(FIGURES.guestDiskUbuntu.value * GiB),
    defaultMemoryMiB: 2048,
    defaultVcpus: 2,
    nicName: 'enp1s0',
    bootMs: LINUX_BOOT,
    stageLabels: LINUX_LABELS,
    shutdownMs: 3000,
    services: linuxServices(true),
  },
  'ubuntu24.04': {
    id: 'ubuntu24.04',
    family: 'linux',
    name: 'Ubuntu 24.04 LTS',
    release: '6.8.0-31-generic',
    version: '#31-Ubuntu SMP PREEMPT_DYNAMIC Sat Apr 20 00:40:06 UTC 2024',
    osRelease: ubuntuRelease('Ubuntu 24.04 LTS', '24.04', '24.04 LTS (Noble Numbat)', 'noble'),
    diskBytes: Math.round(FIGURES.guestDiskUbuntu.value * GiB),
    defaultMemoryMiB: 2048,
    defaultVcpus: 2,
    nicName: 'enp1s0',
    bootMs: LINUX_BOOT,
    stageLabels: LINUX_LABELS,
    shutdownMs: 3000,
    services: linuxServices(true),
  },
  debian12: {
    id: 'debian12',
    family: 'linux',
    name: 'Debian GNU/Linux 12 (bookworm)',
    release: '6.1.0-18-amd64',
    version: '#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)',
    osRelease: DEBIAN_RELEASE,
    diskBytes: Math.round(1.6 * GiB),
    defaultMemoryMiB: 1024,
    defaultVcpus: 1,
    nicName: 'enp1s0',
    bootMs: { ...LINUX_BOOT, bootloader: 5000 },
    stageLabels: LINUX_LABELS,
    shutdownMs: 3000,
    services: linuxServices(false),
  },
  win2k22: {
    id: 'win2k22',
    family: 'windows',
    name: 'Windows Server 2022 Standard',
    release: '10.0.20348',
    version: '10.0.20348.2340',
    osRelease: null,
    diskBytes: Math.round(FIGURES.guestDiskWindows.value * GiB),
    defaultMemoryMiB: 4096,
    defaultVcpus: 2,
    nicName: 'Ethernet',
    bootMs: { firmware: 3000, bootloader: 2000, kernel: 8000, init: 12000, services: 20000 },
    stageLabels: WINDOWS_LABELS,
    shutdownMs: 10000,
    services: [],
  },
};

export function isGuestOsId(s: string): s is GuestOsId {
  return Object.prototype.hasOwnProperty.call(GUEST_OSES, s);
}

/** Total boot time of a guest OS, ms, optionally with every stage scaled (no hardware assist: TCG). */
export function bootTotalMs(os: GuestOs, scale = 1): number {
  let t = 0;
  for (const s of VM_STAGES) t += stageMs(os, s, scale);
  return t;
}

/** One stage's duration, scaled by `scale` (the TCG illustration multiplies every stage). */
export function stageMs(os: GuestOs, stage: VmStage, scale = 1): number {
  return Math.round(os.bootMs[stage] * scale);
}
