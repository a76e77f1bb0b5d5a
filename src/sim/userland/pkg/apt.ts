/**
 * apt-get (and apt) 2.6 on Debian 12 / 2.7 on Ubuntu 24.04: `update`,
 * `install [-y] PKG...`, as in a Dockerfile's RUN line.
 *
 * Models: `update` fetching the release files and package indexes from the
 * mirror through the kernel's network and writing them under
 * /var/lib/apt/lists (their presence is what `install` needs: without it,
 * "E: Unable to locate package curl", exit 100); `install` resolving
 * dependencies from the catalogue, the Get:/Selecting/Unpacking/Setting up
 * lines, unpacking into the filesystem, recording /var/lib/dpkg/status;
 * the network failure texts (Temporary failure resolving 'deb.debian.org'),
 * root being required, and the time a download and unpack take (virtual).
 * SIMPLIFICATIONS: a fixed mirror per distribution; no upgrade/remove; the
 * index sizes are those of a typical day.
 */

import type { Ctx, Outcome, ProgramDef } from '../types.ts';
import { isErr } from '../../kernel/errno.ts';
import { fsRead, fsReaddir, fsTruncate, fsWrite } from '../fsapi.ts';
import { resolveDeps, type Pkg } from './catalogue.ts';
import { aptSize, mkdirP, reach, unpack } from './unpack.ts';

const LISTS = '/var/lib/apt/lists';

interface Distro {
  id: 'debian' | 'ubuntu';
  codename: string;
  mirror: string;
  host: string;
  suites: Array<{ url: string; suite: string; size: number }>;
}

function distro(ctx: Ctx): Distro {
  const os = fsRead(ctx.k, ctx.pid, '/etc/os-release');
  const text = isErr(os) ? '' : os;
  const id = /^ID=(\w+)/m.exec(text)?.[1] === 'ubuntu' ? 'ubuntu' : 'debian';
  const codename = /^VERSION_CODENAME=(\w+)/m.exec(text)?.[1] ?? (id === 'ubuntu' ? 'noble' : 'bookworm');
  if (id === 'ubuntu') {
    const m = 'http://archive.ubuntu.com/ubuntu';
    return { id, codename, mirror: m, host: 'archive.ubuntu.com', suites: [{ url: m, suite: codename, size: 256_000 }, { url: m, suite: `${codename}-updates`, size: 126_000 }, { url: m, suite: `${codename}-backports`, size: 126_000 }, { url: 'http://security.ubuntu.com/ubuntu', suite: `${codename}-security`, size: 126_000 }] };
  }
  const m = 'http://deb.debian.org/debian';
  return { id, codename, mirror: m, host: 'deb.debian.org', suites: [{ url: m, suite: codename, size: 151_000 }, { url: m, suite: `${codename}-updates`, size: 55_400 }, { url: 'http://deb.debian.org/debian-security', suite: `${codename}-security`, size: 48_000 }] };
}

function listFile(url: string, suite: string, what: string): string {
  return `${LISTS}/${url.replace(/^http:\/\//, '').replace(/\//g, '_')}_dists_${suite}_${what}`;
}

function haveLists(ctx: Ctx): boolean {
  const ls = fsReaddir(ctx.k, ctx.pid, LISTS);
  return !isErr(ls) && ls.some((n) => n.includes('_Packages'));
}

function installedSet(ctx: Ctx): Set<string> {
  const s = fsRead(ctx.k, ctx.pid, '/var/lib/dpkg/status');
  const out = new Set<string>();
  if (isErr(s)) return out;
  for (const block of s.split(/\n\n+/)) {
    const name = /^Package: (\S+)/m.exec(block)?.[1];
    if (name && /^Status: install ok installed/m.test(block)) out.add(name);
  }
  return out;
}

function wrap(names: string[]): string {
  const lines: string[] = [];
  let cur = ' ';
  for (const n of names) {
    if (cur.length + 1 + n.length > 79 && cur.trim()) {
      lines.push(cur);
      cur = ' ';
    }
    cur += ` ${n}`;
  }
  lines.push(cur);
  return lines.join('\n') + '\n';
}

function reading(ctx: Ctx): string {
  const done = ctx.stdout.isatty ? ' Done' : '';
  return `Reading package lists...${done}\nBuilding dependency tree...${done}\nReading state information...${done}\n`;
}

interface AptState {
  out: string;
  err: string;
  code: number;
}

function later(ctx: Ctx<AptState | null>, ms: number, out: string, err: string, code: number): Outcome {
  ctx.state = { out, err, code };
  return { block: 'timer', untilMs: ctx.k.uptimeMs + ms };
}

