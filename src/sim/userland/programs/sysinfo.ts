/**
 * System information tools: date, id, whoami, uname, free, df,
 * nproc, stat. Each reads the kernel model as the calling process sees it
 * (its UTS namespace's hostname, its user namespace's view of IDs, its mount
 * namespace's mounts, /proc/meminfo).
 * SIMPLIFICATIONS: date prints UTC (TZ is not modelled) and supports +FORMAT
 * with the common % conversions; df reads sizes from the superblocks.
 */

import { settleNs } from '../../kernel/fs/lazy-copy.ts';
import type { Ctx, ProgramDef } from '../types.ts';
import { parseArgs, progName, usageError } from './args.ts';
import { nameDb } from './users.ts';
import { absPath, fsLstat, fsRead, fsReadlink, fsStat } from '../fsapi.ts';
import { isErr, strerror } from '../../kernel/errno.ts';
import { mapUidToNs, mapGidToNs } from '../../kernel/ns/idmap.ts';
import { hostnameOf } from '../../kernel/ns/uts.ts';
import { humanSize, modeString } from './ls.ts';
import { own } from '../own.ts';
import { mntnsOf } from '../../kernel/fs/mntns-table.ts';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');

/** strftime(3) for the conversions date(1) users reach for, in UTC. */
export function strftime(fmt: string, ms: number): string {
  const d = new Date(ms);
  const map: Record<string, () => string> = {
    Y: () => String(d.getUTCFullYear()),
    y: () => p2(d.getUTCFullYear() % 100),
    m: () => p2(d.getUTCMonth() + 1),
    d: () => p2(d.getUTCDate()),
    e: () => String(d.getUTCDate()).padStart(2),
    H: () => p2(d.getUTCHours()),
    I: () => p2(d.getUTCHours() % 12 || 12),
    M: () => p2(d.getUTCMinutes()),
    S: () => p2(d.getUTCSeconds()),
    N: () => String(d.getUTCMilliseconds() * 1e6).padStart(9, '0'),
    p: () => (d.getUTCHours() < 12 ? 'AM' : 'PM'),
    a: () => DAYS[d.getUTCDay()] as string,
    A: () => ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][d.getUTCDay()] as string,
    b: () => MONTHS[d.getUTCMonth()] as string,
    h: () => MONTHS[d.getUTCMonth()] as string,
    B: () => ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][d.getUTCMonth()] as string,
    s: () => String(Math.floor(ms / 1000)),
    Z: () => 'UTC',
    z: () => '+0000',
    j: () => String(Math.floor((ms - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400000) + 1).padStart(3, '0'),
    u: () => String(d.getUTCDay() || 7),
    w: () => String(d.getUTCDay()),
    n: () => '\n',
    t: () => '\t',
    '%': () => '%',
  };
  map.F = () => `${map.Y?.()}-${map.m?.()}-${map.d?.()}`;
  map.T = () => `${map.H?.()}:${map.M?.()}:${map.S?.()}`;
  map.D = () => `${map.m?.()}/${map.d?.()}/${map.y?.()}`;
  map.R = () => `${map.H?.()}:${map.M?.()}`;
  map.c = () => `${map.a?.()} ${map.b?.()} ${map.e?.()} ${map.T?.()} ${map.Y?.()}`;
  return fmt.replace(/%([a-zA-Z%])/g, (m, c: string) => own(map, c)?.() ?? m);
}

