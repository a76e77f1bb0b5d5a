/**
 * Layer contents by catalogue layer key: the file tree a pull unpacks into
 * /var/lib/docker/overlay2/<cache-id>/diff.
 *
 * Models: the tarball behind each registry blob, as the overlay2 driver
 * extracts it (changes relative to the layer below: a layer that adds a user
 * carries the whole new /etc/passwd).
 * SIMPLIFICATIONS: trees are generated from code on demand, not stored; each
 * layer's tree is compiled once per process into a frozen template
 * (layerTemplate), immutable catalogue data that every host unpacks from.
 */

import type { TreeSpec } from '../../../kernel/fs/tree.ts';
import { compileTree, freezeTemplate, type TreeTemplate } from '../../../kernel/fs/tree-template.ts';
import { alpineRootfs, ALPINE_GROUP, ALPINE_PASSWD } from './alpine.ts';
import { busyboxRootfs } from './busybox.ts';
import { debianGroup, debianPasswd, debianRootfs, type DebianRelease } from './debian.ts';
import { ubuntuRootfs, type UbuntuVersion } from './ubuntu.ts';
import { centosRootfs, fedoraRootfs, oracleSlimRootfs, FEDORA_PASSWD, RHEL_GROUP } from './rpm.ts';
import { nginxMain, nginxNjsLayer, nginxScriptLayer } from './nginx.ts';
import { dir, exe, link, text } from './common.ts';
import * as A from './apps.ts';

const DEB_PASSWD = debianPasswd({ gnats: false, ircHome: '/run/ircd', aptUid: 42 });
const DEB_GROUP = debianGroup({ gnats: false });
const OL_PASSWD = FEDORA_PASSWD.replace('root:x:0:0:Super User:', 'root:x:0:0:root:');

function users(variant: string, deb: string, alp: string, debGroup: string, alpGroup: string): TreeSpec {
  return variant === 'alpine' ? A.addUser(ALPINE_PASSWD, ALPINE_GROUP, alp, alpGroup) : A.addUser(DEB_PASSWD, DEB_GROUP, deb, debGroup);
}

type Rule = [RegExp, (m: RegExpExecArray) => TreeSpec];

