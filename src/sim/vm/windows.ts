/**
 * A Windows Server 2022 guest, kept deliberately small: its own kernel identity
 * (NT 10.0.20348), its own process list (System, smss.exe, csrss.exe,
 * services.exe, lsass.exe, svchost.exe ...) and a cmd.exe-like shell with
 * `ver`, `hostname`, `tasklist`, `whoami`, `echo`, `cls` and `exit`.
 *
 * Why it is here: a Windows container needs a Windows kernel to share; a Linux
 * host has none (dockerd refuses: image operating system "windows" cannot be
 * used on this platform; reference §8), so a Linux host runs Windows containers
 * inside a Windows VM.
 * SIMPLIFICATIONS:
 * - Not the Linux kernel model: a plain process list and a line interpreter.
 * - The serial console opens cmd.exe directly (real Windows offers the
 *   Special Administration Console, SAC>, on its serial port).
 * - Commands other than the ones above answer as cmd does for an unknown
 *   command (exit status 9009); Docker is not installed in the guest.
 */

import type { GuestOs } from './guest-os.ts';
import type { Guest, GuestConsole, GuestLease, GuestRunResult, GuestSnapshot } from './guest.ts';
import type { RngState } from '../host/rng.ts';
import { nextInt } from '../host/rng.ts';
import { clonePlain } from '../kernel/plain.ts';

export interface WinProcess {
  image: string;
  pid: number;
  session: 'Services' | 'Console';
  sessionNo: number;
  memKb: number;
}

export interface WindowsState {
  hostname: string;
  build: string;
  uptimeMs: number;
  ready: boolean;
  procs: WinProcess[];
  nextPid: number;
  ip: string | null;
  memTotalBytes: number;
}

const KERNEL_PROCS: Array<[string, WinProcess['session'], number, number]> = [
  ['System Idle Process', 'Services', 0, 8],
  ['System', 'Services', 0, 148],
  ['Registry', 'Services', 0, 48556],
  ['smss.exe', 'Services', 0, 1196],
];

const SERVICE_PROCS: Array<[string, WinProcess['session'], number, number]> = [
  ['csrss.exe', 'Services', 0, 5268],
  ['wininit.exe', 'Services', 0, 6820],
  ['csrss.exe', 'Console', 1, 4956],
  ['services.exe', 'Services', 0, 9720],
  ['lsass.exe', 'Services', 0, 18044],
  ['winlogon.exe', 'Console', 1, 11688],
  ['svchost.exe', 'Services', 0, 24264],
  ['fontdrvhost.exe', 'Console', 1, 3960],
  ['fontdrvhost.exe', 'Services', 0, 3412],
  ['svchost.exe', 'Services', 0, 12936],
  ['svchost.exe', 'Services', 0, 8012],
  ['svchost.exe', 'Services', 0, 16880],
  ['dwm.exe', 'Console', 1, 38200],
  ['svchost.exe', 'Services', 0, 10404],
  ['spoolsv.exe', 'Services', 0, 13772],
  ['MsMpEng.exe', 'Services', 0, 198440],
  ['WmiPrvSE.exe', 'Services', 0, 19276],
  ['cmd.exe', 'Console', 1, 4120],
  ['conhost.exe', 'Console', 1, 11004],
];

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A new Windows guest: the name Windows setup gives a machine (WIN- and 11 random characters). */
export function createWindowsState(rng: RngState, os: GuestOs, memoryMiB: number): WindowsState {
  let suffix = '';
  for (let i = 0; i < 11; i++) suffix += UPPER[nextInt(rng, UPPER.length)];
  const procs: WinProcess[] = KERNEL_PROCS.map(([image, session, sessionNo, memKb], i) => ({ image, pid: [0, 4, 108, 356][i] ?? 0, session, sessionNo, memKb }));
  return { hostname: `WIN-${suffix}`, build: os.version, uptimeMs: 0, ready: false, procs, nextPid: 460, ip: null, memTotalBytes: memoryMiB * 1024 * 1024 };
}