function update(ctx: Ctx<AptState | null>): Outcome {
  const c = ctx as Ctx;
  const d = distro(c);
  const r = reach(c, d.host, 80);
  const done = ctx.stdout.isatty ? ' Done' : '';
  if (!r.ok) {
    const why = r.why === 'resolve' ? `Temporary failure resolving '${d.host}'` : `Could not connect to ${d.host}:80 (${r.ip}). - connect (101: Network is unreachable)`;
    let out = '';
    let err = '';
    d.suites.forEach((s, i) => {
      out += `Ign:${i + 1} ${s.url} ${s.suite} InRelease\n`;
    });
    d.suites.forEach((s, i) => {
      out += `Err:${i + 1} ${s.url} ${s.suite} InRelease\n  ${why}\n`;
      err += `W: Failed to fetch ${s.url}/dists/${s.suite}/InRelease  ${why}\n`;
    });
    out += `Reading package lists...${done}\n`;
    err += 'W: Some index files failed to download. They have been ignored, or old ones used instead.\n';
    return later(ctx, 10_000, out, err, 0);
  }
  mkdirP(c, LISTS);
  let out = '';
  let n = 0;
  let total = 0;
  for (const s of d.suites) {
    out += `Get:${++n} ${s.url} ${s.suite} InRelease [${aptSize(s.size)}]\n`;
    total += s.size;
    fsWrite(c.k, c.pid, listFile(s.url, s.suite, 'InRelease'), '');
    fsTruncate(c.k, c.pid, listFile(s.url, s.suite, 'InRelease'), s.size);
  }
  for (const s of d.suites) {
    const size = s.suite === d.codename ? 8_792_000 : Math.round(s.size * 2.6);
    out += `Get:${++n} ${s.url} ${s.suite}/main amd64 Packages [${aptSize(size)}]\n`;
    total += size;
    const f = listFile(s.url, s.suite, 'main_binary-amd64_Packages.lz4');
    fsWrite(c.k, c.pid, f, '');
    fsTruncate(c.k, c.pid, f, size);
  }
  const secs = Math.max(1, Math.round(total / 4_600_000));
  out += `Fetched ${aptSize(total)} in ${secs}s (${aptSize(Math.round(total / secs))}/s)\nReading package lists...${done}\n`;
  return later(ctx, secs * 1000, out, '', 0);
}

