/**
 * systemctl start, stop and restart of the host's service units, and the
 * journal lines these jobs leave.
 *
 * Models: systemd 252 running a start job (fork the unit's ExecStart as a
 * child of PID 1 in the unit's cgroup, its stdout/stderr going to the
 * journal; a process that exits non-zero while starting fails the job:
 * "Job for docker.service failed because the control process exited with
 * error code." and the hint to `systemctl status` / `journalctl -xeu`, exit
 * 1; the unit is then "failed (Result: exit-code)") and a stop job (SIGTERM
 * to the main process, "Stopping ..."/"Deactivated successfully."/"Stopped
 * ..."). Which program fails and why is the program's business (dockerd
 * refusing a removed storage driver, for example): the job only sees its
 * exit status and what it wrote.
 * SIMPLIFICATIONS: the journal of these jobs is a text file per unit under
 * /run/systemd/sim (journald's binary files are not modelled) and a failed
 * start leaves a one-line record beside it; no Restart= retries or start rate
 * limits; the stop job (systemd.ts) looks every 100 ms whether the main
 * process has gone, and one still alive after TimeoutStopSec (90 s) gets
 * SIGKILL.
 */

import type { Ctx, FdTable } from '../types.ts';
import type { Userland } from '../userland.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { isErr } from '../../kernel/errno.ts';
import { kClone, kSetPgid } from '../kapi.ts';
import { mkdirCgroup } from '../../kernel/cgroup/dir.ts';
import { reap } from '../../kernel/process/exit.ts';
import { fsMkdir, fsRead, fsStat, fsWrite } from '../fsapi.ts';
import { MONTHS } from '../services/http.ts';
import { statusOf } from '../ul-state.ts';

/** How a unit's main process is started (its ExecStart). */
export interface UnitExec {
  comm: string;
  exe: string;
  argv: string[];
  /** Program id in the userland's registry. */
  program: string;
}

export const UNIT_EXEC: Readonly<Record<string, UnitExec>> = {
  docker: { comm: 'dockerd', exe: '/usr/bin/dockerd', argv: ['/usr/bin/dockerd', '-H', 'fd://', '--containerd=/run/containerd/containerd.sock'], program: 'dockerd' },
  containerd: { comm: 'containerd', exe: '/usr/bin/containerd', argv: ['/usr/bin/containerd'], program: 'containerd' },
  cron: { comm: 'cron', exe: '/usr/sbin/cron', argv: ['/usr/sbin/cron', '-f'], program: 'daemon' },
};

export const JOURNAL_DIR = '/run/systemd/sim';

