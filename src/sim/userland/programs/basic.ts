/**
 * Small programs: true, false, echo, printf, sleep, yes, pwd, env, and the
 * stand-ins for daemons (they wait forever) and for binaries the simulator
 * does not model.
 *
 * Models coreutils 9.1 texts. SIMPLIFICATIONS: sleep accepts the s/m/h/d
 * suffixes and "infinity"; yes writes in 64 KiB bursts, one per 100 ms of
 * virtual time, and at most 200 lines per burst to a terminal.
 */

import type { Ctx, Outcome, ProgramDef } from '../types.ts';
import { echoText, formatPrintf } from './textfmt.ts';
import { progName, parseArgs, usageError } from './args.ts';
import { fsGetcwd } from '../fsapi.ts';

export const trueProgram: ProgramDef<null> = { id: 'true', main: () => ({ exit: 0 }) };
export const falseProgram: ProgramDef<null> = { id: 'false', main: () => ({ exit: 1 }) };

export const echoProgram: ProgramDef<null> = {
  id: 'echo',
  main(ctx) {
    ctx.stdout.write(echoText(ctx.argv.slice(1)));
    return { exit: 0 };
  },
};

export const printfProgram: ProgramDef<null> = {
  id: 'printf',
  main(ctx) {
    const name = progName(ctx, 'printf');
    const a = ctx.argv.slice(1);
    if (!a.length) {
      ctx.stderr.write(ctx.flavour === 'busybox' ? `Usage: printf FORMAT [ARG]...\n` : `${name}: missing operand\nTry '${name} --help' for more information.\n`);
      return { exit: 1 };
    }
    const r = formatPrintf(a[0] as string, a.slice(1));
    ctx.stdout.write(r.out);
    for (const b of r.badNumbers) ctx.stderr.write(`${name}: '${b}': expected a numeric value\n`);
    return { exit: r.badNumbers.length ? 1 : 0 };
  },
};

/** Parse a sleep(1) interval: "3", "0.5", "2m", "infinity". Null if invalid. */
export function parseInterval(s: string): number | null {
  if (s === 'infinity' || s === 'inf') return Infinity;
  const m = /^([0-9]*\.?[0-9]+)([smhd]?)$/.exec(s);
  if (!m) return null;
  const mult = { '': 1000, s: 1000, m: 60000, h: 3600000, d: 86400000 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Math.round(Number(m[1]) * mult);
}

export const sleepProgram: ProgramDef<{ until: number } | null> = {
  id: 'sleep',
  main(ctx) {
    const name = progName(ctx, 'sleep');
    const args = ctx.argv.slice(1).filter((a) => a !== '--');
    if (!args.length) {
      ctx.stderr.write(ctx.flavour === 'busybox' ? `BusyBox v1.36.1 multi-call binary.\n\nUsage: sleep [N]...\n` : `${name}: missing operand\nTry '${name} --help' for more information.\n`);
      return { exit: 1 };
    }
    let total = 0;
    for (const a of args) {
      const ms = parseInterval(a);
      if (ms === null) {
        ctx.stderr.write(ctx.flavour === 'busybox' ? `${name}: invalid number '${a}'\n` : `${name}: invalid time interval '${a}'\nTry '${name} --help' for more information.\n`);
        return { exit: 1 };
      }
      total += ms;
    }
    if (!Number.isFinite(total)) return { block: 'forever' };
    ctx.state = { until: ctx.k.uptimeMs + total };
    return { block: 'timer', untilMs: ctx.k.uptimeMs + total };
  },
  resume(ctx) {
    const st = ctx.state;
    if (st && ctx.k.uptimeMs < st.until) return { block: 'timer', untilMs: st.until };
    return { exit: 0 };
  },
};

function yesBurst(ctx: Ctx<{ line: string } | null>): Outcome {
  const line = ctx.state?.line ?? 'y\n';
  // To a pipe, 256 KiB per 100 ms: a full pipe blocks the writer until the reader took it (io.ts), so
  // `yes | head -100000` ends within the first burst (head leaves, yes dies of SIGPIPE). To a file, more
  // than a pipe holds. To a terminal or a capture (a container's stdout, read by dockerd line by line
  // into its log) a screenful: every line read there becomes a log entry, and a faster yes would only
  // fill the simulator's memory with them.
  const to = ctx.fds[1]?.k;
  const bytes = to === 'pipe' ? 262144 : 81920;
  const n = ctx.stdout.isatty || to === 'cap' ? 200 : Math.max(1, Math.ceil(bytes / line.length));
  ctx.stdout.write(line.repeat(n));
  // yes never ends by itself: to a terminal, a file or a log it spins on a core; to a pipe it waits for its reader.
  return { block: 'timer', untilMs: ctx.k.uptimeMs + 100, periodic: true, busy: to !== 'pipe' };
}

export const yesProgram: ProgramDef<{ line: string } | null> = {
  id: 'yes',
  main(ctx) {
    const a = ctx.argv.slice(1);
    ctx.state = { line: (a.length ? a.join(' ') : 'y') + '\n' };
    return yesBurst(ctx);
  },
  resume: (ctx) => yesBurst(ctx),
};

export const pwdProgram: ProgramDef<null> = {
  id: 'pwd',
  main(ctx) {
    const logical = ctx.argv.includes('-L');
    const pwd = ctx.env.PWD;
    ctx.stdout.write(`${logical && pwd ? pwd : fsGetcwd(ctx.k, ctx.pid)}\n`);
    return { exit: 0 };
  },
};

export const envProgram: ProgramDef<null> = {
  id: 'env',
  main(ctx) {
    const name = progName(ctx, 'env');
    const r = parseArgs(ctx.argv.slice(1), { flags: 'i0', withValue: 'u', long: { ignore: { short: 'i' }, unset: { short: 'u', value: true } }, stopAtOperand: true });
    if (!r.ok) return usageError(ctx, name, r.error, 125);
    let env: Record<string, string> = r.p.has('i') ? {} : { ...ctx.env };
    for (const u of r.p.values('u')) delete env[u];
    const ops = [...r.p.operands];
    if (ops[0] === '-') {
      env = {};
      ops.shift();
    }
    while (ops.length && /^[^=]+=/.test(ops[0] as string)) {
      const a = ops.shift() as string;
      const eq = a.indexOf('=');
      env[a.slice(0, eq)] = a.slice(eq + 1);
    }
    if (!ops.length) {
      for (const [k, v] of Object.entries(env)) ctx.stdout.write(`${k}=${v}\n`);
      return { exit: 0 };
    }
    const w = ctx.ul.which(ctx.pid, ops[0] as string, env.PATH);
    if ('error' in w) {
      ctx.stderr.write(`${name}: '${ops[0]}': ${w.error === 'ENOENT' ? 'No such file or directory' : 'Permission denied'}\n`);
      return { exit: w.error === 'ENOENT' ? 127 : 126 };
    }
    return { exec: { path: w.path, argv: ops, env } };
  },
};

/** A daemon that has nothing to do in the simulation: it waits forever (and dies on SIGTERM). */
export const daemonProgram: ProgramDef<null> = {
  id: 'daemon',
  main: () => ({ block: 'forever' }),
};

/** A binary present on disk whose behaviour the simulator does not model. */
export const missingProgram: ProgramDef<null> = {
  id: 'missing',
  main(ctx) {
    ctx.stderr.write(`${progName(ctx, 'program')}: this program is not simulated\n`);
    return { exit: 127 };
  },
};

/** `docker` until the engine lands: prints nothing, succeeds. */
export const dockerStubProgram: ProgramDef<null> = {
  id: 'docker',
  main: () => ({ exit: 0 }),
};
