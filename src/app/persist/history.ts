/**
 * Recording what the learner typed, for share links: the lines each
 * interactive shell accepted (read from the shells' own history, which the
 * kernel state keeps in each shell process's program state) plus the control
 * keys that interrupt or leave programs. Line editing, history recall and Tab
 * completion all happen before a line reaches the shell, so the history holds
 * the finished line, exactly what replay must type.
 * SIMPLIFICATIONS: lines typed to programs that are not shells (`cat`,
 * `read`) are not recorded.
 */

import type { KernelState } from '../../sim/kernel/state.ts';

/** Shell history lengths already recorded, by "pid@startMs" (PIDs are reused). */
export type HistoryMarks = Map<string, number>;

interface ShellView {
  key: string;
  pid: number;
  history: readonly string[];
}

function historyOf(state: unknown): readonly string[] | null {
  if (typeof state !== 'object' || state === null) return null;
  const s = (state as { s?: unknown }).s;
  if (typeof s !== 'object' || s === null) return null;
  const h = (s as { history?: unknown }).history;
  return Array.isArray(h) && h.every((x) => typeof x === 'string') ? (h as string[]) : null;
}

function shells(state: KernelState): ShellView[] {
  const out: ShellView[] = [];
  for (const p of Object.values(state.proc.byPid)) {
    if (p.tty === null || p.state === 'Z') continue;
    const h = historyOf(p.program.state);
    if (h) out.push({ key: `${p.pid}@${p.startMs}`, pid: p.pid, history: h });
  }
  return out.sort((a, b) => a.pid - b.pid);
}

/** Marks for the shells as they are now (nothing before this point is "new"). */
export function markHistories(state: KernelState): HistoryMarks {
  const m: HistoryMarks = new Map();
  for (const s of shells(state)) m.set(s.key, s.history.length);
  return m;
}

/** Lines the shells accepted since `marks` (which it updates). A shell first seen now starts from 0. */
export function takeNewLines(state: KernelState, marks: HistoryMarks): string[] {
  const out: string[] = [];
  for (const s of shells(state)) {
    const from = marks.get(s.key) ?? 0;
    // A history capped at 1000 entries shifts: never read before its start.
    for (let i = Math.min(from, s.history.length); i < s.history.length; i++) out.push(s.history[i] as string);
    marks.set(s.key, s.history.length);
  }
  return out;
}

/** The keystrokes that type `line` and press Enter (a multi-line command's lines each end in Enter). */
export function lineToInput(line: string): string {
  return `${line.replace(/\n/g, '\r')}\r`;
}

/** Control keys worth replaying, in the order they appear in `data`: ^C, ^D, ^\ and ^P^Q (detach). */
export function controlKeys(data: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < data.length; i++) {
    const c = data[i];
    if (c === '\x10' && data[i + 1] === '\x11') {
      out.push('\x10\x11');
      i++;
    } else if (c === '\x03' || c === '\x04' || c === '\x1c') out.push(c);
  }
  return out;
}