export const dateProgram: ProgramDef<null> = {
  id: 'date',
  main(ctx) {
    const name = progName(ctx, 'date');
    const r = parseArgs(ctx.argv.slice(1), { flags: 'uRI', withValue: 'ds', long: { utc: { short: 'u' }, 'rfc-email': { short: 'R' }, 'iso-8601': { short: 'I' }, date: { short: 'd', value: true }, set: { short: 's', value: true } } });
    if (!r.ok) return usageError(ctx, name, r.error);
    if (r.p.has('s') || r.p.operands.some((o) => !o.startsWith('+'))) {
      ctx.stderr.write(`${name}: cannot set date: Operation not permitted\n`);
      return { exit: 1 };
    }
    let ms = ctx.k.nowMs;
    const d = r.p.value('d');
    if (d !== undefined) {
      const m = /^@([0-9]+)$/.exec(d);
      const parsed = m ? Number(m[1]) * 1000 : Date.parse(d.includes('T') || d.includes('Z') ? d : `${d} UTC`);
      if (Number.isNaN(parsed)) {
        ctx.stderr.write(`${name}: invalid date '${d}'\n`);
        return { exit: 1 };
      }
      ms = parsed;
    }
    const fmt = r.p.operands.find((o) => o.startsWith('+'));
    let text: string;
    if (fmt) text = strftime(fmt.slice(1), ms);
    else if (r.p.has('R')) text = strftime('%a, %d %b %Y %H:%M:%S +0000', ms);
    else if (r.p.has('I')) text = strftime('%Y-%m-%d', ms);
    else text = strftime('%a %b %e %H:%M:%S UTC %Y', ms);
    ctx.stdout.write(text + '\n');
    return { exit: 0 };
  },
};

function idInfo(ctx: Ctx) {
  const p = ctx.k.proc(ctx.pid);
  const userNs = p?.ns.user ?? ctx.k.state.ns.initial.user;
  const c = p?.cred ?? { uid: 0, euid: 0, gid: 0, egid: 0, groups: [0] };
  const u = (x: number) => mapUidToNs(ctx.k, userNs, x);
  const g = (x: number) => mapGidToNs(ctx.k, userNs, x);
  return { uid: u(c.uid), euid: u(c.euid), gid: g(c.gid), egid: g(c.egid), groups: c.groups.map(g) };
}

export const idProgram: ProgramDef<null> = {
  id: 'id',
  main(ctx) {
    const name = progName(ctx, 'id');
    const r = parseArgs(ctx.argv.slice(1), { flags: 'ugGnr', long: { user: { short: 'u' }, group: { short: 'g' }, groups: { short: 'G' }, name: { short: 'n' } } });
    if (!r.ok) return usageError(ctx, name, r.error);
    const db = nameDb(ctx.k, ctx.pid);
    const i = idInfo(ctx);
    if (r.p.operands.length) {
      // id USER: the user's IDs and groups from /etc/passwd and /etc/group, not the caller's.
      const pw = db.passwd(r.p.operands[0] as string);
      if (!pw) {
        ctx.stderr.write(ctx.flavour === 'busybox' ? `${name}: unknown user ${r.p.operands[0]}\n` : `${name}: '${r.p.operands[0]}': no such user\n`);
        return { exit: 1 };
      }
      i.uid = i.euid = pw.uid;
      i.gid = i.egid = pw.gid;
      i.groups = [pw.gid, ...db.groupsOf(pw.name).filter((g) => g !== pw.gid)];
    }
    const un = (x: number) => db.user(x) ?? String(x);
    const gn = (x: number) => db.group(x) ?? String(x);
    const named = r.p.has('n');
    if (r.p.has('u')) ctx.stdout.write(`${named ? un(i.euid) : i.euid}\n`);
    else if (r.p.has('g')) ctx.stdout.write(`${named ? gn(i.egid) : i.egid}\n`);
    else if (r.p.has('G')) ctx.stdout.write(`${i.groups.map((x) => (named ? gn(x) : String(x))).join(' ')}\n`);
    else {
      const withName = (x: number, n: string | null) => (n ? `${x}(${n})` : String(x));
      let s = `uid=${withName(i.uid, db.user(i.uid))} gid=${withName(i.gid, db.group(i.gid))}`;
      if (i.euid !== i.uid) s += ` euid=${withName(i.euid, db.user(i.euid))}`;
      s += ` groups=${i.groups.map((x) => withName(x, db.group(x))).join(',')}`;
      ctx.stdout.write(s + '\n');
    }
    return { exit: 0 };
  },
};

export const whoamiProgram: ProgramDef<null> = {
  id: 'whoami',
  main(ctx) {
    const name = progName(ctx, 'whoami');
    const i = idInfo(ctx);
    const n = nameDb(ctx.k, ctx.pid).user(i.euid);
    if (!n) {
      ctx.stderr.write(ctx.flavour === 'busybox' ? `${name}: unknown uid ${i.euid}\n` : `${name}: cannot find name for user ID ${i.euid}\n`);
      return { exit: 1 };
    }
    ctx.stdout.write(n + '\n');
    return { exit: 0 };
  },
};

