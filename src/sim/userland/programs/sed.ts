/**
 * sed(1), GNU sed 4.9 (and busybox sed): the stream editor.
 *
 * Models: options -n -e -f -E/-r -i[SUFFIX] -s -z-less line streams; the
 * cycle of reading a line into the pattern space, running the compiled
 * commands (sed-parse.ts) with their addresses and ranges, auto-printing
 * unless -n; the hold space; a/i/c text queued for the end of the cycle;
 * q/Q with exit codes; a last line without a newline kept without one;
 * in-place editing writing each file back (and FILE+SUFFIX as a backup);
 * w FILE and s///w FILE (truncated when sed starts), r FILE;
 * `sed: can't read F: No such file or directory` with exit status 2
 * (busybox: `sed: F: No such file or directory`, 1).
 * SIMPLIFICATIONS: input is read whole before editing (no line-by-line
 * output while typing on a terminal); regexes are JavaScript's (posix-re.ts).
 */

import type { Ctx, Outcome, ProgramDef } from '../types.ts';
import { progName } from './args.ts';
import { absPath, fsRead, fsStat, fsWrite } from '../fsapi.ts';
import { isErr, strerror, sysErr } from '../../kernel/errno.ts';
import { compileSed, type Cmd } from './sed-parse.ts';
import { SedRun, type SedFiles } from './sed-exec.ts';

interface SedState {
  quiet: boolean;
  inPlace: string | null;
  separate: boolean;
  pieces: string[];
  ere: boolean;
  files: string[];
  i: number;
  stdin: string;
}

const USAGE = `Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...

  -n, --quiet, --silent
                 suppress automatic printing of pattern space
      --debug
                 annotate program execution
  -e script, --expression=script
                 add the script to the commands to be executed
  -f script-file, --file=script-file
                 add the contents of script-file to the commands to be executed
  --follow-symlinks
                 follow symlinks when processing in place
  -i[SUFFIX], --in-place[=SUFFIX]
                 edit files in place (makes backup if SUFFIX supplied)
  -l N, --line-length=N
                 specify the desired line-wrap length for the \`l' command
  --posix
                 disable all GNU extensions.
  -E, -r, --regexp-extended
                 use extended regular expressions in the script
                 (for portability use POSIX -E).
  -s, --separate
                 consider files as separate rather than as a single,
                 continuous long stream.
      --sandbox
                 operate in sandbox mode (disable e/r/w commands).
  -u, --unbuffered
                 load minimal amounts of data from the input files and flush
                 the output buffers more often
  -z, --null-data
                 separate lines by NUL characters
      --help     display this help and exit
      --version  output version information and exit

If no -e, --expression, -f, or --file option is given, then the first
non-option argument is taken as the sed script to interpret.  All
remaining arguments are names of input files; if no input files are
specified, then the standard input is read.

GNU sed home page: <https://www.gnu.org/software/sed/>.
General help using GNU software: <https://www.gnu.org/gethelp/>.
`;

const VERSION = `sed (GNU sed) 4.9
Packaged by Debian
Copyright (C) 2022 Free Software Foundation, Inc.
License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.

Written by Jay Fenlason, Tom Lord, Ken Pizzini,
Paolo Bonzini, Jim Meyering, and Assaf Gordon.

This sed program was built with SELinux support.
SELinux is disabled on this system.

GNU sed home page: <https://www.gnu.org/software/sed/>.
General help using GNU software: <https://www.gnu.org/gethelp/>.
E-mail bug reports to: <bug-sed@gnu.org>.
`;

type ParseOut = { st: SedState } | { exit: number };

function parseOpts(ctx: Ctx, name: string): ParseOut {
  const args = ctx.argv.slice(1);
  const st: SedState = { quiet: false, inPlace: null, separate: false, pieces: [], ere: false, files: [], i: 0, stdin: '' };
  let scriptGiven = false;
  const bad = (msg: string): ParseOut => {
    ctx.stderr.write(ctx.flavour === 'busybox' ? `${name}: ${msg}\n` : `${name}: ${msg}\n${USAGE}`);
    return { exit: 1 };
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--') {
      st.files.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const [k, v] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
      if (k === '--quiet' || k === '--silent') st.quiet = true;
      else if (k === '--regexp-extended') st.ere = true;
      else if (k === '--separate') st.separate = true;
      else if (k === '--in-place') st.inPlace = v ?? '';
      else if (k === '--expression') {
        const e = v ?? args[++i];
        if (e === undefined) return bad(`option '--expression' requires an argument`);
        st.pieces.push(e);
        scriptGiven = true;
      } else if (k === '--help') {
        ctx.stdout.write(USAGE);
        return { exit: 0 };
      } else if (k === '--version') {
        ctx.stdout.write(VERSION);
        return { exit: 0 };
      } else if (k !== '--posix' && k !== '--debug' && k !== '--unbuffered' && k !== '--follow-symlinks' && k !== '--sandbox') return bad(`unrecognized option '${a}'`);
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j] as string;
        if (c === 'n') st.quiet = true;
        else if (c === 'E' || c === 'r') st.ere = true;
        else if (c === 's' || c === 'u') st.separate = st.separate || c === 's';
        else if (c === 'i') {
          st.inPlace = a.slice(j + 1);
          break;
        } else if (c === 'e' || c === 'f') {
          const v = j + 1 < a.length ? a.slice(j + 1) : args[++i];
          if (v === undefined) return bad(`option requires an argument -- '${c}'`);
          if (c === 'e') st.pieces.push(v);
          else {
            const t = fsRead(ctx.k, ctx.pid, absPath(ctx.k, ctx.pid, v));
            if (isErr(t)) {
              ctx.stderr.write(`${name}: couldn't open file ${v}: ${strerror(t.errno)}\n`);
              return { exit: 1 };
            }
            st.pieces.push(t.replace(/\n$/, ''));
          }
          scriptGiven = true;
          break;
        } else return bad(`invalid option -- '${c}'`);
      }
      continue;
    }
    st.files.push(a);
  }
  if (!scriptGiven) {
    const s = st.files.shift();
    if (s === undefined) {
      ctx.stderr.write(ctx.flavour === 'busybox' ? 'BusyBox v1.36.1 (2023-06-12 18:44:42 UTC) multi-call binary.\n\nUsage: sed [-i[SFX]] [-nrE] [-f FILE]... [-e CMD]... [FILE]...\n' : USAGE);
      return { exit: 1 };
    }
    st.pieces.push(s);
  }
  if (st.inPlace !== null && !st.files.length) {
    ctx.stderr.write(`${name}: no input files\n`);
    return { exit: ctx.flavour === 'busybox' ? 1 : 1 };
  }
  if (!st.files.length) st.files.push('-');
  return { st };
}

