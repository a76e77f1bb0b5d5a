/**
 * The `container-sim` command line: the Node adapters around the headless core.
 *
 *   container-sim script FILE... [--json]   run scripts on fresh hosts, print transcripts
 *   container-sim serve --socket PATH        serve the Engine API on a real socket (not yet built)
 */

import { readFileSync } from 'node:fs';
import { runScript, formatTranscript, formatJson } from './script-runner.ts';

export interface Out {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const USAGE = `Usage: container-sim COMMAND [OPTIONS]

A simulated Linux host with Docker, for learning how containers work.

Commands:
  script FILE... [--json]   Run each script on its own fresh host and print a transcript
                            (--json: one JSON object per command line)
  serve --socket PATH       Serve the simulated Docker Engine API on a socket
  help                      Show this help

Run 'container-sim COMMAND --help' for more information on a command.
`;

const SCRIPT_USAGE = `Usage: container-sim script FILE... [--json] [--seed N]

Each FILE runs on its own fresh host. Every non-empty line not starting with '#'
is typed at the host's root shell. Lines indented by two spaces are typed into the
foreground program started by the line above, which then runs on a terminal;
'^C', '^D' and '^P^Q' on such a line send those keys. The virtual clock moves
1 s per command unless the command itself waits longer.

Options:
  --json      Print one JSON object per command line: {"file","command","stdout","stderr","exitCode"}
  --seed N    Seed for IDs and names (default 1)
`;

export async function main(argv: string[], out: Out): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === 'help' || cmd === '--help' || cmd === '-h') {
    out.stdout(USAGE);
    return cmd === undefined ? 1 : 0;
  }
  if (cmd === 'script') return scriptCommand(rest, out);
  if (cmd === 'serve') {
    out.stderr('container-sim serve: the Engine API server is not built yet (see issue 5)\n');
    return 2;
  }
  out.stderr(`container-sim: '${cmd}' is not a container-sim command.\nSee 'container-sim --help'.\n`);
  return 2;
}

function scriptCommand(args: string[], out: Out): number {
  let json = false;
  let seed = 1;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--json') json = true;
    else if (a === '--help' || a === '-h') {
      out.stdout(SCRIPT_USAGE);
      return 0;
    } else if (a === '--seed') {
      const v = args[++i];
      if (v === undefined || !/^\d+$/.test(v)) {
        out.stderr(`container-sim script: --seed needs a whole number\n`);
        return 2;
      }
      seed = Number(v);
    } else if (a.startsWith('-') && a !== '-') {
      out.stderr(`container-sim script: unknown option: ${a}\n${SCRIPT_USAGE}`);
      return 2;
    } else files.push(a);
  }
  if (files.length === 0) {
    out.stderr(`container-sim script: no script files given\n${SCRIPT_USAGE}`);
    return 2;
  }
  let status = 0;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'No such file or directory' : code === 'EISDIR' ? 'Is a directory' : code === 'EACCES' ? 'Permission denied' : String(e);
      out.stderr(`container-sim script: ${file}: ${why}\n`);
      status = 2;
      continue;
    }
    const result = runScript(file, text, { seed });
    out.stdout(json ? formatJson(result) : formatTranscript(result, files.length > 1));
  }
  return status;
}
