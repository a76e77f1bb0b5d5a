/**
 * redis-server 7.4 as the official image runs it: the start-up log lines,
 * listening on 6379 (or --port), a key-value store answering the RESP
 * protocol (and inline commands, as `nc` sends them), and the shutdown lines
 * on SIGTERM/SIGINT.
 *
 * Models: the log format `PID:ROLE DD Mon YYYY HH:MM:SS.mmm LEVEL message`
 * (C for the process before init, M for the master), the commands lessons
 * type (PING, ECHO, SET [EX], GET, DEL, EXISTS, INCR/DECR/INCRBY, APPEND,
 * STRLEN, MSET/MGET, KEYS, DBSIZE, TYPE, EXPIRE, TTL, FLUSHALL, INFO server,
 * SELECT, QUIT) with RESP2 replies, key expiry in virtual time.
 * SIMPLIFICATIONS: strings only (no lists, hashes, sets); one database; no
 * persistence (SHUTDOWN and SIGTERM log a save that writes nothing).
 */

import type { ConnInfo, Ctx, ProgramDef } from '../types.ts';
import { MONTHS } from './http.ts';
import { listenTcp, nowMs, nsPid } from './svc.ts';
import { ulOf } from '../programs/dial.ts';

export const REDIS_VERSION = '7.4.2';

interface Entry {
  v: string;
  /** Expiry, ms since boot. */
  exp?: number;
}

interface RedisState {
  port: number;
  db: Record<string, Entry>;
  /** SHUTDOWN was asked: the shutdown lines are printed; the next SIGTERM ends quietly. */
  quiet?: boolean;
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

export function redisTime(ms: number): string {
  const d = new Date(ms);
  return `${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')}`;
}

function log(ctx: Ctx, role: 'C' | 'M', level: '*' | '#', msg: string): void {
  ctx.stdout.write(`${nsPid(ctx)}:${role} ${redisTime(nowMs(ctx))} ${level} ${msg}\n`);
}

/** Split a client's bytes into commands: RESP arrays (`*2\r\n$3\r\nGET\r\n...`) or inline lines. */
export function parseCommands(data: string): string[][] {
  const out: string[][] = [];
  const lines = data.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as string;
    if (l.startsWith('*')) {
      const n = Number(l.slice(1));
      const args: string[] = [];
      for (let j = 0; j < n && i + 2 < lines.length + 1; j++) {
        i += 2;
        args.push(lines[i] ?? '');
      }
      out.push(args);
    } else if (l.trim() !== '') out.push(inlineArgs(l));
  }
  return out;
}

/** Inline command splitting with "double" and 'single' quotes, as redis-cli and redis's inline protocol do. */
export function inlineArgs(line: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? m[3] ?? ''));
  return out;
}

const bulk = (s: string | null) => (s === null ? '$-1\r\n' : `$${s.length}\r\n${s}\r\n`);
const int = (n: number) => `:${n}\r\n`;
const ok = '+OK\r\n';
const arr = (items: Array<string | null>) => `*${items.length}\r\n${items.map(bulk).join('')}`;
const wrongArgs = (cmd: string) => `-ERR wrong number of arguments for '${cmd}' command\r\n`;

