/**
 * The small package catalogue the simulated package managers install from:
 * for each distribution family (apk, deb, rpm) the packages lessons install
 * (curl, procps, iputils-ping, stress, stress-ng, vim, python3, nginx,
 * redis, iproute2, net-tools, netcat, dnsutils, psmisc), their versions,
 * dependencies, download and installed sizes, and the files they put on
 * disk: executables (the userland marker of the program they run), config
 * and docs.
 *
 * Models: Alpine 3.21 (main/community), Debian 12 bookworm, Ubuntu 24.04
 * noble and Fedora 41 package names and versions.
 * SIMPLIFICATIONS: a handful of files per package; libraries are named
 * dependencies with a size and one file; no versioned dependencies.
 */

import { NGINX_50X_HTML, NGINX_DEFAULT_CONF, NGINX_INDEX_HTML } from '../services/nginx-files.ts';

export type Family = 'apk' | 'deb' | 'rpm';

/** A file a package installs: an executable running a program id, a text, or a sized blob. */
export type PkgFile = { exe: string } | { text: string; mode?: number } | { size: number } | { link: string };

export interface Pkg {
  name: string;
  version: string;
  /** Download size and installed size, bytes. */
  dl: number;
  inst: number;
  deps: string[];
  files: Record<string, PkgFile>;
}

const K = 1024;

function lib(name: string, version: string, dl: number, inst: number, file: string, deps: string[] = []): Pkg {
  return { name, version, dl, inst, deps, files: { [file]: { size: inst } } };
}

function bins(dir: string, names: string[], ids: Record<string, string> = {}): Record<string, PkgFile> {
  const out: Record<string, PkgFile> = {};
  for (const n of names) out[`${dir}/${n}`] = { exe: ids[n] ?? n };
  return out;
}

const NGINX_FILES: Record<string, PkgFile> = {
  '/usr/share/nginx/html/index.html': { text: NGINX_INDEX_HTML },
  '/usr/share/nginx/html/50x.html': { text: NGINX_50X_HTML },
  '/etc/nginx/conf.d/default.conf': { text: NGINX_DEFAULT_CONF },
  '/etc/nginx/nginx.conf': { text: 'user  nginx;\nworker_processes  auto;\n\nerror_log  /var/log/nginx/error.log notice;\npid        /run/nginx.pid;\n\nevents {\n    worker_connections  1024;\n}\n\nhttp {\n    include       /etc/nginx/mime.types;\n    default_type  application/octet-stream;\n    access_log  /var/log/nginx/access.log  main;\n    sendfile        on;\n    keepalive_timeout  65;\n    include /etc/nginx/conf.d/*.conf;\n}\n' },
  '/etc/nginx/mime.types': { text: 'types {\n    text/html                                        html htm shtml;\n    text/css                                         css;\n}\n' },
  '/var/log/nginx/.keep': { text: '' },
};