function install(ctx: Ctx<AptState | null>, names: string[], yes: boolean): Outcome {
  const c = ctx as Ctx;
  const d = distro(c);
  let out = reading(c);
  if (!haveLists(c)) {
    ctx.stdout.write(out);
    ctx.stderr.write(`E: Unable to locate package ${names[0]}\n`);
    return { exit: 100 };
  }
  const installed = installedSet(c);
  const { order, missing } = resolveDeps('deb', names, installed);
  if (missing.length) {
    ctx.stdout.write(out);
    ctx.stderr.write(`E: Unable to locate package ${missing[0]}\n`);
    return { exit: 100 };
  }
  if (!order.length) {
    for (const n of names) out += `${n} is already the newest version.\n`;
    out += '0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n';
    ctx.stdout.write(out);
    return { exit: 0 };
  }
  const wanted = new Set(names);
  const extra = order.filter((p) => !wanted.has(p.name));
  if (extra.length) out += 'The following additional packages will be installed:\n' + wrap(extra.map((p) => p.name));
  out += 'The following NEW packages will be installed:\n' + wrap(order.map((p) => p.name).sort());
  const dl = order.reduce((a, p) => a + p.dl, 0);
  const inst = order.reduce((a, p) => a + p.inst, 0);
  out += `0 upgraded, ${order.length} newly installed, 0 to remove and 0 not upgraded.\nNeed to get ${aptSize(dl)} of archives.\nAfter this operation, ${aptSize(inst)} of additional disk space will be used.\n`;
  if (!yes) {
    out += 'Do you want to continue? [Y/n] Abort.\n';
    ctx.stdout.write(out);
    return { exit: 1 };
  }
  const r = reach(c, d.host, 80);
  if (!r.ok) {
    const why = r.why === 'resolve' ? `Temporary failure resolving '${d.host}'` : `Could not connect to ${d.host}:80 (${r.ip}). - connect (101: Network is unreachable)`;
    let err = '';
    order.forEach((p, i) => {
      out += `Err:${i + 1} ${d.mirror} ${d.codename}/main amd64 ${p.name} amd64 ${p.version}\n  ${why}\n`;
      err += `E: Failed to fetch ${d.mirror}/pool/main/${p.name[0]}/${p.name}/${p.name}_${p.version.replace(/^\d+:/, '')}_amd64.deb  ${why}\n`;
    });
    err += 'E: Unable to fetch some archives, maybe run apt-get update or try with --fix-missing?\n';
    return later(ctx, 10_000, out, err, 100);
  }
  order.forEach((p, i) => {
    out += `Get:${i + 1} ${d.mirror} ${d.codename}/main amd64 ${p.name} amd64 ${p.version} [${aptSize(p.dl)}]\n`;
  });
  if (d.id === 'debian') out += 'debconf: delaying package configuration, since apt-utils is not installed\n';
  const secs = Math.max(0, Math.round(dl / 10_900_000));
  out += `Fetched ${aptSize(dl)} in ${secs}s (${aptSize(Math.round(dl / Math.max(secs, 0.27)))}/s)\n`;
  let status = '';
  order.forEach((p: Pkg, i) => {
    out += `Selecting previously unselected package ${p.name}${p.name.startsWith('lib') ? ':amd64' : ''}.\n`;
    if (i === 0) out += `(Reading database ... ${6090 + installed.size * 40} files and directories currently installed.)\n`;
    out += `Preparing to unpack .../${String(i).padStart(2, '0')}-${p.name}_${p.version.replace(/^\d+:/, '')}_amd64.deb ...\nUnpacking ${p.name}${p.name.startsWith('lib') ? ':amd64' : ''} (${p.version}) ...\n`;
    unpack(c, p);
    mkdirP(c, `/usr/share/doc/${p.name}`);
    fsWrite(c.k, c.pid, `/usr/share/doc/${p.name}/copyright`, `Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\nUpstream-Name: ${p.name}\n`);
    status += `\nPackage: ${p.name}\nStatus: install ok installed\nPriority: optional\nArchitecture: amd64\nVersion: ${p.version}\n`;
  });
  for (const p of order) out += `Setting up ${p.name}${p.name.startsWith('lib') ? ':amd64' : ''} (${p.version}) ...\n`;
  out += `Processing triggers for libc-bin (${d.id === 'ubuntu' ? '2.39-0ubuntu8.4' : '2.36-9+deb12u10'}) ...\n`;
  fsWrite(c.k, c.pid, '/var/lib/dpkg/status', status, { append: true });
  return later(ctx, Math.max(1000, Math.round(inst / 20_000)), out, '', 0);
}

export const aptGetProgram: ProgramDef<AptState | null> = {
  id: 'apt-get',
  main(ctx) {
    const args = ctx.argv.slice(1);
    const verb = args.find((a) => !a.startsWith('-'));
    const yes = args.some((a) => a === '-y' || a === '--yes' || a === '--assume-yes' || /^-[a-z]*y/.test(a));
    const me = ctx.k.proc(ctx.pid);
    if (!verb) {
      ctx.stdout.write('apt 2.6.1 (amd64)\nUsage: apt-get [options] command\n');
      return { exit: 1 };
    }
    if ((verb === 'update' || verb === 'install') && me && me.cred.euid !== 0) {
      ctx.stderr.write(verb === 'update' ? 'Reading package lists... Done\nE: Could not open lock file /var/lib/apt/lists/lock - open (13: Permission denied)\nE: Unable to lock directory /var/lib/apt/lists/\n' : 'E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\nE: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?\n');
      return { exit: 100 };
    }
    if (verb === 'update') return update(ctx);
    if (verb === 'install') {
      const names = args.slice(args.indexOf(verb) + 1).filter((a) => !a.startsWith('-'));
      return install(ctx, names, yes);
    }
    if (verb === 'clean' || verb === 'autoremove' || verb === 'autoclean') return { exit: 0 };
    ctx.stderr.write(`E: Invalid operation ${verb}\n`);
    return { exit: 100 };
  },
  resume(ctx) {
    const st = ctx.state;
    if (!st) return { exit: 0 };
    ctx.stdout.write(st.out);
    ctx.stderr.write(st.err);
    return { exit: st.code };
  },
};

/** `apt` speaks like apt-get here (it adds a warning when its output is not a terminal). */
export const aptProgram: ProgramDef<AptState | null> = {
  ...aptGetProgram,
  id: 'apt',
  main(ctx) {
    if (!ctx.stdout.isatty) ctx.stderr.write('\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n');
    return (aptGetProgram.main as (c: typeof ctx) => Outcome)(ctx);
  },
};
