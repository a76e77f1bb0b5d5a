/**
 * redis-cli 7.4: one command from the arguments (or one per line of a
 * non-terminal stdin), or an interactive prompt `127.0.0.1:6379> ` on a
 * terminal; replies formatted as redis-cli does: on a terminal `"value"`,
 * `(nil)`, `(integer) 1`, `(error) ERR ...`, numbered array items,
 * `(empty array)`; raw when stdout is not a terminal.
 *
 * Models: a TCP connection through the kernel (so a container network, a
 * published port or a firewall rule decides whether it reaches the server);
 * "Could not connect to Redis at HOST:PORT: Connection refused" (exit 1).
 * SIMPLIFICATIONS: RESP2 only; no --raw/--no-raw, -a, -u, --scan or pipes mode.
 */

import type { Ctx, Outcome, ProgramDef } from '../types.ts';
import { strerror } from '../../kernel/errno.ts';
import { connInfo, dial, ulOf } from '../programs/dial.ts';
import { inlineArgs } from './redis.ts';

interface CliState {
  host: string;
  port: number;
  tty: boolean;
  buf: string;
}

type Reply = { t: 'status' | 'error' | 'bulk' | 'int'; v: string } | { t: 'nil' } | { t: 'array'; items: Reply[] };

/** Parse RESP replies from text. */
export function parseReplies(text: string): Reply[] {
  const lines = text.split('\r\n');
  let i = 0;
  const one = (): Reply => {
    const l = lines[i++] ?? '';
    const c = l[0];
    const rest = l.slice(1);
    if (c === '+') return { t: 'status', v: rest };
    if (c === '-') return { t: 'error', v: rest };
    if (c === ':') return { t: 'int', v: rest };
    if (c === '$') {
      if (rest === '-1') return { t: 'nil' };
      return { t: 'bulk', v: lines[i++] ?? '' };
    }
    if (c === '*') {
      const n = Number(rest);
      const items: Reply[] = [];
      for (let j = 0; j < n; j++) items.push(one());
      return { t: 'array', items };
    }
    return { t: 'status', v: l };
  };
  const out: Reply[] = [];
  while (i < lines.length && lines[i] !== '') out.push(one());
  return out;
}

export function formatReply(r: Reply, tty: boolean, indent = ''): string {
  switch (r.t) {
    case 'status':
      return r.v;
    case 'error':
      return tty ? `(error) ${r.v}` : r.v;
    case 'int':
      return tty ? `(integer) ${r.v}` : r.v;
    case 'bulk':
      return tty ? JSON.stringify(r.v) : r.v;
    case 'nil':
      return tty ? '(nil)' : '';
    case 'array':
      if (!r.items.length) return tty ? '(empty array)' : '';
      if (!tty) return r.items.map((x) => formatReply(x, false)).join('\n');
      return r.items.map((x, i) => `${i === 0 ? '' : indent}${i + 1}) ${formatReply(x, true, indent + '   ')}`).join('\n');
  }
}

function send(ctx: Ctx<CliState>, args: string[]): { text: string } | { error: string } {
  const st = ctx.state;
  const d = dial(ctx as Ctx, st.host, st.port);
  if (!d.ok) return { error: `Could not connect to Redis at ${st.host}:${st.port}: ${d.stage === 'resolve' ? 'Name or service not known' : strerror(d.errno)}` };
  const pid = d.c.listener.pid;
  const wire = `*${args.length}\r\n${args.map((a) => `$${a.length}\r\n${a}\r\n`).join('')}`;
  const reply = pid === null ? null : ulOf(ctx as Ctx).exchange(pid, connInfo(d.c), wire);
  if (reply === null) return { error: 'Error: Connection reset by peer' };
  return { text: parseReplies(reply).map((r) => formatReply(r, st.tty)).join('\n') };
}

function prompt(st: CliState): string {
  return `${st.host}:${st.port}> `;
}

function lineLoop(ctx: Ctx<CliState>): Outcome {
  const st = ctx.state;
  st.buf += ctx.stdin.read();
  let nl = st.buf.indexOf('\n');
  while (nl >= 0) {
    const line = st.buf.slice(0, nl).trim();
    st.buf = st.buf.slice(nl + 1);
    if (line) {
      const args = inlineArgs(line);
      if (st.tty && /^(quit|exit)$/i.test(args[0] ?? '')) return { exit: 0 };
      const r = send(ctx, args);
      if ('error' in r) {
        ctx.stderr.write(`${r.error}\n`);
        if (!st.tty) return { exit: 1 };
      } else ctx.stdout.write(`${r.text}\n`);
    }
    if (st.tty) ctx.stdout.write(prompt(st));
    nl = st.buf.indexOf('\n');
  }
  if (ctx.stdin.eof) return { exit: 0 };
  return { block: 'input' };
}

export const redisCliProgram: ProgramDef<CliState> = {
  id: 'redis-cli',
  main(ctx) {
    const args = ctx.argv.slice(1);
    let host = '127.0.0.1';
    let port = 6379;
    const rest: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i] as string;
      if (a === '-h') host = args[++i] ?? host;
      else if (a === '-p') port = Number(args[++i] ?? port);
      else if (a === '-n') i++;
      else if (a === '-v' || a === '--version') {
        ctx.stdout.write('redis-cli 7.4.2\n');
        return { exit: 0 };
      } else rest.push(a);
    }
    ctx.state = { host, port, tty: ctx.stdout.isatty, buf: '' };
    if (rest.length) {
      const r = send(ctx, rest);
      if ('error' in r) {
        ctx.stderr.write(`${r.error}\n`);
        return { exit: 1 };
      }
      ctx.stdout.write(`${r.text}\n`);
      return { exit: 0 };
    }
    if (ctx.stdin.isatty) ctx.stdout.write(prompt(ctx.state));
    return lineLoop(ctx);
  },
  onInput: (ctx) => lineLoop(ctx),
  resume: (ctx) => lineLoop(ctx),
};
