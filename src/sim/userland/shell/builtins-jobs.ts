/**
 * Job-control and signal builtins: jobs, fg, bg, wait, kill, trap.
 * SIMPLIFICATIONS: no stopped jobs (no ^Z), so bg only reports; job specs %n,
 * %+, %%, %- and %string prefix.
 */

import type { Builtin } from './builtins.ts';
import type { Sh } from './interp.ts';
import { err, out, childDone, effFds } from './interp.ts';
import { nsPid, hostPid } from './sh.ts';
import { prefix } from './messages.ts';
import type { JobEntry } from './state.ts';
import { runKill } from '../programs/kill.ts';
import { signalNumber, signalName } from '../../kernel/signals.ts';
import { kSetDisposition } from '../kapi.ts';

function findJob(sh: Sh, spec: string | undefined): JobEntry | null {
  const jobs = sh.st.jobs;
  if (!jobs.length) return null;
  if (spec === undefined || spec === '%%' || spec === '%+' || spec === '%') return jobs[jobs.length - 1] ?? null;
  if (spec === '%-') return jobs[jobs.length - 2] ?? null;
  if (/^%[0-9]+$/.test(spec)) return jobs.find((j) => j.id === Number(spec.slice(1))) ?? null;
  if (spec.startsWith('%')) return jobs.find((j) => j.cmd.startsWith(spec.slice(1))) ?? null;
  if (/^[0-9]+$/.test(spec)) return jobs.find((j) => j.pids.includes(Number(spec))) ?? null;
  return null;
}

function jobs(sh: Sh, argv: string[]): number {
  const st = sh.st;
  const showPid = argv.includes('-l') || argv.includes('-p');
  st.jobs.forEach((j, i) => {
    const mark = i === st.jobs.length - 1 ? '+' : i === st.jobs.length - 2 ? '-' : ' ';
    if (argv.includes('-p')) {
      out(sh, 1, `${j.pgid}\n`);
      return;
    }
    const state = j.state === 'Done' ? 'Done' : 'Running';
    out(sh, 1, `[${j.id}]${mark}  ${showPid ? `${nsPid(sh, j.pgid)} ` : ''}${state.padEnd(24)}${j.cmd}${j.state === 'Running' ? ' &' : ''}\n`);
    if (j.state === 'Done') j.notified = true;
  });
  st.jobs = st.jobs.filter((j) => j.state !== 'Done');
  return 0;
}

function fg(sh: Sh, argv: string[]): number {
  const st = sh.st;
  const j = findJob(sh, argv[1]);
  if (!j) {
    err(sh, `${prefix(st)}fg: ${argv[1] ?? 'current'}: no such job\n`);
    return 1;
  }
  out(sh, 1, `${j.cmd}\n`);
  st.jobs = st.jobs.filter((x) => x !== j);
  const f0 = effFds(sh)[0];
  if (f0?.k === 'tty') sh.ul.tty(f0.tty).fgPgid = j.pgid;
  st.stack.push({ f: 'wait', pids: j.pids, status: { ...j.done }, bang: false, pgid: j.pgid, job: false, cmd: j.cmd });
  return 0;
}

function bg(sh: Sh, argv: string[]): number {
  const j = findJob(sh, argv[1]);
  if (!j) {
    err(sh, `${prefix(sh.st)}bg: ${argv[1] ?? 'current'}: no such job\n`);
    return 1;
  }
  err(sh, `${prefix(sh.st)}bg: job ${j.id} already in background\n`);
  return 0;
}

