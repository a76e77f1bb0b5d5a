/**
 * The headless script runner behind `container-sim script`.
 *
 * A script is typed at a fresh host's root shell, line by line. A line followed
 * by lines indented two spaces runs on a terminal (a TTY) and those lines are
 * typed into whatever it starts in the foreground; any other line runs with
 * stdin not a terminal, as in a shell script. Virtual time moves 1 s per command
 * unless the command waited longer itself.
 *
 * Directive: a comment line `# host: vms` among the comments before the first
 * command creates the file's host with createHost({ seed, vms: true }) (QEMU/KVM
 * and libvirt installed: virsh, virt-install, virbr0). Unknown words are errors.
 */

import { createHost } from '../sim/host/host.ts';
import type { Host } from '../sim/host/host.ts';
import { lineKeys, typeOnTerminal } from '../sim/host/typing.ts';

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
      last.keys.push(lineKeys(content));
      return;
    }
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    steps.push({ command: raw, line: i + 1, keys: [], typed: [] });
  });
  return steps;
}

/** The `# host: ...` directive in the comments before the first command: host options beyond the seed. */
export function scriptHostOptions(text: string): { vms?: boolean } {
  const out: { vms?: boolean } = {};
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const t = raw.trim();
    if (t === '') continue;
    if (!t.startsWith('#')) break;
    const m = /^#\s*host:\s*(.*)$/.exec(t);
    if (!m) continue;
    for (const w of (m[1] ?? '').split(/[\s,]+/).filter(Boolean)) {
      if (w === 'vms') out.vms = true;
      else throw new Error(`script: unknown host option '${w}' in '# host:' (known: vms)`);
    }
  }
  return out;
}

export function runScript(file: string, text: string, opts: { seed?: number } = {}): ScriptResult {
  const host = createHost({ seed: opts.seed ?? 1, ...scriptHostOptions(text) });
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
  // ^] (virsh console's escape) until CONTROL_KEYS in sim/host/typing.ts knows it: the byte itself, sent as a line.
  const r = typeOnTerminal(host, step.command, step.typed);
  return { file, command: step.command, stdout: r.text, stderr: '', output: r.text, exitCode: r.exitCode, interactive: true };
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
