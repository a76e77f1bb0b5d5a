/**
 * systemctl (status, is-active, is-enabled) and journalctl -u for the host's
 * systemd 252 units: docker, containerd, ssh, cron, systemd-journald,
 * systemd-udevd.
 *
 * Models `systemctl status UNIT`'s layout: "● docker.service - Docker
 * Application Container Engine", Loaded, Active (since the main process
 * started, "Xmin Ys ago" in virtual time), TriggeredBy, Docs, Main PID,
 * Tasks (pids.current), Memory (memory.current), CPU (cpu.stat usage), and
 * the CGroup tree of the unit's cgroup read from the kernel, then the last
 * journal lines; a dead unit shows "inactive (dead)" (exit 3), an unknown
 * one "Unit x.service could not be found." (exit 4). journalctl -u prints
 * the unit's start-up log in the short format.
 * start/stop/restart run jobs (systemctl-jobs.ts): a start that fails
 * leaves the unit "failed (Result: exit-code)" with the process's status.
 * SIMPLIFICATIONS: the journal holds each unit's start-up lines and what the
 * jobs logged.
 */

import type { Ctx, ProgramDef } from '../types.ts';
import type { Process } from '../../kernel/process/types.ts';
import { cmdline } from './ps.ts';
import { MONTHS } from '../services/http.ts';
import { failedRecord, journalFile, journalSeed, mainPids, startUnit, stopUnit, stopped, UNIT_EXEC } from './systemctl-jobs.ts';

interface Unit {
  desc: string;
  comm: string;
  docs: string;
  triggeredBy?: string;
  file: string;
  journal: (p: Process, t: (ms: number) => string) => string[];
}

function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

const DOCKER_VERSION = '28.2.2';

const UNITS: Readonly<Record<string, Unit>> = {
  docker: {
    desc: 'Docker Application Container Engine',
    comm: 'dockerd',
    docs: 'https://docs.docker.com',
    triggeredBy: 'docker.socket',
    file: '/lib/systemd/system/docker.service',
    journal: (p, t) => {
      const msg = (m: string, extra = '') => `dockerd[${p.pid}]: time="${t(p.startMs)}" level=info msg="${m}"${extra}`;
      return [
        msg('Starting up'),
        msg('[graphdriver] using prior storage driver: overlay2'),
        msg('Loading containers: start.'),
        msg('Loading containers: done.'),
        msg('Docker daemon', ` commit=e10904a containerd-snapshotter=false storage-driver=overlay2 version=${DOCKER_VERSION}`),
        msg('Initializing buildkit'),
        msg('Completed buildkit initialization'),
        msg('Daemon has completed initialization'),
        msg('API listen on /run/docker.sock'),
      ];
    },
  },
  containerd: {
    desc: 'containerd container runtime',
    comm: 'containerd',
    docs: 'https://containerd.io',
    file: '/lib/systemd/system/containerd.service',
    journal: (p, t) => [
      `containerd[${p.pid}]: time="${t(p.startMs)}" level=info msg="starting containerd" revision=05044ec0a9a75232cad458027ca83437aae3f4da version=1.7.27`,
      `containerd[${p.pid}]: time="${t(p.startMs)}" level=info msg=serving... address=/run/containerd/containerd.sock`,
      `containerd[${p.pid}]: time="${t(p.startMs)}" level=info msg="containerd successfully booted in 0.031337s"`,
    ],
  },
  ssh: { desc: 'OpenBSD Secure Shell server', comm: 'sshd', docs: 'man:sshd(8)\n             man:sshd_config(5)', file: '/lib/systemd/system/ssh.service', journal: (p) => [`sshd[${p.pid}]: Server listening on 0.0.0.0 port 22.`, `sshd[${p.pid}]: Server listening on :: port 22.`] },
  cron: { desc: 'Regular background program processing daemon', comm: 'cron', docs: 'man:cron(8)', file: '/lib/systemd/system/cron.service', journal: (p) => [`cron[${p.pid}]: (CRON) INFO (pidfile fd = 3)`, `cron[${p.pid}]: (CRON) INFO (Running @reboot jobs)`] },
  'systemd-journald': { desc: 'Journal Service', comm: 'systemd-journal', docs: 'man:systemd-journald.service(8)\n             man:journald.conf(5)', file: '/lib/systemd/system/systemd-journald.service', journal: () => [] },
  'systemd-udevd': { desc: 'Rule-based Manager for Device Events and Files', comm: 'systemd-udevd', docs: 'man:systemd-udevd.service(8)\n             man:udev(7)', file: '/lib/systemd/system/systemd-udevd.service', journal: () => [] },
};

function unitName(arg: string): string {
  return arg.replace(/\.service$/, '');
}

function ago(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}min ${s % 60}s ago`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${m % 60}min ago`;
  const d = Math.floor(h / 24);
  return `${d} day${d > 1 ? 's' : ''} ${h % 24}h ago`;
}

function stamp(ms: number): string {
  const d = new Date(ms);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const two = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]} ${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC`;
}

function shortTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

function human(bytes: number): string {
  if (bytes < 1024) return `${bytes}B`;
  const units = ['K', 'M', 'G', 'T'];
  let v = bytes;
  let i = -1;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)}${units[i]}`;
}