function globRe(pattern: string): RegExp {
  return new RegExp('^' + pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$');
}

function live(st: RedisState, key: string, now: number): Entry | undefined {
  const e = Object.prototype.hasOwnProperty.call(st.db, key) ? st.db[key] : undefined;
  if (e && e.exp !== undefined && e.exp <= now) {
    delete st.db[key];
    return undefined;
  }
  return e;
}

/** Run one command against the store; the RESP reply. */
export function runCommand(st: RedisState, args: string[], now: number): string {
  const cmd = (args[0] ?? '').toLowerCase();
  const a = args.slice(1);
  const need = (n: number) => a.length >= n;
  switch (cmd) {
    case 'ping':
      return a.length ? bulk(a[0] as string) : '+PONG\r\n';
    case 'echo':
      return need(1) ? bulk(a[0] as string) : wrongArgs(cmd);
    case 'set': {
      if (!need(2)) return wrongArgs(cmd);
      const e: Entry = { v: a[1] as string };
      const ex = a.findIndex((x) => x.toLowerCase() === 'ex');
      if (ex >= 0) e.exp = now + Number(a[ex + 1]) * 1000;
      st.db[a[0] as string] = e;
      return ok;
    }
    case 'get':
      return need(1) ? bulk(live(st, a[0] as string, now)?.v ?? null) : wrongArgs(cmd);
    case 'del':
    case 'unlink': {
      let n = 0;
      for (const k of a) {
        if (!live(st, k, now)) continue;
        delete st.db[k];
        n++;
      }
      return int(n);
    }
    case 'exists':
      return int(a.filter((k) => live(st, k, now)).length);
    case 'incr':
    case 'decr':
    case 'incrby':
    case 'decrby': {
      if (!need(1)) return wrongArgs(cmd);
      const key = a[0] as string;
      const cur = live(st, key, now)?.v ?? '0';
      const by = cmd === 'incr' ? 1 : cmd === 'decr' ? -1 : cmd === 'incrby' ? Number(a[1]) : -Number(a[1]);
      if (!/^-?\d+$/.test(cur) || !Number.isInteger(by)) return '-ERR value is not an integer or out of range\r\n';
      const v = Number(cur) + by;
      st.db[key] = { ...st.db[key], v: String(v) };
      return int(v);
    }
    case 'append': {
      if (!need(2)) return wrongArgs(cmd);
      const key = a[0] as string;
      const v = (live(st, key, now)?.v ?? '') + (a[1] as string);
      st.db[key] = { ...st.db[key], v };
      return int(v.length);
    }
    case 'strlen':
      return int(live(st, a[0] ?? '', now)?.v.length ?? 0);
    case 'mset':
      for (let i = 0; i + 1 < a.length; i += 2) st.db[a[i] as string] = { v: a[i + 1] as string };
      return a.length && a.length % 2 === 0 ? ok : wrongArgs(cmd);
    case 'mget':
      return arr(a.map((k) => live(st, k, now)?.v ?? null));
    case 'keys': {
      const re = globRe(a[0] ?? '*');
      return arr(Object.keys(st.db).filter((k) => live(st, k, now) && re.test(k)).sort());
    }
    case 'dbsize':
      return int(Object.keys(st.db).filter((k) => live(st, k, now)).length);
    case 'type':
      return live(st, a[0] ?? '', now) ? '+string\r\n' : '+none\r\n';
    case 'expire': {
      const e = live(st, a[0] ?? '', now);
      if (!e) return int(0);
      e.exp = now + Number(a[1]) * 1000;
      return int(1);
    }
    case 'ttl': {
      const e = live(st, a[0] ?? '', now);
      return int(!e ? -2 : e.exp === undefined ? -1 : Math.ceil((e.exp - now) / 1000));
    }
    case 'flushall':
    case 'flushdb':
      st.db = {};
      return ok;
    case 'select':
      return a[0] === '0' ? ok : '-ERR DB index is out of range\r\n';
    case 'info':
      return bulk(`# Server\r\nredis_version:${REDIS_VERSION}\r\nredis_mode:standalone\r\nos:Linux x86_64\r\narch_bits:64\r\ntcp_port:${st.port}\r\n`);
    case 'command':
      return '*0\r\n';
    case 'quit':
      return ok;
    default: {
      const rest = a.map((x) => `'${x}' `).join('');
      return `-ERR unknown command '${args[0] ?? ''}', with args beginning with: ${rest}\r\n`;
    }
  }
}

function shutdown(ctx: Ctx<RedisState>, sig: number | null): { exit: number } {
  if (sig !== null) ctx.stdout.write(`${nsPid(ctx as Ctx)}:signal-handler (${Math.floor(nowMs(ctx as Ctx) / 1000)}) Received ${sig === 2 ? 'SIGINT' : 'SIGTERM'} scheduling shutdown...\n`);
  log(ctx as Ctx, 'M', '*', 'User requested shutdown...');
  log(ctx as Ctx, 'M', '*', 'Saving the final RDB snapshot before exiting.');
  log(ctx as Ctx, 'M', '*', 'DB saved on disk');
  log(ctx as Ctx, 'M', '#', 'Redis is now ready to exit, bye bye...');
  return { exit: 0 };
}

export const redisServerProgram: ProgramDef<RedisState | null> = {
  id: 'redis-server',
  catches: [2, 15],
  main(ctx) {
    const args = ctx.argv.slice(1);
    if (args.includes('-v') || args.includes('--version')) {
      ctx.stdout.write(`Redis server v=${REDIS_VERSION} sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build=d2e8fd1b8d4a6cc0\n`);
      return { exit: 0 };
    }
    const pi = args.indexOf('--port');
    const port = pi >= 0 ? Number(args[pi + 1]) : 6379;
    const conf = args.find((a) => !a.startsWith('-') && a.endsWith('.conf'));
    const c = ctx as Ctx;
    log(c, 'C', '#', "WARNING Memory overcommit must be enabled! Without it, a background save or replication may fail under low memory condition. Being disabled, it can also cause failures without low memory condition, see https://github.com/jemalloc/jemalloc/issues/1328. To fix this issue add 'vm.overcommit_memory = 1' to /etc/sysctl.conf and then reboot or run the command 'sysctl vm.overcommit_memory=1' for this to take effect.");
    log(c, 'C', '*', 'oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo');
    log(c, 'C', '*', `Redis version=${REDIS_VERSION}, bits=64, commit=00000000, modified=0, pid=${nsPid(c)}, just started`);
    if (conf) log(c, 'C', '*', 'Configuration loaded');
    else log(c, 'C', '#', 'Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf');
    log(c, 'M', '*', 'monotonic clock: POSIX clock_gettime');
    const l = listenTcp(c, '0.0.0.0', port);
    if ('errno' in l) {
      log(c, 'M', '#', `Warning: Could not create server TCP listening socket *:${port}: bind: ${l.errno === 'EADDRINUSE' ? 'Address already in use' : 'Permission denied'}`);
      log(c, 'M', '#', `Failed listening on port ${port} (tcp), aborting.`);
      return { exit: 1 };
    }
    ctx.state = { port, db: {} };
    log(c, 'M', '*', `Running mode=standalone, port=${port}.`);
    log(c, 'M', '*', 'Server initialized');
    log(c, 'M', '*', 'Ready to accept connections tcp');
    return { block: 'forever' };
  },
  onSignal(ctx, sig) {
    if (!ctx.state) return { exit: 128 + sig };
    if (ctx.state.quiet) return { exit: 0 };
    return shutdown(ctx as Ctx<RedisState>, sig);
  },
  onData(ctx, _conn: ConnInfo, data) {
    const st = ctx.state;
    if (!st) return '';
    let reply = '';
    for (const args of parseCommands(data)) {
      if ((args[0] ?? '').toLowerCase() === 'shutdown') {
        shutdown(ctx as Ctx<RedisState>, null);
        st.quiet = true;
        ulOf(ctx as Ctx).kill(0, ctx.pid, 15);
        return reply;
      }
      reply += runCommand(st, args, ctx.k.uptimeMs);
    }
    return reply;
  },
};