function bbError(msg: string): string {
  if (msg.startsWith('unknown command')) return `unsupported command ${msg.slice(-2, -1)}`;
  if (msg.startsWith('unterminated')) return "unmatched '/'";
  return msg.replace(/`/g, "'");
}

export const sedProgram: ProgramDef<SedState> = {
  id: 'sed',
  main(ctx) {
    const name = progName(ctx as Ctx, 'sed');
    const r = parseOpts(ctx as Ctx, name);
    if ('exit' in r) return r;
    const prog = compileSed(r.st.pieces, r.st.ere);
    if (!Array.isArray(prog)) {
      ctx.stderr.write(ctx.flavour === 'busybox' ? `${name}: ${bbError(prog.msg)}\n` : `${name}: -e expression #${prog.expr}, char ${prog.char}: ${prog.msg}\n`);
      return { exit: 1 };
    }
    ctx.state = r.st;
    return step(ctx);
  },
  onInput: step,
  resume: step,
};

function step(ctx: Ctx<SedState>): Outcome {
  const st = ctx.state;
  if (st.files.includes('-') && st.inPlace === null) {
    st.stdin += ctx.stdin.read();
    if (!ctx.stdin.eof) return { block: 'input' };
  }
  return { exit: runAll(ctx as Ctx, st) };
}

interface Input {
  name: string;
  text: string;
}

function readInputs(ctx: Ctx, st: SedState, name: string): { inputs: Input[]; status: number } {
  const inputs: Input[] = [];
  let status = 0;
  for (const f of st.files) {
    if (f === '-' && st.inPlace === null) {
      inputs.push({ name: f, text: st.stdin });
      continue;
    }
    const path = absPath(ctx.k, ctx.pid, f);
    const s = fsStat(ctx.k, ctx.pid, path);
    const t = isErr(s) ? s : s.type === 'dir' ? sysErr('EISDIR') : fsRead(ctx.k, ctx.pid, path);
    if (isErr(t)) {
      if (ctx.flavour === 'busybox') ctx.stderr.write(`${name}: ${f}: ${strerror(t.errno)}\n`);
      else if (t.errno === 'EISDIR') ctx.stderr.write(st.inPlace !== null ? `${name}: couldn't edit ${f}: not a regular file\n` : `${name}: read error on ${f}: Is a directory\n`);
      else ctx.stderr.write(`${name}: can't read ${f}: ${strerror(t.errno)}\n`);
      status = ctx.flavour === 'busybox' ? 1 : t.errno === 'EISDIR' && st.inPlace !== null ? 4 : 2;
      continue;
    }
    inputs.push({ name: f, text: t });
  }
  return { inputs, status };
}

function runAll(ctx: Ctx, st: SedState): number {
  const name = progName(ctx, 'sed');
  const prog = compileSed(st.pieces, st.ere) as Cmd[];
  const { inputs, status } = readInputs(ctx, st, name);
  const files: SedFiles = {
    write: (f, text, append) => {
      if (f === '/dev/stdout') ctx.stdout.write(text);
      else if (f === '/dev/stderr') ctx.stderr.write(text);
      else fsWrite(ctx.k, ctx.pid, absPath(ctx.k, ctx.pid, f), text, { append });
    },
    read: (f) => {
      const t = fsRead(ctx.k, ctx.pid, absPath(ctx.k, ctx.pid, f));
      return isErr(t) ? null : t;
    },
  };
  if (st.inPlace !== null) {
    const code = status;
    for (const inp of inputs) {
      let out = '';
      const r = new SedRun(prog, st.quiet, [inp.text], (s) => (out += s), files, true);
      const q = r.run();
      const path = absPath(ctx.k, ctx.pid, inp.name);
      if (st.inPlace) fsWrite(ctx.k, ctx.pid, path + st.inPlace, inp.text);
      const w = fsWrite(ctx.k, ctx.pid, path, out);
      if (isErr(w)) {
        ctx.stderr.write(`${name}: couldn't open temporary file ${path.slice(0, path.lastIndexOf('/') + 1) || './'}sedAbC123: ${strerror(w.errno)}\n`);
        return 4;
      }
      if (q !== null) return q;
    }
    return code;
  }
  const texts = st.separate ? inputs.map((i) => i.text) : [inputs.map((i) => i.text).join('')];
  const r = new SedRun(prog, st.quiet, texts, (s) => ctx.stdout.write(s), files, st.separate);
  const q = r.run();
  return q ?? status;
}
