/**
 * kill(1) (procps-ng 4.0.2) and the shell's kill builtin: send a signal to
 * processes or process groups named by their PID in the sender's PID namespace.
 *
 * Models: kill(2) permission and ESRCH errors as each tool words them, `kill -l`
 * lists (bash's numbered table, procps's name list), negative PIDs for groups.
 * SIMPLIFICATIONS: no -q (sigqueue value), no -L table for busybox.
 */

import type { Kernel } from '../../kernel/kernel.ts';
import { signalNumber, signalName, standardSignals, SIGRTMIN, SIGRTMAX } from '../../kernel/signals.ts';
import { hostPidOf } from '../../kernel/process/pids.ts';
import { strerror, type Errno } from '../../kernel/errno.ts';
import type { Userland } from '../userland.ts';
import type { ProgramDef } from '../types.ts';

export type KillStyle = 'bash' | 'procps' | 'busybox' | 'ash';

function allSignals(): Array<{ number: number; name: string }> {
  const out = standardSignals();
  for (let n = SIGRTMIN; n <= SIGRTMAX; n++) out.push({ number: n, name: signalName(n) ?? `SIG${n}` });
  return out;
}

/** bash's `kill -l` table. */
export function bashSignalTable(): string {
  const sigs = allSignals();
  let outText = '';
  sigs.forEach((s, i) => {
    outText += `${String(s.number).padStart(2)}) ${s.name}`;
    outText += (i + 1) % 5 === 0 || i === sigs.length - 1 ? (i === sigs.length - 1 && (i + 1) % 5 !== 0 ? '\t\n' : '\n') : '\t';
  });
  return outText;
}

/** procps `kill -l`: names without SIG, 16 per line. */
export function procpsSignalList(): string {
  const names = standardSignals().map((s) => (s.name === 'SIGIO' ? 'POLL' : s.name.slice(3)));
  const lines: string[] = [];
  for (let i = 0; i < names.length; i += 16) lines.push(names.slice(i, i + 16).join(' '));
  return lines.join('\n') + '\n';
}

export interface KillIo {
  out(s: string): void;
  err(s: string): void;
  /** Resolve %job to a process group id (shell builtin only). */
  job?(spec: string): number | null;
}