const DEB: Pkg[] = [
  { name: 'curl', version: '7.88.1-10+deb12u12', dl: 315 * K, inst: 500 * K, deps: ['libcurl4', 'ca-certificates'], files: { ...bins('/usr/bin', ['curl']), '/usr/share/doc/curl/copyright': { text: 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\nUpstream-Name: curl\n' } } },
  lib('libcurl4', '7.88.1-10+deb12u12', 390 * K, 803 * K, '/usr/lib/x86_64-linux-gnu/libcurl.so.4.8.0', ['libnghttp2-14', 'libssl3', 'libbrotli1']),
  lib('libnghttp2-14', '1.52.0-1+deb12u2', 72 * K, 201 * K, '/usr/lib/x86_64-linux-gnu/libnghttp2.so.14.24.1'),
  lib('libssl3', '3.0.16-1~deb12u1', 2025 * K, 6105 * K, '/usr/lib/x86_64-linux-gnu/libssl.so.3'),
  lib('libbrotli1', '1.0.9-2+b6', 275 * K, 778 * K, '/usr/lib/x86_64-linux-gnu/libbrotlicommon.so.1.0.9'),
  { name: 'ca-certificates', version: '20230311+deb12u1', dl: 155 * K, inst: 391 * K, deps: ['openssl'], files: { '/etc/ssl/certs/ca-certificates.crt': { size: 219 * K } } },
  { name: 'openssl', version: '3.0.16-1~deb12u1', dl: 1389 * K, inst: 2321 * K, deps: ['libssl3'], files: bins('/usr/bin', ['openssl']) },
  { name: 'procps', version: '2:4.0.2-3', dl: 709 * K, inst: 2265 * K, deps: ['libproc2-0'], files: { ...bins('/usr/bin', ['ps', 'top', 'free', 'pgrep', 'pkill', 'uptime', 'w', 'vmstat', 'watch', 'pmap']), '/usr/sbin/sysctl': { exe: 'sysctl' } } },
  lib('libproc2-0', '2:4.0.2-3', 62 * K, 156 * K, '/usr/lib/x86_64-linux-gnu/libproc2.so.0.0.1'),
  { name: 'iputils-ping', version: '3:20221126-1+deb12u1', dl: 47 * K, inst: 116 * K, deps: ['libcap2-bin'], files: bins('/usr/bin', ['ping']) },
  { name: 'libcap2-bin', version: '1:2.66-4', dl: 34 * K, inst: 125 * K, deps: [], files: bins('/usr/sbin', ['capsh', 'getpcaps']) },
  { name: 'iproute2', version: '6.1.0-3', dl: 1042 * K, inst: 3512 * K, deps: ['libbpf1', 'libelf1'], files: { ...bins('/usr/bin', ['ip', 'ss']), '/usr/sbin/bridge': { exe: 'missing' } } },
  lib('libbpf1', '1:1.1.0-1', 145 * K, 380 * K, '/usr/lib/x86_64-linux-gnu/libbpf.so.1.1.0'),
  lib('libelf1', '0.188-2.1', 174 * K, 421 * K, '/usr/lib/x86_64-linux-gnu/libelf-0.188.so'),
  { name: 'net-tools', version: '2.10-0.1', dl: 243 * K, inst: 1011 * K, deps: [], files: { '/usr/bin/netstat': { exe: 'netstat' }, '/usr/sbin/ifconfig': { exe: 'ifconfig' }, '/usr/sbin/route': { exe: 'route' } } },
  { name: 'netcat-openbsd', version: '1.219-1', dl: 41 * K, inst: 109 * K, deps: ['libbsd0'], files: { '/usr/bin/nc.openbsd': { exe: 'nc' }, '/usr/bin/nc': { link: '/etc/alternatives/nc' }, '/etc/alternatives/nc': { link: '/usr/bin/nc.openbsd' } } },
  lib('libbsd0', '0.11.7-2', 117 * K, 342 * K, '/usr/lib/x86_64-linux-gnu/libbsd.so.0.11.7'),
  { name: 'dnsutils', version: '1:9.18.33-1~deb12u2', dl: 151 * K, inst: 436 * K, deps: ['bind9-dnsutils'], files: {} },
  { name: 'bind9-dnsutils', version: '1:9.18.33-1~deb12u2', dl: 404 * K, inst: 1127 * K, deps: [], files: bins('/usr/bin', ['nslookup', 'dig', 'host'], { dig: 'missing', host: 'missing' }) },
  { name: 'psmisc', version: '23.6-1', dl: 259 * K, inst: 928 * K, deps: [], files: bins('/usr/bin', ['killall', 'pstree', 'fuser'], { fuser: 'missing' }) },
  { name: 'stress', version: '1.0.7-1', dl: 22 * K, inst: 64 * K, deps: [], files: bins('/usr/bin', ['stress']) },
  { name: 'stress-ng', version: '0.15.06-2', dl: 2148 * K, inst: 7213 * K, deps: [], files: bins('/usr/bin', ['stress-ng']) },
  { name: 'vim', version: '2:9.0.1378-2+deb12u2', dl: 1567 * K, inst: 3931 * K, deps: ['vim-runtime'], files: { '/usr/bin/vim.basic': { exe: 'vim' }, '/usr/bin/vim': { link: '/etc/alternatives/vim' }, '/etc/alternatives/vim': { link: '/usr/bin/vim.basic' } } },
  lib('vim-runtime', '2:9.0.1378-2+deb12u2', 7028 * K, 37213 * K, '/usr/share/vim/vim90/defaults.vim'),
  { name: 'python3', version: '3.11.2-1+b1', dl: 26 * K, inst: 92 * K, deps: ['python3.11'], files: { '/usr/bin/python3': { link: 'python3.11' } } },
  { name: 'python3.11', version: '3.11.2-6+deb12u5', dl: 573 * K, inst: 2079 * K, deps: ['libpython3.11-stdlib'], files: bins('/usr/bin', ['python3.11'], { 'python3.11': 'python3' }) },
  lib('libpython3.11-stdlib', '3.11.2-6+deb12u5', 1798 * K, 8184 * K, '/usr/lib/python3.11/http/server.py'),
  { name: 'nginx', version: '1.22.1-9+deb12u1', dl: 527 * K, inst: 1171 * K, deps: ['nginx-common'], files: { '/usr/sbin/nginx': { exe: 'nginx' } } },
  { name: 'nginx-common', version: '1.22.1-9+deb12u1', dl: 112 * K, inst: 422 * K, deps: [], files: NGINX_FILES },
  { name: 'redis-server', version: '5:7.0.15-1~deb12u3', dl: 89 * K, inst: 231 * K, deps: ['redis-tools'], files: { '/usr/bin/redis-server': { exe: 'redis-server' } } },
  { name: 'redis-tools', version: '5:7.0.15-1~deb12u3', dl: 1004 * K, inst: 5217 * K, deps: [], files: bins('/usr/bin', ['redis-cli']) },
  { name: 'redis', version: '5:7.0.15-1~deb12u3', dl: 30 * K, inst: 44 * K, deps: ['redis-server'], files: {} },
];

const APK: Pkg[] = [
  { name: 'curl', version: '8.12.1-r1', dl: 262 * K, inst: 262 * K, deps: ['libcurl'], files: bins('/usr/bin', ['curl']) },
  lib('libcurl', '8.12.1-r1', 383 * K, 535 * K, '/usr/lib/libcurl.so.4.8.0', ['brotli-libs', 'c-ares', 'libidn2', 'nghttp2-libs', 'libpsl', 'zstd-libs']),
  lib('brotli-libs', '1.1.0-r2', 339 * K, 839 * K, '/usr/lib/libbrotlicommon.so.1.1.0'),
  lib('c-ares', '1.34.5-r0', 91 * K, 211 * K, '/usr/lib/libcares.so.2.19.3'),
  lib('libunistring', '1.2-r0', 575 * K, 1612 * K, '/usr/lib/libunistring.so.5.1.0'),
  lib('libidn2', '2.3.7-r0', 125 * K, 360 * K, '/usr/lib/libidn2.so.0.4.0', ['libunistring']),
  lib('nghttp2-libs', '1.64.0-r0', 70 * K, 167 * K, '/usr/lib/libnghttp2.so.14.28.3'),
  lib('libpsl', '0.21.5-r3', 58 * K, 92 * K, '/usr/lib/libpsl.so.5.3.5'),
  lib('zstd-libs', '1.5.6-r2', 268 * K, 658 * K, '/usr/lib/libzstd.so.1.5.6'),
  { name: 'procps-ng', version: '4.0.4-r2', dl: 197 * K, inst: 707 * K, deps: ['libproc2'], files: bins('/usr/bin', ['ps', 'top', 'free', 'pgrep', 'pkill', 'uptime', 'w', 'watch']) },
  lib('libproc2', '4.0.4-r2', 58 * K, 140 * K, '/usr/lib/libproc2.so.0.0.2'),
  { name: 'iputils-ping', version: '20240905-r0', dl: 22 * K, inst: 63 * K, deps: [], files: bins('/bin', ['ping']) },
  { name: 'iproute2', version: '6.11.0-r0', dl: 1 * K, inst: 1 * K, deps: ['iproute2-minimal', 'iproute2-ss'], files: {} },
  { name: 'iproute2-minimal', version: '6.11.0-r0', dl: 300 * K, inst: 718 * K, deps: ['libelf', 'libmnl'], files: bins('/sbin', ['ip']) },
  { name: 'iproute2-ss', version: '6.11.0-r0', dl: 86 * K, inst: 184 * K, deps: [], files: bins('/usr/bin', ['ss']) },
  lib('libelf', '0.191-r0', 71 * K, 152 * K, '/usr/lib/libelf-0.191.so'),
  lib('libmnl', '1.0.5-r2', 10 * K, 28 * K, '/usr/lib/libmnl.so.0.2.0'),
  { name: 'bind-tools', version: '9.18.35-r0', dl: 179 * K, inst: 521 * K, deps: [], files: bins('/usr/bin', ['nslookup', 'dig', 'host'], { dig: 'missing', host: 'missing' }) },
  { name: 'psmisc', version: '23.7-r0', dl: 149 * K, inst: 475 * K, deps: [], files: bins('/usr/bin', ['killall', 'pstree']) },
  { name: 'stress-ng', version: '0.18.06-r0', dl: 2560 * K, inst: 7024 * K, deps: [], files: bins('/usr/bin', ['stress-ng']) },
  { name: 'vim', version: '9.1.1105-r0', dl: 1734 * K, inst: 3433 * K, deps: ['xxd'], files: bins('/usr/bin', ['vim']) },
  lib('xxd', '9.1.1105-r0', 14 * K, 19 * K, '/usr/bin/xxd'),
  { name: 'python3', version: '3.12.10-r0', dl: 29 * K, inst: 153 * K, deps: ['python3-libs'], files: { ...bins('/usr/bin', ['python3.12'], { 'python3.12': 'python3' }), '/usr/bin/python3': { link: 'python3.12' } } },
  lib('python3-libs', '3.12.10-r0', 13 * 1024 * K, 48 * 1024 * K, '/usr/lib/python3.12/http/server.py'),
  { name: 'nginx', version: '1.26.3-r0', dl: 555 * K, inst: 1335 * K, deps: ['pcre2'], files: { '/usr/sbin/nginx': { exe: 'nginx' }, ...NGINX_FILES } },
  lib('pcre2', '10.43-r0', 254 * K, 647 * K, '/usr/lib/libpcre2-8.so.0.13.0'),
  { name: 'redis', version: '7.2.8-r0', dl: 1268 * K, inst: 3408 * K, deps: [], files: bins('/usr/bin', ['redis-server', 'redis-cli']) },
];

const RPM: Pkg[] = [
  { name: 'procps-ng', version: '4.0.4-4.fc41', dl: 412 * K, inst: 1050 * K, deps: [], files: bins('/usr/bin', ['ps', 'top', 'free', 'pgrep', 'pkill', 'uptime', 'w', 'watch']) },
  { name: 'iputils', version: '20240905-1.fc41', dl: 178 * K, inst: 486 * K, deps: [], files: bins('/usr/bin', ['ping']) },
  { name: 'iproute', version: '6.10.0-1.fc41', dl: 866 * K, inst: 2268 * K, deps: [], files: bins('/usr/sbin', ['ip', 'ss']) },
  { name: 'net-tools', version: '2.0-0.70.20160912git.fc41', dl: 306 * K, inst: 889 * K, deps: [], files: { '/usr/bin/netstat': { exe: 'netstat' }, '/usr/sbin/ifconfig': { exe: 'ifconfig' } } },
  { name: 'nmap-ncat', version: '7.92-3.fc41', dl: 233 * K, inst: 488 * K, deps: [], files: bins('/usr/bin', ['nc'], { nc: 'nc' }) },
  { name: 'bind-utils', version: '32:9.18.33-1.fc41', dl: 216 * K, inst: 674 * K, deps: [], files: bins('/usr/bin', ['nslookup', 'dig', 'host'], { dig: 'missing', host: 'missing' }) },
  { name: 'psmisc', version: '23.6-8.fc41', dl: 277 * K, inst: 876 * K, deps: [], files: bins('/usr/bin', ['killall', 'pstree']) },
  { name: 'stress', version: '1.0.7-4.fc41', dl: 38 * K, inst: 75 * K, deps: [], files: bins('/usr/bin', ['stress']) },
  { name: 'stress-ng', version: '0.18.04-1.fc41', dl: 2730 * K, inst: 8110 * K, deps: [], files: bins('/usr/bin', ['stress-ng']) },
  { name: 'vim-enhanced', version: '2:9.1.866-1.fc41', dl: 1971 * K, inst: 4195 * K, deps: [], files: bins('/usr/bin', ['vim']) },
  { name: 'python3', version: '3.13.1-2.fc41', dl: 30 * K, inst: 32 * K, deps: [], files: { ...bins('/usr/bin', ['python3.13'], { 'python3.13': 'python3' }), '/usr/bin/python3': { link: 'python3.13' } } },
  { name: 'nginx', version: '2:1.26.2-1.fc41', dl: 36 * K, inst: 114 * K, deps: [], files: { '/usr/sbin/nginx': { exe: 'nginx' }, ...NGINX_FILES } },
  { name: 'redis', version: '7.2.7-1.fc41', dl: 1355 * K, inst: 5460 * K, deps: [], files: bins('/usr/bin', ['redis-server', 'redis-cli']) },
  { name: 'curl', version: '8.9.1-3.fc41', dl: 312 * K, inst: 793 * K, deps: [], files: bins('/usr/bin', ['curl']) },
];

/** Names users type that the family calls something else. */
const ALIASES: Record<Family, Record<string, string>> = {
  deb: { ping: 'iputils-ping', ps: 'procps', ip: 'iproute2', nc: 'netcat-openbsd', netcat: 'netcat-openbsd', 'vim-tiny': 'vim' },
  apk: { procps: 'procps-ng', 'redis-server': 'redis', dnsutils: 'bind-tools', ping: 'iputils-ping' },
  rpm: { procps: 'procps-ng', 'iputils-ping': 'iputils', iproute2: 'iproute', vim: 'vim-enhanced', nc: 'nmap-ncat', netcat: 'nmap-ncat', dnsutils: 'bind-utils', 'redis-server': 'redis' },
};

const TABLES: Record<Family, Pkg[]> = { deb: DEB, apk: APK, rpm: RPM };

export function findPkg(family: Family, name: string): Pkg | undefined {
  const real = ALIASES[family][name] ?? name;
  return TABLES[family].find((p) => p.name === real);
}

/** The packages to install for `names` (dependencies first, each once), skipping those already installed. */
export function resolveDeps(family: Family, names: string[], installed: ReadonlySet<string>): { order: Pkg[]; missing: string[] } {
  const order: Pkg[] = [];
  const seen = new Set<string>();
  const missing: string[] = [];
  const visit = (n: string, top: boolean): void => {
    const p = findPkg(family, n);
    if (!p) {
      if (top) missing.push(n);
      return;
    }
    if (seen.has(p.name) || installed.has(p.name)) return;
    seen.add(p.name);
    for (const d of p.deps) visit(d, false);
    order.push(p);
  };
  for (const n of names) visit(n, true);
  return { order, missing };
}