export const unameProgram: ProgramDef<null> = {
  id: 'uname',
  main(ctx) {
    const name = progName(ctx, 'uname');
    const r = parseArgs(ctx.argv.slice(1), { flags: 'asnrvmpio', long: { all: { short: 'a' }, 'kernel-name': { short: 's' }, nodename: { short: 'n' }, 'kernel-release': { short: 'r' }, 'kernel-version': { short: 'v' }, machine: { short: 'm' }, 'operating-system': { short: 'o' } } });
    if (!r.ok) return usageError(ctx, name, r.error);
    const m = ctx.k.state.machine;
    const host = hostnameOf(ctx.k, ctx.pid) ?? m.hostname;
    const bb = ctx.flavour === 'busybox';
    const parts: string[] = [];
    const all = r.p.has('a');
    const none = !['a', 's', 'n', 'r', 'v', 'm', 'p', 'i', 'o'].some((f) => r.p.has(f));
    if (all || none || r.p.has('s')) parts.push('Linux');
    if (all || r.p.has('n')) parts.push(host);
    if (all || r.p.has('r')) parts.push(m.release);
    if (all || r.p.has('v')) parts.push(m.version);
    if (all || r.p.has('m')) parts.push(m.machine);
    if (!all && r.p.has('p')) parts.push(bb ? 'unknown' : 'unknown');
    if (!all && r.p.has('i')) parts.push('unknown');
    if (all || r.p.has('o')) parts.push(bb ? 'Linux' : 'GNU/Linux');
    ctx.stdout.write(parts.join(' ') + '\n');
    return { exit: 0 };
  },
};

export const nprocProgram: ProgramDef<null> = {
  id: 'nproc',
  main(ctx) {
    ctx.stdout.write(`${ctx.k.state.machine.cpus}\n`);
    return { exit: 0 };
  },
};

function meminfo(ctx: Ctx): Record<string, number> {
  const text = fsRead(ctx.k, ctx.pid, '/proc/meminfo');
  const out: Record<string, number> = {};
  if (isErr(text)) return out;
  for (const line of text.split('\n')) {
    const m = /^(\S+):\s+([0-9]+)/.exec(line);
    if (m) out[m[1] as string] = Number(m[2]);
  }
  return out;
}

