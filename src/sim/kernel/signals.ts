/**
 * Signal numbers, names and default actions (signal(7), x86-64 numbering).
 *
 * Models: the 31 standard signals with their numbers and default dispositions
 * (Term, Core, Ign, Stop, Cont), the real-time range SIGRTMIN (34, as glibc
 * reports it) to SIGRTMAX (64), the names `kill -l` accepts (with or without the
 * SIG prefix, any case, or a number) and the texts strsignal(3) prints, which
 * shells show when a job dies ("Killed", "Terminated").
 * SIMPLIFICATIONS:
 * - Core-dumping signals die like Term ones; no core file is written.
 * - No signal queueing: a pending standard signal is recorded once.
 */

export type SignalAction = 'term' | 'core' | 'ignore' | 'stop' | 'cont';

interface SignalInfo {
  readonly name: string;
  readonly action: SignalAction;
  readonly description: string;
}

/** Index = signal number. Index 0 is the "null signal" used only to check permission. */
const TABLE: ReadonlyArray<SignalInfo | undefined> = [
  undefined,
  { name: 'HUP', action: 'term', description: 'Hangup' },
  { name: 'INT', action: 'term', description: 'Interrupt' },
  { name: 'QUIT', action: 'core', description: 'Quit' },
  { name: 'ILL', action: 'core', description: 'Illegal instruction' },
  { name: 'TRAP', action: 'core', description: 'Trace/breakpoint trap' },
  { name: 'ABRT', action: 'core', description: 'Aborted' },
  { name: 'BUS', action: 'core', description: 'Bus error' },
  { name: 'FPE', action: 'core', description: 'Floating point exception' },
  { name: 'KILL', action: 'term', description: 'Killed' },
  { name: 'USR1', action: 'term', description: 'User defined signal 1' },
  { name: 'SEGV', action: 'core', description: 'Segmentation fault' },
  { name: 'USR2', action: 'term', description: 'User defined signal 2' },
  { name: 'PIPE', action: 'term', description: 'Broken pipe' },
  { name: 'ALRM', action: 'term', description: 'Alarm clock' },
  { name: 'TERM', action: 'term', description: 'Terminated' },
  { name: 'STKFLT', action: 'term', description: 'Stack fault' },
  { name: 'CHLD', action: 'ignore', description: 'Child exited' },
  { name: 'CONT', action: 'cont', description: 'Continued' },
  { name: 'STOP', action: 'stop', description: 'Stopped (signal)' },
  { name: 'TSTP', action: 'stop', description: 'Stopped' },
  { name: 'TTIN', action: 'stop', description: 'Stopped (tty input)' },
  { name: 'TTOU', action: 'stop', description: 'Stopped (tty output)' },
  { name: 'URG', action: 'ignore', description: 'Urgent I/O condition' },
  { name: 'XCPU', action: 'core', description: 'CPU time limit exceeded' },
  { name: 'XFSZ', action: 'core', description: 'File size limit exceeded' },
  { name: 'VTALRM', action: 'term', description: 'Virtual timer expired' },
  { name: 'PROF', action: 'term', description: 'Profiling timer expired' },
  { name: 'WINCH', action: 'ignore', description: 'Window changed' },
  { name: 'IO', action: 'term', description: 'I/O possible' },
  { name: 'PWR', action: 'term', description: 'Power failure' },
  { name: 'SYS', action: 'core', description: 'Bad system call' },
];

export const SIGHUP = 1;
export const SIGINT = 2;
export const SIGQUIT = 3;
export const SIGABRT = 6;
export const SIGKILL = 9;
export const SIGUSR1 = 10;
export const SIGSEGV = 11;
export const SIGUSR2 = 12;
export const SIGPIPE = 13;
export const SIGALRM = 14;
export const SIGTERM = 15;
export const SIGCHLD = 17;
export const SIGCONT = 18;
export const SIGSTOP = 19;
export const SIGTSTP = 20;
export const SIGTTIN = 21;
export const SIGTTOU = 22;
export const SIGWINCH = 28;
export const SIGSYS = 31;
/** glibc's SIGRTMIN: the kernel's 32 and 33 are kept for the threading library. */
export const SIGRTMIN = 34;
export const SIGRTMAX = 64;
/** _NSIG - 1: the largest valid signal number. */
export const NSIG_MAX = 64;

const ALIASES: Readonly<Record<string, number>> = { IOT: 6, POLL: 29, CLD: 17, UNUSED: 31 };

const BY_NAME: Readonly<Record<string, number>> = Object.freeze(
  Object.fromEntries(TABLE.flatMap((s, i) => (s ? [[s.name, i]] : []))),
);

/** Is n a signal number kill(2) accepts (0 included, as the permission probe)? */
export function isValidSignal(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= NSIG_MAX;
}

/**
 * Parse a signal as kill(1) accepts it: "TERM", "SIGTERM", "term", "15", "RTMIN+2", "RTMAX-1".
 * Returns null for anything unknown.
 */
export function signalNumber(s: string): number | null {
  const t = s.trim();
  if (/^\d+$/.test(t)) {
    const n = Number(t);
    return isValidSignal(n) ? n : null;
  }
  let up = t.toUpperCase();
  if (up.startsWith('SIG')) up = up.slice(3);
  const direct = BY_NAME[up] ?? ALIASES[up];
  if (direct !== undefined) return direct;
  const rt = /^RT(MIN|MAX)(?:([+-])(\d+))?$/.exec(up);
  if (rt) {
    const base = rt[1] === 'MIN' ? SIGRTMIN : SIGRTMAX;
    const off = rt[3] === undefined ? 0 : Number(rt[3]) * (rt[2] === '-' ? -1 : 1);
    const n = base + off;
    return n >= SIGRTMIN && n <= SIGRTMAX ? n : null;
  }
  return null;
}

/** "SIGTERM" for 15, "SIGRTMIN+1" for 35, "SIGRTMAX" for 64; null for 0, 32, 33 and out of range. */
export function signalName(n: number): string | null {
  const s = TABLE[n];
  if (s) return `SIG${s.name}`;
  if (!Number.isInteger(n) || n < SIGRTMIN || n > SIGRTMAX) return null;
  if (n === SIGRTMIN) return 'SIGRTMIN';
  if (n === SIGRTMAX) return 'SIGRTMAX';
  // kill -l writes the lower half relative to RTMIN and the upper half relative to RTMAX.
  return n - SIGRTMIN <= (SIGRTMAX - SIGRTMIN) / 2 ? `SIGRTMIN+${n - SIGRTMIN}` : `SIGRTMAX-${SIGRTMAX - n}`;
}

/** The default disposition of a signal (signal(7) table). Real-time signals terminate. */
export function defaultAction(n: number): SignalAction {
  const s = TABLE[n];
  if (s) return s.action;
  return 'term';
}

/** strsignal(3) in glibc: "Killed", "Terminated", "Real-time signal 3" (counted from SIGRTMIN). */
export function signalDescription(n: number): string {
  const s = TABLE[n];
  if (s) return s.description;
  if (n >= SIGRTMIN && n <= SIGRTMAX) return `Real-time signal ${n - SIGRTMIN}`;
  return `Unknown signal ${n}`;
}

/** The standard signals 1..31 in order, as `kill -l` lists them first. */
export function standardSignals(): Array<{ number: number; name: string }> {
  const out: Array<{ number: number; name: string }> = [];
  TABLE.forEach((s, i) => {
    if (s) out.push({ number: i, name: `SIG${s.name}` });
  });
  return out;
}
