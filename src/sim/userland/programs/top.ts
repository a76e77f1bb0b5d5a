/**
 * top: procps-ng 4.0.2 (`top -b -n 1`) and busybox top, one frame each.
 *
 * Models: procps's summary lines (uptime, users, load average from
 * /proc/loadavg; Tasks by state; %Cpu(s) from the cores the kernel's CPU
 * scheduler grants right now; MiB Mem and MiB Swap from /proc/meminfo) and
 * its task table (PID as wide as pid_max needs, USER, PR, NI, VIRT, RES,
 * SHR, S, %CPU, %MEM, TIME+, COMMAND cut to 10 with "+"), sorted by %CPU;
 * busybox's Mem/CPU/Load average lines and PID PPID USER STAT VSZ %VSZ %CPU
 * COMMAND table. Processes are those of the caller's PID namespace.
 * SIMPLIFICATIONS: no interactive screen: without -b on a terminal a frame
 * is printed every 3 s until ^C; SHR is 70% of RES; %CPU is the current share.
 */

import type { Ctx, Outcome, ProgramDef } from '../types.ts';
import type { Process } from '../../kernel/process/types.ts';
import { visibleProcesses, pidInNs, getppidAsSeenBy } from '../../kernel/process/pids.ts';
import { cpuShares } from '../../kernel/cgroup/cpu.ts';
import { fsRead } from '../fsapi.ts';
import { isErr } from '../../kernel/errno.ts';
import { nameDb } from './users.ts';
import { vszKb } from '../memory.ts';
import { cmdline } from './ps.ts';
import { ulOf } from './dial.ts';

function meminfo(ctx: Ctx): Record<string, number> {
  const text = fsRead(ctx.k, ctx.pid, '/proc/meminfo');
  const out: Record<string, number> = {};
  if (isErr(text)) return out;
  for (const l of text.split('\n')) {
    const m = /^(\w+(?:\(\w+\))?):\s+(\d+)/.exec(l);
    if (m) out[m[1] as string] = Number(m[2]);
  }
  return out;
}

function loadavg(ctx: Ctx): string[] {
  const text = fsRead(ctx.k, ctx.pid, '/proc/loadavg');
  return isErr(text) ? ['0.00', '0.00', '0.00', '1/1', '1'] : text.trim().split(/\s+/);
}

function uptimeText(ms: number): string {
  const mins = Math.floor(ms / 60000);
  const days = Math.floor(mins / 1440);
  const h = Math.floor((mins % 1440) / 60);
  const m = mins % 60;
  const hm = h ? `${String(h).padStart(2)}:${String(m).padStart(2, '0')}` : `${m} min`;
  return days ? `${days} day${days > 1 ? 's' : ''}, ${hm}` : hm;
}

