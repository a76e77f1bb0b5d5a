/**
 * The world beyond eth0: QEMU's user-mode network and a handful of internet hosts.
 *
 * Models: the slirp link QEMU gives a guest (gateway 10.0.2.2, DNS 10.0.2.3,
 * guest 10.0.2.15/24) and public hosts a learner meets: Google and Cloudflare
 * DNS, example.com, Docker Hub, GitHub and the package mirrors.
 * SIMPLIFICATIONS:
 * - Each host is a row: does it answer ping, which TCP ports are open, does it answer DNS.
 * - Addresses are fixed, plausible values (real ones rotate behind CDNs).
 * - TTLs are what a reply shows on arrival at the host (each router on the way back takes one more).
 */

import type { InternetHost, InternetState } from './types.ts';

/** The slirp link beyond eth0. */
export const SLIRP = {
  net: '10.0.2.0',
  len: 24,
  gateway: '10.0.2.2',
  dns: '10.0.2.3',
  guest: '10.0.2.15',
  guestMac: '52:54:00:12:34:56',
} as const;

function host(ip: string, names: string[], o: Partial<InternetHost> = {}): InternetHost {
  return { ip, names, ping: true, tcpPorts: [], dns: false, ttl: 55, rttMs: 20, onLink: false, ...o };
}

const HOSTS: InternetHost[] = [
  host(SLIRP.gateway, [], { ttl: 255, rttMs: 0.4, onLink: true }),
  host(SLIRP.dns, [], { ttl: 255, rttMs: 0.4, dns: true, tcpPorts: [53], onLink: true }),
  host('8.8.8.8', ['dns.google'], { ttl: 117, rttMs: 11.8, dns: true, tcpPorts: [53, 443] }),
  host('8.8.4.4', ['dns.google'], { ttl: 117, rttMs: 12.1, dns: true, tcpPorts: [53, 443] }),
  host('1.1.1.1', ['one.one.one.one'], { ttl: 57, rttMs: 8.9, dns: true, tcpPorts: [53, 80, 443] }),
  host('93.184.215.14', ['example.com'], { ttl: 56, rttMs: 88.2, tcpPorts: [80, 443] }),
  host('54.236.113.205', ['registry-1.docker.io'], { ttl: 228, rttMs: 92.5, ping: false, tcpPorts: [443] }),
  host('3.219.239.5', ['auth.docker.io'], { ttl: 228, rttMs: 93.1, ping: false, tcpPorts: [443] }),
  host('104.16.101.215', ['production.cloudflare.docker.com'], { ttl: 57, rttMs: 9.4, tcpPorts: [80, 443] }),
  host('140.82.121.4', ['github.com'], { ttl: 51, rttMs: 24.6, tcpPorts: [22, 80, 443] }),
  host('185.199.108.133', ['raw.githubusercontent.com'], { ttl: 57, rttMs: 10.3, tcpPorts: [80, 443] }),
  host('151.101.0.223', ['pypi.org'], { ttl: 57, rttMs: 10.8, tcpPorts: [80, 443] }),
  host('104.16.3.35', ['registry.npmjs.org'], { ttl: 57, rttMs: 9.7, tcpPorts: [80, 443] }),
  host('91.189.91.82', ['archive.ubuntu.com'], { ttl: 50, rttMs: 31.5, tcpPorts: [80, 443] }),
  host('151.101.2.132', ['deb.debian.org'], { ttl: 57, rttMs: 10.1, tcpPorts: [80, 443] }),
  host('151.101.66.132', ['dl-cdn.alpinelinux.org'], { ttl: 57, rttMs: 10.4, tcpPorts: [80, 443] }),
  host('38.145.60.21', ['mirrors.fedoraproject.org'], { ttl: 49, rttMs: 98.2, tcpPorts: [80, 443] }),
  host('152.19.134.142', ['dl.fedoraproject.org'], { ttl: 49, rttMs: 88.7, tcpPorts: [80, 443] }),
];

const DNS: Record<string, string[]> = {
  'dns.google': ['8.8.8.8', '8.8.4.4'],
  'one.one.one.one': ['1.1.1.1'],
  'example.com': ['93.184.215.14'],
  'www.example.com': ['93.184.215.14'],
  'registry-1.docker.io': ['54.236.113.205'],
  'auth.docker.io': ['3.219.239.5'],
  'production.cloudflare.docker.com': ['104.16.101.215'],
  'github.com': ['140.82.121.4'],
  'raw.githubusercontent.com': ['185.199.108.133'],
  'pypi.org': ['151.101.0.223'],
  'registry.npmjs.org': ['104.16.3.35'],
  'archive.ubuntu.com': ['91.189.91.82'],
  'security.ubuntu.com': ['91.189.91.82'],
  'deb.debian.org': ['151.101.2.132'],
  'dl-cdn.alpinelinux.org': ['151.101.66.132'],
  'mirrors.fedoraproject.org': ['38.145.60.21'],
  'dl.fedoraproject.org': ['152.19.134.142'],
};

/** A fresh copy of the default internet. */
export function defaultInternet(): InternetState {
  const hosts: Record<string, InternetHost> = {};
  for (const h of HOSTS) hosts[h.ip] = Object.assign({}, h, { names: [...h.names], tcpPorts: [...h.tcpPorts] });
  const dns: Record<string, string[]> = {};
  for (const [n, a] of Object.entries(DNS)) dns[n] = [...a];
  return { hosts, dns };
}
