/**
 * The headless script runner behind `container-sim script`.
 *
 * A script is typed at a fresh host's root shell, line by line. A line followed
 * by lines indented two spaces runs on a terminal (a TTY) and those lines are
 * typed into whatever it starts in the foreground; any other line runs with
 * stdin not a terminal, as in a shell script. Virtual time moves 1 s per command
 * unless the command waited longer itself.
 */

import { createHost } from '../sim/host/host.ts';
import type { Host } from '../sim/host/host.ts';

export interface ScriptStep {
  command: string;
  /** 1-based line number in the file. */
  line: number;
  /** Lines typed into the interactive program, already converted to keystrokes. */
  keys: string[];
  /** The same lines as written, for the transcript. */
  typed: string[];
}

export interface StepResult {
  file: string;
  command: string;
  stdout: string;
  stderr: string;
  /** Both streams in the order they were written (the transcript shows this). */
  output: string;
  /** null when the command is still running (an interactive program left in the foreground). */
  exitCode: number | null;
  interactive: boolean;
}

export interface ScriptResult {
  file: string;
  steps: StepResult[];
}

/** Virtual time a typed line takes, for programs that poll their terminal. */
const TYPING_MS = 200;

const KEYS: Record<string, string> = { '^C': '\x03', '^D': '\x04', '^P^Q': '\x10\x11', '^Z': '\x1a', '^\\': '\x1c' };

/** Split a script into command lines and their indented interactive input. */
export function parseScript(text: string): ScriptStep[] {
  const steps: ScriptStep[] = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  lines.forEach((raw, i) => {
    if (raw.startsWith('  ')) {
      const last = steps[steps.length - 1];
      if (!last) return; // input with nothing to type into: ignored, like keys typed before a prompt
      const content = raw.slice(2);
      last.typed.push(content);
      last.keys.push(KEYS[content.trim()] ?? `${content}\r`);
      return;
    }
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    steps.push({ command: raw, line: i + 1, keys: [], typed: [] });
  });
  return steps;
}

export function runScript(file: string, text: string, opts: { seed?: number } = {}): ScriptResult {
  const host = createHost({ seed: opts.seed ?? 1 });
  const steps: StepResult[] = [];
  for (const step of parseScript(text)) steps.push(runStep(host, file, step));
  return { file, steps };
}

function runStep(host: Host, file: string, step: ScriptStep): StepResult {
  const before = host.kernel.uptimeMs;
  let result: StepResult;
  if (step.keys.length === 0) {
    const r = host.run(step.command);
    result = { file, command: step.command, stdout: r.stdout, stderr: r.stderr, output: r.output, exitCode: r.exitCode, interactive: false };
  } else {
    result = runInteractive(host, file, step);
  }
  const waited = host.kernel.uptimeMs - before;
  if (waited < 1000) host.advance(1000 - waited);
  return result;
}

function runInteractive(host: Host, file: string, step: ScriptStep): StepResult {
  const term = host.openTerminal({ cols: 80, rows: 24 });
  let screen = '';
  const off = term.onData((d) => (screen += d));
  const start = screen.length;
  term.input(`${step.command}\r`);
  host.advance(TYPING_MS);
  for (const k of step.keys) {
    // A person takes a moment per line; programs that poll their terminal (the
    // docker CLI relaying to a container) see the keys within that time.
    term.input(k);
    host.advance(TYPING_MS);
  }
  off();
  const status = host.rootShellStatus();
  term.dispose();
  let text = screen.slice(start).replace(/\r\n/g, '\n').replace(/\r/g, '');
  // Drop the echo of the command line itself; the transcript prints it as "$ line".
  const nl = text.indexOf('\n');
  text = nl >= 0 ? text.slice(nl + 1) : '';
  // Drop the host shell's prompt that came back when the program ended.
  if (!status.busy) {
    const lastNl = text.lastIndexOf('\n');
    text = text.slice(0, lastNl + 1);
  }
  return { file, command: step.command, stdout: text, stderr: '', output: text, exitCode: status.busy ? null : status.lastStatus, interactive: true };
}

export function formatTranscript(r: ScriptResult, withHeader: boolean): string {
  let out = withHeader ? `# ${r.file}\n` : '';
  for (const s of r.steps) {
    out += `$ ${s.command}\n`;
    out += s.output;
  }
  return out;
}

export function formatJson(r: ScriptResult): string {
  return r.steps
    .map((s) => JSON.stringify({ file: s.file, command: s.command, stdout: s.stdout, stderr: s.stderr, exitCode: s.exitCode }) + '\n')
    .join('');
}
