/**
 * timeout(1), coreutils 9.1 (and busybox timeout): run a command with a time
 * limit.
 *
 * Models: the child runs with timeout's stdin/stdout/stderr; when it exits
 * first its status is timeout's; when the DURATION (s, m, h, d suffixes,
 * fractions) of virtual time passes first, the child gets SIGTERM or -s SIG,
 * then SIGKILL after -k DURATION if it is still there, and timeout exits 124
 * (137 after the KILL, the child's status with --preserve-status); a command
 * that cannot be found or run gives 127 / 126 with `timeout: failed to run
 * command ‘x’: No such file or directory`; a bad interval 125.
 * SIMPLIFICATIONS: no --foreground / --verbose distinctions; a duration of 0
 * runs without a limit.
 */

import type { Ctx, Outcome, ProgramDef } from '../types.ts';
import { signalNumber } from '../../kernel/signals.ts';
import { kSleepUntil } from '../kapi.ts';
import { progName } from './args.ts';
import { ulOf } from './dial.ts';

interface TimeoutState {
  child: number;
  status: number | null;
  sig: number;
  killAfterMs: number | null;
  preserve: boolean;
  /** 'run' until the limit, 'term' after the signal, 'kill' after SIGKILL. */
  phase: 'run' | 'term' | 'kill';
}

/** A duration as timeout reads it: a number with an optional s/m/h/d suffix, in ms; null if invalid. */
export function parseDuration(s: string): number | null {
  const m = /^([0-9]*\.?[0-9]+)([smhd]?)$/.exec(s);
  if (!m) return null;
  const mult = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as ''];
  return Math.round(Number(m[1]) * mult);
}

function finish(ctx: Ctx<TimeoutState>): Outcome {
  const st = ctx.state;
  const status = st.status ?? 0;
  if (st.phase === 'run' || st.preserve) return { exit: status };
  return { exit: st.phase === 'kill' ? 137 : 124 };
}

function expire(ctx: Ctx<TimeoutState>): Outcome {
  const st = ctx.state;
  if (st.status !== null) return finish(ctx);
  const ul = ulOf(ctx as Ctx);
  if (st.phase === 'run') {
    st.phase = 'term';
    ul.kill(ctx.pid, st.child, st.sig);
    if (st.killAfterMs !== null) return afterSignal(ctx, { block: 'timer', untilMs: ctx.k.uptimeMs + st.killAfterMs });
  } else if (st.phase === 'term') {
    st.phase = 'kill';
    ul.kill(ctx.pid, st.child, 9);
  }
  return afterSignal(ctx, { block: 'child', pid: st.child });
}

/** The signal may already have ended the child (its exit is queued): reap it if so. */
function afterSignal(ctx: Ctx<TimeoutState>, wait: Outcome): Outcome {
  const s = ctx.ul.reapChild(ctx.pid, ctx.state.child);
  if (s !== null) {
    ctx.state.status = s;
    return finish(ctx);
  }
  return wait;
}

export const timeoutProgram: ProgramDef<TimeoutState> = {
  id: 'timeout',
  main(ctx) {
    const name = progName(ctx as Ctx, 'timeout');
    const args = ctx.argv.slice(1);
    let sig = 15;
    let killAfterMs: number | null = null;
    let preserve = false;
    let i = 0;
    const usage = (msg: string): Outcome => {
      ctx.stderr.write(`${name}: ${msg}\nTry '${name} --help' for more information.\n`);
      return { exit: 125 };
    };
    for (; i < args.length; i++) {
      const a = args[i] as string;
      if (a === '--') {
        i++;
        break;
      }
      if (!a.startsWith('-') || a === '-') break;
      const [k, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
      const val = () => inline ?? (k.length > 2 && !k.startsWith('--') ? k.slice(2) : args[++i]);
      if (k === '--preserve-status') preserve = true;
      else if (k === '--foreground' || k === '-v' || k === '--verbose') continue;
      else if (k.startsWith('-s') || k === '--signal') {
        const v = val() ?? '';
        const n = signalNumber(v);
        if (n === null) return usage(`${v}: invalid signal`);
        sig = n;
      } else if (k.startsWith('-k') || k === '--kill-after') {
        const v = val() ?? '';
        const ms = parseDuration(v);
        if (ms === null) return usage(`invalid time interval ‘${v}’`);
        killAfterMs = ms;
      } else return usage(a.startsWith('--') ? `unrecognized option '${a}'` : `invalid option -- '${a[1]}'`);
    }
    const [dur, ...cmd] = args.slice(i);
    if (dur === undefined || !cmd.length) return usage(dur === undefined ? 'missing operand' : `missing operand after ‘${dur}’`);
    const ms = parseDuration(dur);
    if (ms === null) return usage(`invalid time interval ‘${dur}’`);
    const fds = { 0: ctx.fds[0] ?? { k: 'null' as const }, 1: ctx.fds[1] ?? { k: 'null' as const }, 2: ctx.fds[2] ?? { k: 'null' as const } };
    const child = ctx.ul.spawn(ctx.pid, { argv: cmd, fds });
    if (typeof child !== 'number') {
      ctx.stderr.write(`${name}: failed to run command ‘${cmd[0]}’: ${child.error.replace(/^[^:]*: /, '').replace(/\n$/, '')}\n`);
      return { exit: child.status };
    }
    ctx.state = { child, status: null, sig, killAfterMs, preserve, phase: 'run' };
    const done = ctx.ul.reapChild(ctx.pid, child);
    if (done !== null) return { exit: done };
    return ms === 0 ? { block: 'child', pid: child } : { block: 'timer', untilMs: ctx.k.uptimeMs + ms };
  },
  onChildExit(ctx, pid, status) {
    if (pid !== ctx.state.child) return;
    ctx.state.status = status;
    // Cut the sleep short: wake now rather than at the deadline.
    kSleepUntil(ctx.k, ctx.pid, ctx.k.uptimeMs);
  },
  resume(ctx, why) {
    if (why.kind === 'child') {
      ctx.state.status = why.status;
      return finish(ctx);
    }
    return expire(ctx);
  },
};