/** Run kill with arguments (without argv[0]); returns the exit status. */
export function runKill(k: Kernel, ul: Userland, pid: number, args: string[], style: KillStyle, io: KillIo, argv0 = 'kill'): number {
  const who = style === 'bash' || style === 'ash' ? `${style === 'ash' ? 'sh' : 'bash'}: kill: ` : `${argv0}: `;
  let sig = 15;
  let i = 0;
  if (args.length === 0) {
    if (style === 'bash') io.err(`${who.slice(0, -2)}: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n`);
    else io.err(style === 'procps' ? `\nUsage:\n kill [options] <pid> [...]\n` : 'kill: usage: kill [-s SIG] PID\n');
    return style === 'bash' ? 2 : 1;
  }
  const a0 = args[0] as string;
  if (a0 === '-l' || a0 === '-L' || a0 === '--list') {
    const rest = args.slice(1);
    if (rest.length === 0) {
      io.out(style === 'bash' ? bashSignalTable() : procpsSignalList());
      return 0;
    }
    let status = 0;
    for (const r of rest) {
      if (/^[0-9]+$/.test(r)) {
        const n = Number(r) > 128 ? Number(r) - 128 : Number(r);
        const name = signalName(n);
        if (name) io.out(`${name.slice(3)}\n`);
        else {
          io.err(`${who}${r}: invalid signal specification\n`);
          status = 1;
        }
      } else {
        const n = signalNumber(r);
        if (n === null) {
          io.err(`${who}${r}: invalid signal specification\n`);
          status = 1;
        } else io.out(`${n}\n`);
      }
    }
    return status;
  }
  if (a0 === '-s' || a0 === '-n' || a0 === '--signal') {
    const spec = args[1] ?? '';
    const n = signalNumber(spec);
    if (n === null) {
      io.err(style === 'procps' ? `${who}unknown signal name ${spec}\n` : `${who}${spec}: invalid signal specification\n`);
      return 1;
    }
    sig = n;
    i = 2;
  } else if (/^-/.test(a0) && a0 !== '--' && !/^-[0-9]+$/.test(a0) ? true : /^-[0-9]+$/.test(a0) && args.length > 1) {
    const spec = a0.slice(1);
    const n = signalNumber(spec);
    if (n === null) {
      io.err(style === 'procps' ? `${who}unknown signal name ${spec}\n` : `${who}${spec}: invalid signal specification\n`);
      return 1;
    }
    sig = n;
    i = 1;
  }
  if (args[i] === '--') i++;
  const targets = args.slice(i);
  if (!targets.length) {
    io.err(style === 'bash' ? `${who.slice(0, -2)}: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n` : `\nUsage:\n kill [options] <pid> [...]\n`);
    return style === 'bash' ? 2 : 1;
  }
  const me = k.proc(pid);
  let status = 0;
  for (const t of targets) {
    let hostTargets: number[] = [];
    let shown = t;
    if (t.startsWith('%') && io.job) {
      const pg = io.job(t);
      if (pg === null) {
        io.err(`${who}${t}: no such job\n`);
        status = 1;
        continue;
      }
      hostTargets = groupMembers(k, pg);
    } else if (/^-?[0-9]+$/.test(t)) {
      const n = Number(t);
      const ns = me?.pidNs;
      if (n > 0) {
        const hp = ns === undefined ? n : hostPidOf(k, ns, n);
        hostTargets = hp === null ? [] : [hp];
      } else if (n < -1) {
        const hp = ns === undefined ? -n : hostPidOf(k, ns, -n);
        hostTargets = hp === null ? [] : groupMembers(k, k.proc(hp)?.pgid ?? hp);
      } else if (n === -1) {
        hostTargets = Object.values(k.state.proc.byPid)
          .filter((p) => p.pid !== pid && p.pid !== 1 && !p.kthread && p.pidNs === me?.pidNs)
          .map((p) => p.pid as number);
      } else {
        hostTargets = groupMembers(k, me?.pgid ?? 0);
      }
      shown = t;
    } else {
      io.err(style === 'bash' ? `${who}${t}: arguments must be process or job IDs\n` : `${who}failed to parse argument: '${t}'\n`);
      status = 1;
      continue;
    }
    if (!hostTargets.length) {
      report(io, style, who, shown, 'ESRCH');
      status = 1;
      continue;
    }
    for (const hp of hostTargets) {
      const r = ul.kill(pid, hp, sig);
      if (r && 'errno' in r) {
        report(io, style, who, shown, r.errno);
        status = 1;
      }
    }
  }
  return status;
}

function report(io: KillIo, style: KillStyle, who: string, t: string, e: Errno): void {
  if (style === 'bash' || style === 'ash') io.err(style === 'ash' ? `${who}can't kill pid ${t}: ${strerror(e)}\n` : `${who}(${t}) - ${strerror(e)}\n`);
  else if (style === 'busybox') io.err(`${who}can't kill pid ${t}: ${strerror(e)}\n`);
  else io.err(`${who}(${t}): ${strerror(e)}\n`);
}

function groupMembers(k: Kernel, pgid: number): number[] {
  return Object.values(k.state.proc.byPid)
    .filter((p) => p.pgid === pgid && p.state !== 'Z')
    .map((p) => p.pid as number);
}

export const killProgram: ProgramDef<null> = {
  id: 'kill',
  main(ctx) {
    const ul = ctx.ul as unknown as Userland;
    const status = runKill(ctx.k, ul, ctx.pid, ctx.argv.slice(1), ctx.flavour === 'busybox' ? 'busybox' : 'procps', { out: (s) => ctx.stdout.write(s), err: (s) => ctx.stderr.write(s) }, ctx.argv[0] ?? 'kill');
    return { exit: status };
  },
};