const RULES: Rule[] = [
  [/^alpine-(\d+\.\d+\.\d+)$/, (m) => alpineRootfs(m[1] as string)],
  [/^busybox-/, () => busyboxRootfs()],
  [/^ubuntu-(\d\d\.\d\d)$/, (m) => ubuntuRootfs(m[1] as UbuntuVersion)],
  [/^ubuntu-\d\d\.\d\d-apt$/, () => ({ 'usr/sbin/policy-rc.d': text('#!/bin/sh\nexit 101\n', 0o755), 'etc/apt/apt.conf.d/docker-clean': 'DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };\n', 'etc/dpkg/dpkg.cfg.d/docker-apt-speedup': 'force-unsafe-io\n' })],
  [/^ubuntu-\d\d\.\d\d-lists$/, () => ({ 'var/lib/apt/lists': dir() })],
  [/^ubuntu-\d\d\.\d\d-systemd$/, () => ({ 'run/systemd/container': 'docker\n' })],
  [/^debian-(bullseye|bookworm|trixie)(-slim)?$/, (m) => debianRootfs(m[1] as DebianRelease, !!m[2])],
  [/^fedora-(\d+)$/, (m) => fedoraRootfs(Number(m[1]))],
  [/^centos-(7|8)$/, (m) => centosRootfs(Number(m[1]) as 7 | 8)],
  [/^oraclelinux-9-slim$/, () => oracleSlimRootfs()],
  [/^hello-world$/, () => ({ hello: exe('hello', 10_072) })],
  // nginx
  [/^nginx-[\d.]+-(trixie|alpine)$/, (m) => {
    const alpine = m[1] === 'alpine';
    return alpine
      ? nginxMain(true, ALPINE_PASSWD + 'nginx:x:101:101:nginx:/var/cache/nginx:/sbin/nologin\n', ALPINE_GROUP + 'nginx:x:101:nginx\n')
      : nginxMain(false, DEB_PASSWD + 'nginx:x:101:101:nginx user:/nonexistent:/bin/false\n', DEB_GROUP + 'nginx:x:101:\n');
  }],
  [/^nginx-[\d.]+-(?:trixie|alpine)-(entrypoint|10-listen|15-resolvers|20-envsubst|30-tune)$/, (m) => nginxScriptLayer(m[1] as 'entrypoint')],
  [/^nginx-[\d.]+-alpine-njs$/, () => nginxNjsLayer()],
  // httpd
  [/^httpd-[\d.]+-prefix$/, () => ({ 'usr/local/apache2': dir(0o755, 33, 33) })],
  [/^httpd-[\d.]+-deps$/, () => ({ 'usr/lib/x86_64-linux-gnu/libaprutil-1.so.0': { file: null, size: 110_000, mode: 0o644 }, 'usr/lib/x86_64-linux-gnu/libapr-1.so.0': { file: null, size: 220_000, mode: 0o644 } })],
  [/^httpd-[\d.]+$/, () => A.httpdMain()],
  [/^httpd-[\d.]+-foreground$/, () => ({ 'usr/local/bin/httpd-foreground': text(A.HTTPD_FOREGROUND, 0o755) })],
  // redis
  [/^redis-[\d.]+-(bookworm|alpine)-user$/, (m) => users(m[1] as string, 'redis:x:999:999::/home/redis:/bin/sh', 'redis:x:999:1000:Linux User,,,:/home/redis:/sbin/nologin', 'redis:x:999:', 'redis:x:1000:redis')],
  [/^redis-[\d.]+-(bookworm|alpine)-deps$/, () => ({ 'usr/share/zoneinfo/UTC': { file: null, size: 114, mode: 0o644 }, 'usr/share/zoneinfo/Etc/UTC': { file: null, size: 114, mode: 0o644 } })],
  [/^redis-[\d.]+-(bookworm|alpine)$/, () => A.redisMain()],
  [/^redis-[\d.]+-(bookworm|alpine)-data$/, () => ({ data: dir(0o755, 999, 999) })],
  [/^redis-[\d.]+-(bookworm|alpine)-entrypoint$/, () => ({ 'usr/local/bin/docker-entrypoint.sh': text(A.REDIS_ENTRYPOINT, 0o755) })],
  // memcached
  [/^memcached-[\d.]+-(trixie|alpine)-user$/, (m) => users(m[1] as string, 'memcache:x:11211:11211::/home/memcache:/bin/sh', 'memcache:x:11211:11211:Linux User,,,:/home/memcache:/bin/sh', 'memcache:x:11211:', 'memcache:x:11211:memcache')],
  [/^memcached-[\d.]+-(trixie|alpine)-deps$/, () => ({ 'usr/lib/sasl2': dir() })],
  [/^memcached-[\d.]+-(trixie|alpine)$/, () => A.memcachedMain()],
  [/^memcached-[\d.]+-(trixie|alpine)-entrypoint$/, () => ({ 'usr/local/bin/docker-entrypoint.sh': text(A.entrypointScript('memcached'), 0o755) })],
  [/^memcached-[\d.]+-(trixie|alpine)-compat$/, () => ({ 'entrypoint.sh': link('usr/local/bin/docker-entrypoint.sh') })],
  // registry
  [/^registry-[\d.]+-ca$/, () => ({ 'etc/ssl/certs/ca-certificates.crt': { file: null, size: 222_000, mode: 0o644 } })],
  [/^registry-[\d.]+$/, () => A.registryMain()],
  [/^registry-([\d.]+)-config$/, (m) => ({ [(m[1] as string).startsWith('2') ? 'etc/docker/registry/config.yml' : 'etc/distribution/config.yml']: A.REGISTRY_CONFIG })],
  [/^registry-[\d.]+-entrypoint$/, () => ({ 'entrypoint.sh': text(A.REGISTRY_ENTRYPOINT, 0o755), 'var/lib/registry': dir() })],
  // postgres
  [/^postgres-[\d.]+-(trixie|alpine)-user$/, (m) => ({ ...users(m[1] as string, 'postgres:x:999:999::/var/lib/postgresql:/bin/bash', 'postgres:x:70:70:PostgreSQL user:/var/lib/postgresql:/bin/sh', 'postgres:x:999:', 'postgres:x:70:'), 'var/lib/postgresql': dir(0o1777, 999, 999) })],
  [/^postgres-[\d.]+-(trixie|alpine)-gnupg$/, () => ({ 'usr/bin/gpg': exe('gpg', 1_200_000), 'usr/bin/less': exe('less', 182_920) })],
  [/^postgres-[\d.]+-(trixie|alpine)-gosu$/, () => A.gosu()],
  [/^postgres-[\d.]+-(trixie|alpine)-locales$/, () => ({ 'usr/lib/locale/locale-archive': { file: null, size: 3_000_000, mode: 0o644 }, 'etc/locale.gen': 'en_US.UTF-8 UTF-8\n' })],
  [/^postgres-[\d.]+-(trixie|alpine)-nss$/, () => ({ 'usr/lib/libnss_wrapper.so': { file: null, size: 80_000, mode: 0o644 }, 'usr/bin/xz': exe('xz', 86_000), 'usr/bin/zstd': exe('zstd', 1_000_000) })],
  [/^postgres-[\d.]+-(trixie|alpine)-initdb$/, () => ({ 'docker-entrypoint-initdb.d': dir() })],
  [/^postgres-[\d.]+-(trixie|alpine)-key$/, () => ({ 'usr/local/share/keyrings/postgres.gpg.asc': '-----BEGIN PGP PUBLIC KEY BLOCK-----\n' })],
  [/^postgres-[\d.]+-(trixie|alpine)$/, (m) => A.postgresMain(m[1] === 'alpine')],
  [/^postgres-[\d.]+-(trixie|alpine)-conf$/, () => ({ 'usr/share/postgresql/postgresql.conf.sample': "# PostgreSQL configuration file\nlisten_addresses = '*'\n" })],
  [/^postgres-[\d.]+-(trixie|alpine)-run$/, () => ({ 'var/run/postgresql': dir(0o3777, 999, 999) })],
  [/^postgres-[\d.]+-(trixie|alpine)-datalink$/, () => ({ 'var/lib/postgresql/data': link('.') })],
  [/^postgres-[\d.]+-(trixie|alpine)-entrypoint$/, () => ({ 'usr/local/bin/docker-entrypoint.sh': text(A.POSTGRES_ENTRYPOINT, 0o755), 'usr/local/bin/docker-ensure-initdb.sh': text('#!/usr/bin/env bash\nset -Eeuo pipefail\n', 0o755) })],
  [/^postgres-[\d.]+-(trixie|alpine)-enforce$/, () => ({ 'usr/local/bin/docker-enforce-initdb.sh': link('docker-ensure-initdb.sh') })],
  // mysql
  [/^mysql-[\d.]+-user$/, () => A.addUser(OL_PASSWD, RHEL_GROUP, 'mysql:x:999:999::/var/lib/mysql:/bin/bash', 'mysql:x:999:')],
  [/^mysql-[\d.]+-gosu$/, () => A.gosu()],
  [/^mysql-[\d.]+-deps$/, () => ({ 'usr/bin/openssl': exe('openssl', 1_000_000), 'usr/bin/xz': exe('xz', 86_000), 'usr/bin/find': exe('find', 224_848) })],
  [/^mysql-[\d.]+-key$/, () => ({ 'etc/pki/rpm-gpg/RPM-GPG-KEY-mysql': '-----BEGIN PGP PUBLIC KEY BLOCK-----\n' })],
  [/^mysql-[\d.]+-repo$/, () => ({ 'etc/yum.repos.d/mysql-community-minimal.repo': '[mysql-server-minimal]\nenabled=1\n' })],
  [/^mysql-[\d.]+$/, () => A.mysqlMain()],
  [/^mysql-[\d.]+-tools-repo$/, () => ({ 'etc/yum.repos.d/mysql-community-tools.repo': '[mysql-tools-community]\nenabled=1\n' })],
  [/^mysql-[\d.]+-shell$/, () => ({ 'usr/bin/mysqlsh': exe('mysqlsh', 60_000_000) })],
  [/^mysql-[\d.]+-entrypoint$/, () => ({ 'usr/local/bin/docker-entrypoint.sh': text(A.MYSQL_ENTRYPOINT, 0o755) })],
  [/^mysql-[\d.]+-compat$/, () => ({ 'entrypoint.sh': link('usr/local/bin/docker-entrypoint.sh') })],
  // buildpack-deps
  [/^buildpack-\w+-curl$/, () => A.buildpackCurl()],
  [/^buildpack-\w+-scm$/, () => A.buildpackScm()],
  [/^buildpack-\w+$/, () => A.buildpackFull()],
  // python
  [/^python-[\d.]+(-slim|-alpine)?-deps$/, () => ({ 'usr/share/zoneinfo/UTC': { file: null, size: 114, mode: 0o644 }, 'etc/ssl/certs/ca-certificates.crt': { file: null, size: 213_000, mode: 0o644 } })],
  [/^python-([\d.]+)(-slim|-alpine)?$/, (m) => A.pythonMain(m[1] as string, m[2] === '-alpine')],
  [/^python-[\d.]+(-slim|-alpine)?-links$/, () => A.pythonLinks()],
  // node
  [/^node-[\d.]+-bookworm-user$/, () => ({ ...A.addUser(DEB_PASSWD, DEB_GROUP, 'node:x:1000:1000::/home/node:/bin/bash', 'node:x:1000:'), 'home/node': dir(0o755, 1000, 1000) })],
  [/^node-[\d.]+-alpine[\d.]+$/, () => ({ ...A.nodeMain(), ...A.addUser(ALPINE_PASSWD, ALPINE_GROUP, 'node:x:1000:1000:Linux User,,,:/home/node:/bin/sh', 'node:x:1000:node'), 'home/node': dir(0o2755, 1000, 1000), 'usr/lib/libstdc++.so.6': { file: null, size: 2_600_000, mode: 0o755 } })],
  [/^node-[\d.]+-bookworm$/, () => A.nodeMain()],
  [/^node-[\d.]+-[\w.]+-yarn$/, () => A.yarnLayer()],
  [/^node-[\d.]+-[\w.]+-entrypoint$/, () => ({ 'usr/local/bin/docker-entrypoint.sh': text(A.NODE_ENTRYPOINT, 0o755) })],
];