function wait(sh: Sh, argv: string[]): number {
  const st = sh.st;
  const args = argv.slice(1).filter((a) => a !== '-n');
  if (!args.length) {
    const pids = st.jobs.flatMap((j) => j.pids.filter((p) => j.done[p] === undefined));
    st.jobs = st.jobs.filter((j) => j.state === 'Running');
    if (!pids.length) return 0;
    st.stack.push({ f: 'wait', pids, status: {}, bang: false, pgid: 0, job: true, cmd: '' });
    return 0;
  }
  let status = 0;
  const pids: number[] = [];
  for (const a of args) {
    const n = /^[0-9]+$/.test(a) ? hostPid(sh, Number(a)) : NaN;
    const j = a.startsWith('%') ? findJob(sh, a) : st.jobs.find((x) => x.pids.includes(n));
    if (!j) {
      const known = st.childStatus[n];
      if (known !== undefined) {
        status = known;
        delete st.childStatus[n];
        continue;
      }
      if (/^[0-9]+$/.test(a) && sh.k.proc(n)?.ppid === sh.pid) {
        const s = childDone(sh, n);
        if (s !== null) status = s;
        else pids.push(n);
        continue;
      }
      err(sh, a.startsWith('%') ? `${prefix(st)}wait: ${a}: no such job\n` : `${prefix(st)}wait: pid ${a} is not a child of this shell\n`);
      status = 127;
      continue;
    }
    const target = a.startsWith('%') ? j.pids : [n];
    const pending = target.filter((p) => j.done[p] === undefined);
    if (!pending.length) {
      status = j.done[target[target.length - 1] as number] ?? 0;
      if (j.state === 'Done') st.jobs = st.jobs.filter((x) => x !== j);
      continue;
    }
    pids.push(...pending);
  }
  if (pids.length) st.stack.push({ f: 'wait', pids, status: {}, bang: false, pgid: 0, job: true, cmd: '' });
  return status;
}

function kill(sh: Sh, argv: string[]): number {
  return runKill(sh.k, sh.ul, sh.pid, argv.slice(1), sh.st.flavour !== 'bash' ? 'ash' : 'bash', {
    out: (s) => out(sh, 1, s),
    err: (s) => err(sh, s),
    job: (spec) => findJob(sh, spec)?.pgid ?? null,
  });
}

const TRAP_NAMES = ['EXIT', 'HUP', 'INT', 'QUIT', 'ILL', 'TRAP', 'ABRT', 'BUS', 'FPE', 'KILL', 'USR1', 'SEGV', 'USR2', 'PIPE', 'ALRM', 'TERM'];

export function trapKey(spec: string): string | null {
  if (spec === '0' || spec.toUpperCase() === 'EXIT') return 'EXIT';
  const n = signalNumber(spec);
  if (n === null || n === 0) return null;
  return (signalName(n) ?? '').replace(/^SIG/, '');
}

/** The signals the shell catches / ignores given its traps. */
export function applyDispositions(sh: Sh): void {
  const st = sh.st;
  const caught = new Set<number>();
  const ignored = new Set<number>();
  if (st.interactive) {
    caught.add(2);
    ignored.add(3);
    ignored.add(15);
  }
  for (const [name, text] of Object.entries(st.traps)) {
    if (name === 'EXIT') continue;
    const n = signalNumber(name);
    if (n === null) continue;
    if (text === '') {
      ignored.add(n);
      caught.delete(n);
    } else {
      caught.add(n);
      ignored.delete(n);
    }
  }
  kSetDisposition(sh.k, sh.pid, [...caught].sort((a, b) => a - b), [...ignored].sort((a, b) => a - b));
}

function trap(sh: Sh, argv: string[]): number {
  const st = sh.st;
  const a = argv.slice(1);
  if (a[0] === '-l') {
    out(sh, 1, TRAP_NAMES.slice(1).map((n, i) => `${String(i + 1).padStart(2)}) SIG${n}`).join('\t') + '\n');
    return 0;
  }
  if (!a.length || a[0] === '-p') {
    for (const [name, text] of Object.entries(st.traps)) out(sh, 1, `trap -- '${text.replace(/'/g, "'\\''")}' ${name === 'EXIT' ? 'EXIT' : `SIG${name}`}\n`);
    return 0;
  }
  let action: string | null = a[0] as string;
  let sigs = a.slice(1);
  if (/^[0-9]+$/.test(action) || (sigs.length === 0 && trapKey(action) !== null)) {
    sigs = a;
    action = null;
  }
  if (action === '-') action = null;
  let status = 0;
  for (const s of sigs) {
    const key = trapKey(s);
    if (key === null) {
      err(sh, `${prefix(st)}trap: ${s}: invalid signal specification\n`);
      status = 1;
      continue;
    }
    if (action === null) delete st.traps[key];
    else st.traps[key] = action;
  }
  applyDispositions(sh);
  return status;
}

export const JOB_BUILTINS: Record<string, Builtin> = {
  jobs: { run: (sh, a) => jobs(sh, a) },
  fg: { run: (sh, a) => fg(sh, a) },
  bg: { run: (sh, a) => bg(sh, a) },
  wait: { run: (sh, a) => wait(sh, a) },
  kill: { run: (sh, a) => kill(sh, a) },
  trap: { special: true, run: (sh, a) => trap(sh, a) },
};