/** The record a failed start leaves: what `systemctl status` shows. */
export interface FailedRecord {
  pid: number;
  status: number;
  atMs: number;
  exec: string;
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

function shortTime(epochMs: number): string {
  const d = new Date(epochMs);
  return `${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

function nowEpoch(k: Kernel): number {
  return k.state.clock.bootEpochMs + k.uptimeMs;
}

/** Append journal lines ("<ident>: <text>") of a unit, stamped now. */
export function journalAppend(ctx: Ctx, unit: string, lines: string[]): void {
  if (!lines.length) return;
  if (isErr(fsStat(ctx.k, 1, JOURNAL_DIR))) fsMkdir(ctx.k, 1, JOURNAL_DIR, 0o755);
  const at = shortTime(nowEpoch(ctx.k));
  const host = ctx.k.state.machine.hostname;
  fsWrite(ctx.k, 1, `${JOURNAL_DIR}/${unit}.journal`, lines.map((l) => `${at} ${host} ${l}\n`).join(''), { create: true, append: true, mode: 0o640 });
}

/** Before a unit's first job: keep its boot-time lines (already stamped) at the head of its journal. */
export function journalSeed(ctx: Ctx, unit: string, stamped: string[]): void {
  if (!isErr(fsStat(ctx.k, 1, `${JOURNAL_DIR}/${unit}.journal`))) return;
  if (isErr(fsStat(ctx.k, 1, JOURNAL_DIR))) fsMkdir(ctx.k, 1, JOURNAL_DIR, 0o755);
  fsWrite(ctx.k, 1, `${JOURNAL_DIR}/${unit}.journal`, stamped.map((l) => `${l}\n`).join(''), { create: true, mode: 0o640 });
}

/** Journal lines the jobs of a unit left, oldest first (null: no job ran yet). */
export function journalFile(ctx: Ctx, unit: string): string[] | null {
  const r = fsRead(ctx.k, 1, `${JOURNAL_DIR}/${unit}.journal`);
  return isErr(r) ? null : r.split('\n').filter(Boolean);
}

/** Journal lines the jobs of a unit left, oldest first. */
export function journalOf(ctx: Ctx, unit: string): string[] {
  const r = fsRead(ctx.k, 1, `${JOURNAL_DIR}/${unit}.journal`);
  return isErr(r) ? [] : r.split('\n').filter(Boolean);
}

export function failedRecord(ctx: Ctx, unit: string): FailedRecord | null {
  const r = fsRead(ctx.k, 1, `${JOURNAL_DIR}/${unit}.failed`);
  if (isErr(r) || !r.trim()) return null;
  try {
    return JSON.parse(r) as FailedRecord;
  } catch {
    return null;
  }
}

function setFailed(ctx: Ctx, unit: string, rec: FailedRecord | null): void {
  if (isErr(fsStat(ctx.k, 1, JOURNAL_DIR))) fsMkdir(ctx.k, 1, JOURNAL_DIR, 0o755);
  fsWrite(ctx.k, 1, `${JOURNAL_DIR}/${unit}.failed`, rec ? JSON.stringify(rec) : '', { create: true, mode: 0o644 });
}

function ensureCgroup(k: Kernel, path: string): void {
  let cur = '';
  for (const c of path.split('/').filter(Boolean)) {
    cur += '/' + c;
    if (!k.state.cgroup.byPath[cur]) mkdirCgroup(k, cur);
  }
}

/** Live processes of a unit's cgroup whose comm is the unit's main program. */
export function mainPids(ctx: Ctx, unit: string, comm: string): number[] {
  const cg = ctx.k.state.cgroup.byPath[`/system.slice/${unit}.service`];
  if (!cg) return [];
  return Object.keys(cg.procs)
    .map(Number)
    .filter((pid) => {
      const p = ctx.k.proc(pid);
      return !!p && p.state !== 'Z' && p.comm === comm;
    });
}

/** Send the stop signal to a unit's main processes; returns whether any was running. */
export function stopUnit(ctx: Ctx, unit: string, desc: string): boolean {
  const ex = UNIT_EXEC[unit];
  if (!ex) return false;
  const pids = mainPids(ctx, unit, ex.comm);
  if (!pids.length) return false;
  journalAppend(ctx, unit, [`systemd[1]: Stopping ${unit}.service - ${desc}...`]);
  const ul = ctx.ul as unknown as Userland;
  for (const pid of pids) ul.kill(1, pid, 15);
  return true;
}

/** After the stop signal: the stop job's closing lines (a main process still there gets SIGKILL, as after TimeoutStopSec). */
export function stopped(ctx: Ctx, unit: string, desc: string): void {
  const ex = UNIT_EXEC[unit];
  const ul = ctx.ul as unknown as Userland;
  if (ex) for (const pid of mainPids(ctx, unit, ex.comm)) ul.kill(1, pid, 9);
  journalAppend(ctx, unit, [`systemd[1]: ${unit}.service: Deactivated successfully.`, `systemd[1]: Stopped ${unit}.service - ${desc}.`]);
}

/** Start a unit's main process; null when it is running, else the error systemctl prints. */
export function startUnit(ctx: Ctx, unit: string, desc: string): string | null {
  const ex = UNIT_EXEC[unit];
  if (!ex) return `Failed to start ${unit}.service: Unit ${unit}.service not found.\n`;
  if (mainPids(ctx, unit, ex.comm).length) return null;
  const ul = ctx.ul as unknown as Userland;
  const k = ctx.k;
  const cgroup = `/system.slice/${unit}.service`;
  ensureCgroup(k, cgroup);
  journalAppend(ctx, unit, [`systemd[1]: Starting ${unit}.service - ${desc}...`]);
  const cap = ul.newCapture();
  const fds: FdTable = { 0: { k: 'null' }, 1: { k: 'cap', id: cap }, 2: { k: 'cap', id: cap } };
  const program = ul.registry[ex.program] ? ex.program : 'daemon';
  const pid = kClone(k, 1, { flags: 0, comm: ex.comm, argv: ex.argv, exe: ex.exe, env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8' }, program: { name: program, state: { fds, fl: 'gnu', s: null } }, cgroup });
  if (isErr(pid)) return `Failed to start ${unit}.service: ${pid.errno}\n`;
  kSetPgid(k, pid, pid, pid, null);
  ul.runMain(pid);
  ul.drain();
  const out = ul.takeCapture(cap);
  const ident = `${ex.comm}[${pid}]`;
  const logged = out.split('\n').filter(Boolean).map((l) => `${ident}: ${l}`);
  const p = k.proc(pid);
  if (p && p.state !== 'Z') {
    journalAppend(ctx, unit, [...logged, `systemd[1]: Started ${unit}.service - ${desc}.`]);
    setFailed(ctx, unit, null);
    return null;
  }
  const status = (p ? statusOf(p) : ul.exitStatus[pid]) || 1;
  if (p) reap(k, 1, pid);
  journalAppend(ctx, unit, [
    ...logged,
    `systemd[1]: ${unit}.service: Main process exited, code=exited, status=${status}/FAILURE`,
    `systemd[1]: ${unit}.service: Failed with result 'exit-code'.`,
    `systemd[1]: Failed to start ${unit}.service - ${desc}.`,
  ]);
  setFailed(ctx, unit, { pid, status, atMs: k.uptimeMs, exec: ex.argv.join(' ') });
  return `Job for ${unit}.service failed because the control process exited with error code.\nSee "systemctl status ${unit}.service" and "journalctl -xeu ${unit}.service" for details.\n`;
}