function clock(ms: number): string {
  const d = new Date(ms);
  return [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

function timePlus(usec: number): string {
  const cs = Math.floor(usec / 10000);
  return `${Math.floor(cs / 6000)}:${String(Math.floor(cs / 100) % 60).padStart(2, '0')}.${String(cs % 100).padStart(2, '0')}`;
}

function procpsFrame(ctx: Ctx): string {
  const k = ctx.k;
  const me = k.proc(ctx.pid);
  const ns = me?.pidNs ?? k.state.ns.initial.pid;
  const procs = visibleProcesses(k, ns);
  const shares = cpuShares(k.state);
  const cpus = k.state.machine.cpus;
  const db = nameDb(k, ctx.pid);
  const la = loadavg(ctx);
  const users = new Set(procs.filter((p) => p.tty?.startsWith('pts/') && p.pid === p.sid).map((p) => p.tty)).size;
  const count = (f: (p: Process) => boolean) => procs.filter(f).length;
  const running = count((p) => p.state === 'R' || p.pid === ctx.pid);
  const stopped = count((p) => p.state === 'T');
  const zombie = count((p) => p.state === 'Z');
  const busy = Object.values(shares).reduce((a, b) => a + b, 0);
  const us = Math.min(100, (busy / cpus) * 100);
  const mi = meminfo(ctx);
  const mib = (kb: number | undefined) => ((kb ?? 0) / 1024).toFixed(1).padStart(8);
  const total = mi.MemTotal ?? 0;
  const free = mi.MemFree ?? 0;
  const cache = (mi.Buffers ?? 0) + (mi.Cached ?? 0) + (mi.SReclaimable ?? 0);
  let out = `top - ${clock(k.nowMs)} up ${uptimeText(k.uptimeMs)},  ${users} user${users === 1 ? '' : 's'},  load average: ${la[0]}, ${la[1]}, ${la[2]}\n`;
  out += `Tasks: ${String(procs.length).padStart(3)} total, ${String(running).padStart(3)} running, ${String(procs.length - running - stopped - zombie).padStart(3)} sleeping, ${String(stopped).padStart(3)} stopped, ${String(zombie).padStart(3)} zombie\n`;
  out += `%Cpu(s):${us.toFixed(1).padStart(5)} us,  0.0 sy,  0.0 ni,${(100 - us).toFixed(1).padStart(5)} id,  0.0 wa,  0.0 hi,  0.0 si,  0.0 st \n`;
  out += `MiB Mem : ${mib(total)} total, ${mib(free)} free, ${mib(total - free - cache)} used, ${mib(cache)} buff/cache     \n`;
  out += `MiB Swap: ${mib(mi.SwapTotal)} total, ${mib(mi.SwapFree)} free, ${mib((mi.SwapTotal ?? 0) - (mi.SwapFree ?? 0))} used. ${mib(mi.MemAvailable)} avail Mem \n\n`;
  const pidW = Math.max(5, String(k.state.proc.pidMax).length);
  out += `${'PID'.padStart(pidW)} USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND\n`;
  const rows = procs
    .map((p) => ({ p, cpu: (shares[p.pid] ?? 0) * 100 }))
    .sort((a, b) => b.cpu - a.cpu || a.p.pid - b.p.pid);
  const ul = ulOf(ctx);
  for (const { p, cpu } of rows) {
    const user = db.user(p.cred.euid) ?? String(p.cred.euid);
    const res = Math.round(p.rssBytes / 1024);
    const virt = vszKb(p, ul.flavourOf(p.pid));
    const name = p.comm.length > 10 ? `${p.comm.slice(0, 9)}+` : p.comm;
    const pr = p.kthread && /^kworker\/R|^rcu_g|^netns|^mm_percpu/.test(p.comm) ? '  0' : ' 20';
    out += `${String(pidInNs(k, p.pid, ns) ?? 0).padStart(pidW)} ${(user.length > 8 ? `${user.slice(0, 7)}+` : user).padEnd(8)} ${pr} ${'0'.padStart(3)} ${String(virt).padStart(7)} ${String(res).padStart(6)} ${String(Math.round(res * 0.7)).padStart(6)} ${p.state} ${cpu.toFixed(1).padStart(5)} ${((p.rssBytes / (total * 1024 || 1)) * 100).toFixed(1).padStart(5)} ${timePlus(p.cpuUsageUsec).padStart(9)} ${name}\n`;
  }
  return out;
}

function busyboxFrame(ctx: Ctx): string {
  const k = ctx.k;
  const me = k.proc(ctx.pid);
  const ns = me?.pidNs ?? k.state.ns.initial.pid;
  const procs = visibleProcesses(k, ns);
  const shares = cpuShares(k.state);
  const cpus = k.state.machine.cpus;
  const mi = meminfo(ctx);
  const total = mi.MemTotal ?? 0;
  const free = mi.MemFree ?? 0;
  const la = loadavg(ctx);
  const busy = Math.round((Object.values(shares).reduce((a, b) => a + b, 0) / cpus) * 100);
  const db = nameDb(k, ctx.pid);
  const ul = ulOf(ctx);
  let out = `Mem: ${total - free}K used, ${free}K free, ${mi.Shmem ?? 0}K shrd, ${mi.Buffers ?? 0}K buff, ${mi.Cached ?? 0}K cached\n`;
  out += `CPU: ${String(busy).padStart(3)}% usr   0% sys   0% nic ${String(100 - busy).padStart(3)}% idle   0% io   0% irq   0% sirq\n`;
  out += `Load average: ${la.join(' ')}\n`;
  out += '  PID  PPID USER     STAT   VSZ %VSZ %CPU COMMAND\n';
  const rows = procs.map((p) => ({ p, cpu: (shares[p.pid] ?? 0) * 100 })).sort((a, b) => b.cpu - a.cpu || b.p.pid - a.p.pid);
  for (const { p, cpu } of rows) {
    const vsz = vszKb(p, ul.flavourOf(p.pid));
    const vs = vsz >= 100000 ? `${(vsz / 1024).toFixed(1)}m` : String(vsz);
    const stat = (p.state + (p.pid === p.sid && !p.kthread ? '' : '')).padEnd(4);
    const line = `${String(pidInNs(k, p.pid, ns) ?? 0).padStart(5)} ${String(getppidAsSeenBy(k, p.pid, ns)).padStart(5)} ${(db.user(p.cred.euid) ?? String(p.cred.euid)).slice(0, 8).padEnd(8)} ${stat} ${vs.padStart(5)} ${String(Math.round((vsz / (total || 1)) * 100)).padStart(3)}% ${String(Math.round(cpu / cpus)).padStart(3)}% ${cmdline(p)}`;
    out += line.slice(0, 200) + '\n';
  }
  return out;
}

interface TopState {
  left: number | null;
  bb: boolean;
}

function frame(ctx: Ctx<TopState>): Outcome {
  const st = ctx.state;
  ctx.stdout.write(st.bb ? busyboxFrame(ctx as Ctx) : procpsFrame(ctx as Ctx));
  if (st.left !== null) {
    st.left--;
    if (st.left <= 0) return { exit: 0 };
    if (!st.bb) ctx.stdout.write('\n');
  }
  return { block: 'timer', untilMs: ctx.k.uptimeMs + 3000, periodic: true };
}

export const topProgram: ProgramDef<TopState> = {
  id: 'top',
  catches: [2],
  main(ctx) {
    const args = ctx.argv.slice(1);
    let n: number | null = null;
    for (let i = 0; i < args.length; i++) {
      const a = args[i] as string;
      if (a === '-n') n = Number(args[++i]);
      else if (/^-n\d+$/.test(a)) n = Number(a.slice(2));
      else if (/^-b?n\d*$/.test(a)) n = Number(a.replace(/^-b?n/, '') || args[++i]);
    }
    ctx.state = { left: n, bb: ctx.flavour === 'busybox' };
    return frame(ctx);
  },
  resume: (ctx) => frame(ctx),
  onSignal: () => ({ exit: 0 }),
};