/** The unit's processes: its cgroup and every cgroup below it. */
function unitProcs(ctx: Ctx, path: string): Process[] {
  const cg = ctx.k.state.cgroup.byPath;
  const out: Process[] = [];
  for (const c of Object.values(cg)) {
    if (c.path !== path && !c.path.startsWith(path + '/')) continue;
    for (const pid of Object.keys(c.procs)) {
      const p = ctx.k.proc(Number(pid));
      if (p && p.state !== 'Z') out.push(p);
    }
  }
  return out.sort((a, b) => a.pid - b.pid);
}

function journalLines(ctx: Ctx, name: string, u: Unit, main: Process | undefined): string[] {
  const jobs = journalFile(ctx, name);
  if (jobs) return jobs;
  const host = ctx.k.state.machine.hostname;
  const t0 = ctx.k.state.clock.bootEpochMs;
  const when = main ? t0 + main.startMs : t0;
  const lines = main ? u.journal(main, (ms) => rfc3339(t0 + ms)) : [];
  return [`systemd[1]: Starting ${name}.service - ${u.desc}...`, ...lines, `systemd[1]: Started ${name}.service - ${u.desc}.`].map((l) => `${shortTime(when)} ${host} ${l}`);
}

function status(ctx: Ctx, arg: string): number {
  const name = unitName(arg);
  const u = UNITS[name];
  if (!u) {
    ctx.stderr.write(`Unit ${name}.service could not be found.\n`);
    return 4;
  }
  const path = `/system.slice/${name}.service`;
  const procs = unitProcs(ctx, path);
  const main = procs.find((p) => p.comm === u.comm) ?? procs[0];
  const dot = ctx.stdout.isatty ? '\x1b[0;1;32m●\x1b[0m' : '●';
  let out = `${main ? dot : '○'} ${name}.service - ${u.desc}\n`;
  out += `     Loaded: loaded (${u.file}; enabled; preset: enabled)\n`;
  if (!main) {
    const failed = failedRecord(ctx, name);
    if (failed) {
      const at = ctx.k.state.clock.bootEpochMs + failed.atMs;
      out = `${ctx.stdout.isatty ? '\x1b[0;1;31m×\x1b[0m' : '×'} ${name}.service - ${u.desc}\n${out.slice(out.indexOf('\n') + 1)}`;
      out += `     Active: failed (Result: exit-code) since ${stamp(at)}; ${ago(ctx.k.uptimeMs - failed.atMs)}\n`;
      if (u.triggeredBy) out += `TriggeredBy: ● ${u.triggeredBy}\n`;
      out += `       Docs: ${u.docs}\n`;
      out += `    Process: ${failed.pid} ExecStart=${failed.exec} (code=exited, status=${failed.status}/FAILURE)\n`;
      out += `   Main PID: ${failed.pid} (code=exited, status=${failed.status}/FAILURE)\n`;
      out += `        CPU: 52ms\n`;
      const j = journalLines(ctx, name, u, undefined);
      if (j.length) out += '\n' + j.slice(-10).join('\n') + '\n';
      ctx.stdout.write(out);
      return 3;
    }
    out += `     Active: inactive (dead)\n`;
    ctx.stdout.write(out);
    return 3;
  }
  const cg = ctx.k.state.cgroup.byPath[path];
  const started = ctx.k.state.clock.bootEpochMs + main.startMs;
  out += `     Active: active (running) since ${stamp(started)}; ${ago(ctx.k.uptimeMs - main.startMs)}\n`;
  if (u.triggeredBy) out += `TriggeredBy: ● ${u.triggeredBy}\n`;
  out += `       Docs: ${u.docs}\n`;
  out += `   Main PID: ${main.pid} (${main.comm})\n`;
  const limit = cg && cg.pidsMax !== 'max' ? ` (limit: ${cg.pidsMax})` : '';
  out += `      Tasks: ${cg?.pidsCurrent ?? procs.length}${limit}\n`;
  out += `     Memory: ${human(cg?.memoryCurrent ?? 0)}\n`;
  const usec = procs.reduce((a, p) => a + p.cpuUsageUsec, 0);
  out += `        CPU: ${usec >= 1e6 ? `${(usec / 1e6).toFixed(3)}s` : `${Math.round(usec / 1000)}ms`}\n`;
  out += `     CGroup: ${path}\n`;
  procs.forEach((p, i) => {
    out += `             ${i === procs.length - 1 ? '└─' : '├─'}${p.pid} ${cmdline(p)}\n`;
  });
  const j = journalLines(ctx, name, u, main);
  if (j.length) out += '\n' + j.slice(-10).join('\n') + '\n';
  ctx.stdout.write(out);
  return 0;
}

interface JobState {
  verb: 'stop' | 'restart';
  units: string[];
  /** When the stop job gives up waiting and sends SIGKILL (TimeoutStopSec, 90 s by default). */
  killAtMs: number;
}

