/**
 * The `container-sim` command line: the Node adapters around the headless core.
 *
 *   container-sim script FILE... [--json]   run scripts on fresh hosts, print transcripts
 *   container-sim serve --socket PATH        serve the Engine API on a real socket (src/node/serve.ts)
 */

import { readFileSync } from 'node:fs';
import { runScript, formatTranscript, formatJson } from './script-runner.ts';
import { startServer, parseTcp } from './serve.ts';

export interface Out {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const USAGE = `Usage: container-sim COMMAND [OPTIONS]

A simulated Linux host with Docker, for learning how containers work.

Commands:
  script FILE... [--json]   Run each script on its own fresh host and print a transcript
                            (--json: one JSON object per command line)
  lesson check [DIR...]     Validate lessons and replay every task's solution
  serve --socket PATH       Serve the simulated Docker Engine API on a socket
        --tcp HOST:PORT     (or on a loopback TCP port)
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
  if (cmd === 'serve') return serveCommand(rest, out);
  if (cmd === 'lesson') {
    if (rest[0] === 'check') return (await import('../lessons/check.ts')).lessonCheck(rest.slice(1), out);
    out.stderr(`Usage: container-sim lesson check [DIR...]\n\nValidate lessons and replay every task's solution on a fresh host.\n`);
    return rest[0] === '--help' || rest[0] === '-h' ? 0 : 2;
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

const SERVE_USAGE = `Usage: container-sim serve (--socket PATH | --tcp HOST:PORT) [--state FILE] [--seed N] [--verbose]

Serve the simulated host's Docker Engine API so that real clients drive it:
  container-sim serve --socket /tmp/sim.sock &
  DOCKER_HOST=unix:///tmp/sim.sock docker run -d --name web -p 8080:80 nginx

Options:
  --socket PATH     Listen on a unix socket
  --tcp HOST:PORT   Listen on a loopback TCP address (127.0.0.1 or ::1 only)
  --state FILE      Load the host from FILE if it exists; save it there on exit
  --seed N          Seed for IDs and names (default 1)
  --verbose         Log each request to stderr
`;

async function serveCommand(args: string[], out: Out): Promise<number> {
  const o: { socket?: string; tcp?: string; state?: string; seed?: number; verbose?: boolean } = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string | undefined => inline ?? args[++i];
    if (flag === '--help' || flag === '-h') {
      out.stdout(SERVE_USAGE);
      return 0;
    } else if (flag === '--socket') o.socket = value();
    else if (flag === '--tcp') o.tcp = value();
    else if (flag === '--state') o.state = value();
    else if (flag === '--verbose') o.verbose = true;
    else if (flag === '--seed') {
      const v = value();
      if (!v || !/^\d+$/.test(v)) {
        out.stderr('container-sim serve: --seed needs a whole number\n');
        return 2;
      }
      o.seed = Number(v);
    } else {
      out.stderr(`container-sim serve: unknown option: ${a}\n${SERVE_USAGE}`);
      return 2;
    }
  }
  if (!o.socket === !o.tcp) {
    out.stderr(`container-sim serve: give exactly one of --socket PATH or --tcp HOST:PORT\n${SERVE_USAGE}`);
    return 2;
  }
  if (o.tcp) {
    const t = parseTcp(o.tcp);
    if (typeof t === 'string') {
      out.stderr(`container-sim serve: ${t}\n`);
      return 2;
    }
  }
  let srv;
  try {
    srv = await startServer({ ...o, ...(o.verbose ? { log: (l: string) => out.stderr(`${l}\n`) } : {}) });
  } catch (e) {
    out.stderr(`container-sim serve: ${(e as Error).message}\n`);
    return 1;
  }
  out.stdout(`container-sim: serving the Docker Engine API on ${o.socket ? `unix://${srv.address}` : `tcp://${srv.address}`}\n`);
  return new Promise<number>((resolve) => {
    const stop = (): void => {
      void srv.close().then(() => resolve(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