/**
 * RULES grouped by the word each pattern starts with ("nginx" for
 * /^nginx-.../), in table order, so a lookup tries only its image's rules
 * (null when some pattern does not start with a word and a dash).
 */
let byWord: Map<string, Rule[]> | null | undefined;

function rulesFor(key: string): readonly Rule[] {
  if (byWord === undefined) {
    const m = new Map<string, Rule[]>();
    for (const r of RULES) {
      const w = /^\^([a-z]+)-/.exec(r[0].source)?.[1];
      if (!w) {
        byWord = null;
        return RULES;
      }
      m.set(w, [...(m.get(w) ?? []), r]);
    }
    byWord = m;
  }
  if (byWord === null) return RULES;
  return byWord.get(/^[a-z]+/.exec(key)?.[0] ?? '') ?? [];
}

/** The file tree of the catalogue layer `key`; null for an unknown key. */
export function layerTree(key: string): TreeSpec | null {
  for (const [re, f] of rulesFor(key)) {
    const m = re.exec(key);
    if (m) return f(m);
  }
  return null;
}

/**
 * Compiled templates of catalogue layers, by key. Immutable data derived only
 * from the catalogue (frozen), so sharing it between hosts shares no state.
 */
const TEMPLATES = new Map<string, TreeTemplate | null>();

/** The frozen, compiled file tree of catalogue layer `key` (what a pull unpacks); null for an unknown key. */
export function layerTemplate(key: string): TreeTemplate | null {
  let t = TEMPLATES.get(key);
  if (t === undefined) {
    const spec = layerTree(key);
    t = spec ? freezeTemplate(compileTree(spec)) : null;
    TEMPLATES.set(key, t);
  }
  return t;
}