/** DefaultTimeoutStopSec (the docker, containerd and cron units set none). */
const TIMEOUT_STOP_MS = 90_000;
/** How often the stop job looks whether the main process has gone. */
const STOP_POLL_MS = 100;

/** start/stop/restart: stop jobs first (SIGTERM, then a moment for the process to go), then start jobs. */
function runJobs(ctx: Ctx<JobState | null>, verb: string, units: string[], afterStop: boolean): ReturnType<NonNullable<ProgramDef<null>['main']>> {
  for (const n of units) {
    if (!UNITS[n] || !UNIT_EXEC[n]) {
      ctx.stderr.write(`Failed to ${verb} ${n}.service: Unit ${n}.service not found.\n`);
      return { exit: 5 };
    }
  }
  if (!afterStop && verb !== 'start') {
    let any = false;
    for (const n of units) {
      const u = UNITS[n] as Unit;
      const procs = unitProcs(ctx, `/system.slice/${n}.service`);
      journalSeed(ctx, n, journalLines(ctx, n, u, procs.find((p) => p.comm === u.comm) ?? procs[0]));
      if (stopUnit(ctx, n, u.desc)) any = true;
    }
    ctx.state = { verb: verb as JobState['verb'], units, killAtMs: ctx.k.uptimeMs + TIMEOUT_STOP_MS };
    if (any) return { block: 'timer', untilMs: ctx.k.uptimeMs + STOP_POLL_MS };
  }
  if (afterStop) {
    // Wait for the main processes to exit (dockerd stops its containers first), up to TimeoutStopSec.
    const killAt = ctx.state?.killAtMs ?? 0;
    const waiting = units.some((n) => mainPids(ctx, n, (UNIT_EXEC[n] as { comm: string }).comm).length > 0);
    if (waiting && ctx.k.uptimeMs < killAt) return { block: 'timer', untilMs: Math.min(killAt, ctx.k.uptimeMs + STOP_POLL_MS) };
    for (const n of units) stopped(ctx, n, (UNITS[n] as Unit).desc);
  }
  if (verb === 'stop') return { exit: 0 };
  let code = 0;
  for (const n of units) {
    const u = UNITS[n] as Unit;
    const procs = unitProcs(ctx, `/system.slice/${n}.service`);
    journalSeed(ctx, n, journalLines(ctx, n, u, procs.find((p) => p.comm === u.comm) ?? procs[0]));
    const err = startUnit(ctx, n, u.desc);
    if (err) {
      ctx.stderr.write(err);
      code = 1;
    }
  }
  return { exit: code };
}

export const systemctlProgram: ProgramDef<JobState | null> = {
  id: 'systemctl',
  resume(ctx) {
    const st = ctx.state;
    if (!st) return { exit: 0 };
    return runJobs(ctx, st.verb, st.units, true);
  },
  main(ctx) {
    const args = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
    const verb = args[0] ?? 'list-units';
    if (verb === 'start' || verb === 'stop' || verb === 'restart') {
      if (args.length < 2) {
        ctx.stderr.write(`Too few arguments.\n`);
        return { exit: 1 };
      }
      return runJobs(ctx, verb, args.slice(1).map(unitName), false);
    }
    if (verb === 'status') {
      let code = 0;
      for (const u of args.slice(1)) code = Math.max(code, status(ctx, u));
      return { exit: code };
    }
    if (verb === 'is-active' || verb === 'is-enabled') {
      let code = 0;
      for (const a of args.slice(1)) {
        const name = unitName(a);
        const u = UNITS[name];
        const up = !!u && unitProcs(ctx, `/system.slice/${name}.service`).length > 0;
        ctx.stdout.write(verb === 'is-enabled' ? (u ? 'enabled\n' : `Failed to get unit file state for ${name}.service: No such file or directory\n`) : up ? 'active\n' : 'inactive\n');
        if (verb === 'is-active' ? !up : !u) code = verb === 'is-active' ? 3 : 1;
      }
      return { exit: code };
    }
    ctx.stderr.write(`systemctl: ${verb} is not simulated\n`);
    return { exit: 1 };
  },
};

export const journalctlProgram: ProgramDef<null> = {
  id: 'journalctl',
  main(ctx) {
    const args = ctx.argv.slice(1);
    const ui = args.findIndex((a) => a === '-u' || a === '--unit');
    const arg = ui >= 0 ? args[ui + 1] : args.find((a) => a.startsWith('--unit='))?.slice(7);
    if (!arg) {
      ctx.stderr.write('journalctl: only -u UNIT is simulated\n');
      return { exit: 1 };
    }
    const name = unitName(arg);
    const u = UNITS[name];
    if (!u) {
      ctx.stdout.write('-- No entries --\n');
      return { exit: 0 };
    }
    const procs = unitProcs(ctx, `/system.slice/${name}.service`);
    const main = procs.find((p) => p.comm === u.comm) ?? procs[0];
    let lines = journalLines(ctx, name, u, main);
    const ni = args.indexOf('-n');
    if (ni >= 0) lines = lines.slice(-Number(args[ni + 1] ?? 10));
    ctx.stdout.write(lines.join('\n') + '\n');
    return { exit: 0 };
  },
};