function humanFree(kb: number): string {
  const b = kb * 1024;
  if (b < 1024) return `${b}B`;
  const units = ['Ki', 'Mi', 'Gi', 'Ti'];
  let v = b / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v < 10 ? (Math.round(v * 10) / 10).toString() : Math.round(v)}${units[u]}`;
}

export const freeProgram: ProgramDef<null> = {
  id: 'free',
  main(ctx) {
    const name = progName(ctx, 'free');
    const r = parseArgs(ctx.argv.slice(1), { flags: 'bkmghwt', long: { human: { short: 'h' }, mebi: { short: 'm' }, gibi: { short: 'g' }, kibi: { short: 'k' } } });
    if (!r.ok) return usageError(ctx, name, r.error);
    const mi = meminfo(ctx);
    const total = mi.MemTotal ?? 0;
    const free = mi.MemFree ?? 0;
    const buffCache = (mi.Buffers ?? 0) + (mi.Cached ?? 0) + (mi.SReclaimable ?? 0);
    const used = Math.max(0, total - free - buffCache);
    const shared = mi.Shmem ?? 0;
    const avail = mi.MemAvailable ?? free;
    const swapT = mi.SwapTotal ?? 0;
    const swapF = mi.SwapFree ?? 0;
    const f = (kb: number) => (r.p.has('h') ? humanFree(kb) : r.p.has('m') ? String(Math.floor(kb / 1024)) : r.p.has('g') ? String(Math.floor(kb / 1048576)) : r.p.has('b') ? String(kb * 1024) : String(kb));
    if (ctx.flavour === 'busybox') {
      ctx.stdout.write(`              total        used        free      shared  buff/cache   available\nMem:   ${[total, used, free, shared, buffCache, avail].map((x) => f(x).padStart(12)).join('')}\nSwap:  ${[swapT, swapT - swapF, swapF].map((x) => f(x).padStart(12)).join('')}\n`);
      return { exit: 0 };
    }
    let out = `${''.padEnd(7)}${'total'.padStart(13)}${['used', 'free', 'shared', 'buff/cache', 'available'].map((h) => h.padStart(12)).join('')}\n`;
    out += `${'Mem:'.padEnd(7)}${f(total).padStart(13)}${[used, free, shared, buffCache, avail].map((x) => f(x).padStart(12)).join('')}\n`;
    out += `${'Swap:'.padEnd(7)}${f(swapT).padStart(13)}${[swapT - swapF, swapF].map((x) => f(x).padStart(12)).join('')}\n`;
    ctx.stdout.write(out);
    return { exit: 0 };
  },
};

const PSEUDO = new Set(['proc', 'sysfs', 'cgroup2', 'devpts', 'mqueue', 'securityfs', 'debugfs', 'tracefs', 'bpf', 'pstore', 'configfs', 'fusectl', 'hugetlbfs', 'autofs', 'binfmt_misc', 'nsfs']);

export const dfProgram: ProgramDef<null> = {
  id: 'df',
  main(ctx) {
    const name = progName(ctx, 'df');
    const r = parseArgs(ctx.argv.slice(1), { flags: 'haTkPi', long: { 'human-readable': { short: 'h' }, all: { short: 'a' }, 'print-type': { short: 'T' } } });
    if (!r.ok) return usageError(ctx, name, r.error);
    const k = ctx.k;
    const p = k.proc(ctx.pid);
    const fs = k.state.fs;
    if (p) settleNs(fs, p.ns.mnt);
    const table = p ? mntnsOf(fs, p.ns.mnt) : undefined;
    const rows: string[][] = [];
    const human = r.p.has('h');
    const showType = r.p.has('T');
    const fmt = (b: number) => (human ? humanSize(b).replace(/^(\d+)$/, '$1') : String(Math.ceil(b / 1024)));
    const seen = new Map<string, number>();
    const mounts = (table?.order ?? []).map((id) => fs.mounts[id]).filter((m): m is NonNullable<typeof m> => !!m);
    let filter: Set<number> | null = null;
    if (r.p.operands.length) {
      filter = new Set();
      for (const op of r.p.operands) {
        const path = absPath(k, ctx.pid, op);
        if (isErr(fsStat(k, ctx.pid, path))) {
          ctx.stderr.write(`${name}: ${op}: No such file or directory\n`);
          continue;
        }
        let best: (typeof mounts)[number] | null = null;
        for (const m of mounts) if ((path === m.point || path.startsWith(m.point === '/' ? '/' : m.point + '/')) && (!best || m.point.length >= best.point.length)) best = m;
        if (best) filter.add(best.id);
      }
    }
    for (const m of mounts) {
      const sb = fs.sbs[m.sb];
      if (!sb) continue;
      if (filter && !filter.has(m.id)) continue;
      if (!filter && !r.p.has('a') && (PSEUDO.has(sb.fstype) || sb.sizeBytes === 0)) continue;
      const size = sb.sizeBytes;
      const used = Math.min(size, sb.usedBytes);
      const avail = Math.max(0, size - used - (sb.fstype === 'ext4' ? Math.floor(size * 0.05) : 0));
      const pct = size ? `${Math.ceil((used / (used + avail || 1)) * 100)}%` : '-';
      const row = [m.devname ?? sb.source, ...(showType ? [sb.fstype] : []), fmt(size), fmt(used), fmt(avail), pct, m.point];
      const prev = seen.get(m.point);
      if (prev !== undefined) rows[prev] = row;
      else {
        seen.set(m.point, rows.length);
        rows.push(row);
      }
    }
    const header = ['Filesystem', ...(showType ? ['Type'] : []), human ? 'Size' : '1K-blocks', 'Used', human ? 'Avail' : 'Available', 'Use%', 'Mounted on'];
    const all = [header, ...rows];
    const n = header.length;
    const widths = header.map((_, i) => Math.max(human && i > (showType ? 1 : 0) && i < n - 2 ? 5 : 0, ...all.map((row) => (row[i] ?? '').length)));
    const leftCols = new Set([0, showType ? 1 : -1, n - 1]);
    let out = '';
    for (const row of all) {
      out +=
        row
          .map((c, i) => {
            const w = widths[i] as number;
            if (i === n - 1) return c;
            if (i === 0) return c.padEnd(Math.max(w, 14));
            return leftCols.has(i) ? c.padEnd(w) : c.padStart(row === header && i === n - 2 ? w : w);
          })
          .join(' ') + '\n';
    }
    ctx.stdout.write(out);
    return { exit: filter && !filter.size ? 1 : 0 };
  },
};

function statTime(ms: number): string {
  return `${strftime('%Y-%m-%d %H:%M:%S', ms)}.${String((ms % 1000) * 1e6).padStart(9, '0')} +0000`;
}

const TYPE_NAME: Record<string, string> = { file: 'regular file', dir: 'directory', symlink: 'symbolic link', chardev: 'character special file', blockdev: 'block special file', fifo: 'fifo', socket: 'socket' };

export const statProgram: ProgramDef<null> = {
  id: 'stat',
  main(ctx) {
    const name = progName(ctx, 'stat');
    const r = parseArgs(ctx.argv.slice(1), { flags: 'Lft', withValue: 'c', long: { format: { short: 'c', value: true }, dereference: { short: 'L' } } });
    if (!r.ok) return usageError(ctx, name, r.error);
    if (!r.p.operands.length) {
      ctx.stderr.write(`${name}: missing operand\nTry '${name} --help' for more information.\n`);
      return { exit: 1 };
    }
    const db = nameDb(ctx.k, ctx.pid);
    let status = 0;
    for (const op of r.p.operands) {
      const path = absPath(ctx.k, ctx.pid, op);
      const st = r.p.has('L') ? fsStat(ctx.k, ctx.pid, path) : fsLstat(ctx.k, ctx.pid, path);
      if (isErr(st)) {
        ctx.stderr.write(`${name}: cannot statx '${op}': ${strerror(st.errno)}\n`);
        status = 1;
        continue;
      }
      const user = db.user(st.uid) ?? 'UNKNOWN';
      const group = db.group(st.gid) ?? 'UNKNOWN';
      const oct = (st.mode & 0o7777).toString(8).padStart(4, '0');
      const fmt = r.p.value('c');
      if (fmt !== undefined) {
        const map: Record<string, string> = {
          n: op,
          N: op,
          s: String(st.size),
          a: (st.mode & 0o7777).toString(8),
          A: modeString(st.type, st.mode),
          U: user,
          u: String(st.uid),
          G: group,
          g: String(st.gid),
          i: String(st.ino),
          h: String(st.nlink),
          F: TYPE_NAME[st.type] ?? st.type,
          y: statTime(st.mtimeMs),
          Y: String(Math.floor(st.mtimeMs / 1000)),
          '%': '%',
        };
        ctx.stdout.write(fmt.replace(/%([a-zA-Z%])/g, (m, c: string) => own(map, c) ?? m) + '\n');
        continue;
      }
      let link = '';
      if (st.type === 'symlink') {
        const t = fsReadlink(ctx.k, ctx.pid, path);
        link = isErr(t) ? '' : ` -> ${t}`;
      }
      const dev = `${st.dev[0]},${st.dev[1]}`;
      ctx.stdout.write(
        `  File: ${op}${link}\n` +
          `  Size: ${String(st.size).padEnd(10)}\tBlocks: ${String(st.blocks).padEnd(10)} IO Block: 4096   ${TYPE_NAME[st.type] ?? st.type}\n` +
          `Device: ${dev}\tInode: ${String(st.ino).padEnd(11)} Links: ${st.nlink}${st.type === 'chardev' || st.type === 'blockdev' ? `     Device type: ${st.rdev[0]},${st.rdev[1]}` : ''}\n` +
          `Access: (${oct}/${modeString(st.type, st.mode)})  Uid: (${String(st.uid).padStart(5)}/${user.padStart(8)})   Gid: (${String(st.gid).padStart(5)}/${group.padStart(8)})\n` +
          `Access: ${statTime(st.atimeMs)}\nModify: ${statTime(st.mtimeMs)}\nChange: ${statTime(st.ctimeMs)}\n Birth: -\n`,
      );
    }
    return { exit: status };
  },
};

export { fsLstat };