/** 48556 -> "48,556" (tasklist's thousands separator in the en-US locale). */
function group(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function tasklist(s: WindowsState): string {
  const rows = [...s.procs, { image: 'tasklist.exe', pid: s.nextPid, session: 'Console' as const, sessionNo: 1, memKb: 8644 }];
  const line = (a: string, b: string, c: string, d: string, e: string) => `${a.padEnd(25)} ${b.padStart(8)} ${c.padEnd(16)} ${d.padStart(11)} ${e.padStart(12)}`;
  const out = ['', line('Image Name', 'PID', 'Session Name', 'Session#', 'Mem Usage'), '========================= ======== ================ =========== ============'];
  for (const p of rows) out.push(line(p.image.slice(0, 25), String(p.pid), p.session, String(p.sessionNo), `${group(p.memKb)} K`));
  return out.join('\n') + '\n';
}

export const WIN_PROMPT = 'C:\\Users\\Administrator>';

/** cmd.exe, reduced: one line in, its output and %ERRORLEVEL% out. */
export function cmdLine(s: WindowsState, line: string): GuestRunResult {
  const t = line.trim();
  const [cmd = '', ...rest] = t.split(/\s+/);
  const c = cmd.toLowerCase().replace(/\.exe$/, '');
  switch (c) {
    case '':
    case 'cls':
    case 'exit':
      return { stdout: '', stderr: '', exitCode: 0 };
    case 'ver':
      return { stdout: `\nMicrosoft Windows [Version ${s.build}]\n`, stderr: '', exitCode: 0 };
    case 'hostname':
      return { stdout: `${s.hostname}\n`, stderr: '', exitCode: 0 };
    case 'whoami':
      return { stdout: `${s.hostname.toLowerCase()}\\administrator\n`, stderr: '', exitCode: 0 };
    case 'echo':
      return { stdout: `${rest.join(' ')}\n`, stderr: '', exitCode: 0 };
    case 'tasklist':
      return { stdout: tasklist(s), stderr: '', exitCode: 0 };
    default:
      return { stdout: '', stderr: `'${cmd}' is not recognized as an internal or external command,\noperable program or batch file.\n`, exitCode: 9009 };
  }
}

export class WindowsGuest implements Guest {
  readonly kind = 'windows';
  state: WindowsState;

  constructor(
    readonly os: GuestOs,
    state: WindowsState,
  ) {
    this.state = clonePlain(state);
  }

  get ready(): boolean {
    return this.state.ready;
  }

  startServices(lease: GuestLease): void {
    if (this.state.ready) return;
    for (const [image, session, sessionNo, memKb] of SERVICE_PROCS) {
      this.state.procs.push({ image, pid: this.state.nextPid, session, sessionNo, memKb });
      this.state.nextPid += 4 * (7 + (this.state.nextPid % 5));
    }
    this.state.ip = lease.ip;
    this.state.ready = true;
  }

  run(line: string): GuestRunResult {
    if (!this.state.ready) return { stdout: '', stderr: 'guest is not up yet\n', exitCode: 255 };
    return cmdLine(this.state, line);
  }

  uptimeMs(): number {
    return this.state.uptimeMs;
  }

  advanceTo(uptimeMs: number): void {
    if (uptimeMs > this.state.uptimeMs) this.state.uptimeMs = uptimeMs;
  }

  cpuDemand(): number {
    return 0;
  }

  usedBytes(): number {
    return this.state.procs.reduce((a, p) => a + p.memKb * 1024, 0);
  }

  processCount(): number {
    return this.state.procs.length;
  }

  console(): GuestConsole {
    let buf = '';
    const crlf = (s: string) => s.replace(/\n/g, '\r\n');
    return {
      attach: () => `\r\n${WIN_PROMPT}`,
      input: (data) => {
        let out = '';
        for (const ch of data) {
          if (ch === '\r' || ch === '\n') {
            const r = this.run(buf);
            buf = '';
            out += `\r\n${crlf(r.stdout + r.stderr)}\r\n${WIN_PROMPT}`;
          } else if (ch === '\x7f' || ch === '\b') {
            if (buf) {
              buf = buf.slice(0, -1);
              out += '\b \b';
            }
          } else if (ch >= ' ') {
            buf += ch;
            out += ch;
          }
        }
        return out;
      },
      detach: () => {},
    };
  }

  snapshot(): GuestSnapshot {
    return { kind: 'windows', state: clonePlain(this.state) };
  }
}
