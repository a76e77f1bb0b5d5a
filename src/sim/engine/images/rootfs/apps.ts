/**
 * The files of application layers: Apache httpd, Redis, memcached, the
 * distribution registry, PostgreSQL, MySQL, Python, Node.js and the
 * buildpack-deps toolchain layers, plus the small layers their Dockerfiles make
 * (users added to /etc/passwd, entrypoint scripts, data directories).
 *
 * Models: the files each official image's RUN/COPY steps leave behind, at the
 * paths the images really use (/usr/local/apache2, /usr/local/bin/redis-server,
 * /usr/lib/postgresql/18/bin, /usr/sbin/mysqld, /usr/local/bin/python3.14, ...).
 * SIMPLIFICATIONS: entrypoint scripts are short stand-ins that end in
 * `exec "$@"`; libraries and headers are a handful of sized files.
 */

import type { TreeSpec } from '../../../kernel/fs/tree.ts';
import { blob, dir, exe, link, programs, text } from './common.ts';

/** A short entrypoint: runs the image's server by name when the first argument is a flag, then execs. */
export function entrypointScript(server: string, note = ''): string {
  return `#!/bin/sh
set -e
${note}
# first arg is \`-f\` or \`--some-option\`
if [ "\${1#-}" != "$1" ]; then
	set -- ${server} "$@"
fi

exec "$@"
`;
}

export function addUser(passwd: string, group: string, user: string, groupLine: string): TreeSpec {
  return { 'etc/passwd': passwd + user + '\n', 'etc/group': group + groupLine + '\n', 'etc/shadow': text('', 0o640, 0, 42) };
}

export function httpdMain(): TreeSpec {
  return {
    ...programs('usr/local/apache2/bin', ['httpd', 'apachectl', 'ab', 'htpasswd', 'htdigest', 'rotatelogs', 'logresolve', 'httxt2dbm', 'fcgistarter', 'checkgid', 'dbmmanage', 'envvars', 'apxs']),
    'usr/local/apache2/bin/httpd': exe('httpd', 2_503_000),
    'usr/local/apache2/conf/httpd.conf': '#\n# This is the main Apache HTTP server configuration file.  It contains the\n# configuration directives that give the server its instructions.\n#\nServerRoot "/usr/local/apache2"\n\nListen 80\n\nUser www-data\nGroup www-data\n\nServerAdmin you@example.com\n\nDocumentRoot "/usr/local/apache2/htdocs"\n<Directory "/usr/local/apache2/htdocs">\n    Options Indexes FollowSymLinks\n    AllowOverride None\n    Require all granted\n</Directory>\n\nErrorLog /proc/self/fd/2\nLogLevel warn\nCustomLog /proc/self/fd/1 common\n',
    'usr/local/apache2/conf/mime.types': '# This file controls what Internet media types are sent to the client for\n',
    'usr/local/apache2/conf/magic': '# Magic data for mod_mime_magic Apache module\n',
    'usr/local/apache2/conf/extra': dir(),
    'usr/local/apache2/conf/original': dir(),
    'usr/local/apache2/htdocs/index.html': '<html><body><h1>It works!</h1></body></html>\n',
    'usr/local/apache2/cgi-bin': dir(),
    'usr/local/apache2/error': dir(),
    'usr/local/apache2/icons': dir(),
    'usr/local/apache2/include': dir(),
    'usr/local/apache2/logs': dir(),
    'usr/local/apache2/modules/mod_rewrite.so': blob(160_000),
    'usr/local/apache2/modules/mod_ssl.so': blob(640_000),
  };
}

export const HTTPD_FOREGROUND = `#!/bin/sh
set -e

# Apache gets grumpy about PID files pre-existing
rm -f /usr/local/apache2/logs/httpd.pid

exec httpd -DFOREGROUND "$@"
`;

export function redisMain(): TreeSpec {
  return {
    'usr/local/bin/redis-server': exe('redis-server', 17_400_000),
    'usr/local/bin/redis-cli': exe('redis-cli', 7_900_000),
    'usr/local/bin/redis-benchmark': exe('redis-benchmark', 7_600_000),
    'usr/local/bin/redis-check-aof': link('redis-server'),
    'usr/local/bin/redis-check-rdb': link('redis-server'),
    'usr/local/bin/redis-sentinel': link('redis-server'),
    'usr/local/lib/redis/modules': dir(),
  };
}

export const REDIS_ENTRYPOINT = `#!/bin/sh
set -e

# first arg is \`-f\` or \`--some-option\`
# or first arg is \`something.conf\`
if [ "\${1#-}" != "$1" ] || [ "\${1%.conf}" != "$1" ]; then
	set -- redis-server "$@"
fi

# allow the container to be started with \`--user\`
if [ "$1" = 'redis-server' -a "$(id -u)" = '0' ]; then
	find . \\! -user redis -exec chown redis '{}' +
	exec setpriv --reuid=redis --regid=redis --clear-groups -- "$0" "$@"
fi

exec "$@"
`;

export function memcachedMain(): TreeSpec {
  return { 'usr/local/bin/memcached': exe('memcached', 1_020_000) };
}

export function registryMain(): TreeSpec {
  return { 'bin/registry': exe('registry', 17_000_000) };
}

export const REGISTRY_CONFIG = `version: 0.1
log:
  fields:
    service: registry
storage:
  cache:
    blobdescriptor: inmemory
  filesystem:
    rootdirectory: /var/lib/registry
http:
  addr: :5000
  headers:
    X-Content-Type-Options: [nosniff]
health:
  storagedriver:
    enabled: true
    interval: 10s
    threshold: 3
`;

export const REGISTRY_ENTRYPOINT = `#!/bin/sh

set -e

case "$1" in
    *.yaml|*.yml) set -- registry serve "$@" ;;
    serve|garbage-collect|help|-*) set -- registry "$@" ;;
esac

exec "$@"
`;

export function postgresMain(alpine: boolean): TreeSpec {
  const bin = alpine ? 'usr/local/bin' : 'usr/lib/postgresql/18/bin';
  const spec: TreeSpec = {
    ...programs(bin, ['postgres', 'initdb', 'pg_ctl', 'psql', 'pg_dump', 'pg_dumpall', 'pg_restore', 'pg_isready', 'createdb', 'dropdb', 'createuser', 'dropuser', 'pg_basebackup', 'pg_upgrade', 'vacuumdb', 'reindexdb', 'clusterdb']),
    [`${bin}/postgres`]: exe('postgres', 9_950_000),
    [`${bin}/psql`]: exe('psql', 805_000),
    'usr/share/postgresql/18/postgresql.conf.sample': "# PostgreSQL configuration file\n#listen_addresses = 'localhost'\n",
    'usr/share/postgresql/18/pg_hba.conf.sample': '# PostgreSQL Client Authentication Configuration File\n',
  };
  if (!alpine) spec['usr/bin/psql'] = link('../share/postgresql-common/pg_wrapper');
  return spec;
}

export const POSTGRES_ENTRYPOINT = `#!/usr/bin/env bash
set -Eeo pipefail

# usage: file_env VAR [DEFAULT]
#    ie: file_env 'XYZ_DB_PASSWORD' 'example'
# (will allow for "$XYZ_DB_PASSWORD_FILE" to fill in the value of
#  "$XYZ_DB_PASSWORD" from a file, especially for Docker's secrets feature)

if [ "\${1:0:1}" = '-' ]; then
	set -- postgres "$@"
fi

exec "$@"
`;

export function mysqlMain(): TreeSpec {
  return {
    'usr/sbin/mysqld': exe('mysqld', 64_600_000),
    ...programs('usr/bin', ['mysql', 'mysqladmin', 'mysqldump', 'mysqlcheck', 'mysqlimport', 'mysqlshow', 'mysqlbinlog', 'mysql_tzinfo_to_sql', 'my_print_defaults']),
    'etc/my.cnf': '# For advice on how to change settings please see\n# http://dev.mysql.com/doc/refman/9.5/en/server-configuration-defaults.html\n\n[mysqld]\nskip-host-cache\nskip-name-resolve\ndatadir=/var/lib/mysql\nsocket=/var/run/mysqld/mysqld.sock\nsecure-file-priv=/var/lib/mysql-files\nuser=mysql\n\npid-file=/var/run/mysqld/mysqld.pid\n[client]\nsocket=/var/run/mysqld/mysqld.sock\n\n!includedir /etc/mysql/conf.d/\n',
    'etc/mysql/conf.d': dir(),
    'var/lib/mysql': dir(0o1777, 999, 999),
    'var/run/mysqld': dir(0o1777, 999, 999),
    'var/lib/mysql-files': dir(0o700, 999, 999),
    'docker-entrypoint-initdb.d': dir(),
  };
}

export const MYSQL_ENTRYPOINT = entrypointScript('mysqld');

export function gosu(): TreeSpec {
  return { 'usr/local/bin/gosu': exe('gosu', 2_340_000) };
}

export function pythonMain(version: string, alpine: boolean): TreeSpec {
  const minor = version.split('.').slice(0, 2).join('.');
  return {
    [`usr/local/bin/python${minor}`]: exe('python3', 17_000),
    'usr/local/bin/python3': link(`python${minor}`),
    [`usr/local/bin/python${minor}-config`]: text('#!/bin/sh\n', 0o755),
    'usr/local/bin/python3-config': link(`python${minor}-config`),
    'usr/local/bin/pip3': text(`#!/usr/local/bin/python${minor}\n# -*- coding: utf-8 -*-\nimport re\nimport sys\nfrom pip._internal.cli.main import main\n`, 0o755),
    [`usr/local/bin/pip${minor}`]: text(`#!/usr/local/bin/python${minor}\n`, 0o755),
    'usr/local/bin/pip': text(`#!/usr/local/bin/python${minor}\n`, 0o755),
    'usr/local/bin/idle3': link(`idle${minor}`),
    [`usr/local/bin/idle${minor}`]: text(`#!/usr/local/bin/python${minor}\n`, 0o755),
    'usr/local/bin/pydoc3': link(`pydoc${minor}`),
    [`usr/local/bin/pydoc${minor}`]: text(`#!/usr/local/bin/python${minor}\n`, 0o755),
    [`usr/local/lib/libpython${minor}.so.1.0`]: blob(alpine ? 6_400_000 : 7_100_000),
    [`usr/local/lib/python${minor}/os.py`]: '"""OS routines for NT or Posix depending on what system we\'re on."""\n',
    [`usr/local/lib/python${minor}/site-packages/README.txt`]: 'This directory exists so that 3rd party packages can be installed\nhere.  Read the source for site.py for more details.\n',
    [`usr/local/include/python${minor}`]: dir(),
  };
}

export function pythonLinks(): TreeSpec {
  return {
    'usr/local/bin/idle': link('idle3'),
    'usr/local/bin/pydoc': link('pydoc3'),
    'usr/local/bin/python': link('python3'),
    'usr/local/bin/python-config': link('python3-config'),
  };
}

export function nodeMain(): TreeSpec {
  return {
    'usr/local/bin/node': exe('node', 120_000_000),
    'usr/local/bin/nodejs': link('/usr/local/bin/node'),
    'usr/local/bin/npm': link('../lib/node_modules/npm/bin/npm-cli.js'),
    'usr/local/bin/npx': link('../lib/node_modules/npm/bin/npx-cli.js'),
    'usr/local/bin/corepack': link('../lib/node_modules/corepack/dist/corepack.js'),
    'usr/local/lib/node_modules/npm/bin/npm-cli.js': exe('npm', 54),
    'usr/local/lib/node_modules/npm/bin/npx-cli.js': exe('npx', 2_922),
    'usr/local/lib/node_modules/npm/package.json': '{\n  "name": "npm",\n  "description": "a package manager for JavaScript"\n}\n',
    'usr/local/lib/node_modules/corepack/dist/corepack.js': exe('corepack', 93),
    'usr/local/include/node': dir(),
    'usr/local/share/doc/node': dir(),
  };
}

export function yarnLayer(): TreeSpec {
  return {
    'opt/yarn-v1.22.22/bin/yarn': exe('yarn', 1_015),
    'opt/yarn-v1.22.22/bin/yarnpkg': exe('yarn', 42),
    'opt/yarn-v1.22.22/package.json': '{\n  "name": "yarn",\n  "version": "1.22.22"\n}\n',
    'usr/local/bin/yarn': link('/opt/yarn-v1.22.22/bin/yarn'),
    'usr/local/bin/yarnpkg': link('/opt/yarn-v1.22.22/bin/yarnpkg'),
  };
}

export const NODE_ENTRYPOINT = `#!/bin/sh
set -e

# Run command with node if the first argument contains a "-" or is not a system command. The last
# part inside the "{}" is a workaround for the following bug in ash/dash:
# https://bugs.debian.org/cgi-bin/bugreport.cgi?bug=874264
if [ "\${1#-}" != "\${1}" ] || [ -z "$(command -v "\${1}")" ] || { [ -f "\${1}" ] && ! [ -x "\${1}" ]; }; then
  set -- node "$@"
fi

exec "$@"
`;

export function buildpackCurl(): TreeSpec {
  return {
    'usr/bin/curl': exe('curl', 297_736),
    'usr/bin/wget': exe('wget', 531_240),
    'usr/bin/gpg': exe('gpg', 1_200_000),
    'usr/bin/sq': exe('sq', 14_000_000),
    'etc/ssl/certs/ca-certificates.crt': blob(213_000, 0o644),
    'etc/services': '# Network services, Internet style\ntcpmux\t\t1/tcp\nhttp\t\t80/tcp\t\twww\nhttps\t\t443/tcp\n',
    'etc/protocols': '# Internet (IP) protocols\nip\t0\tIP\ntcp\t6\tTCP\nudp\t17\tUDP\n',
  };
}

export function buildpackScm(): TreeSpec {
  return {
    ...programs('usr/bin', ['git', 'hg', 'svn', 'ssh', 'scp', 'ps', 'top', 'free', 'pgrep', 'pkill', 'kill', 'uptime', 'w', 'watch', 'pmap', 'vmstat', 'pidof']),
    'usr/bin/git': exe('git', 4_200_000),
    'usr/bin/ps': exe('ps', 146_928),
  };
}

export function buildpackFull(): TreeSpec {
  return {
    ...programs('usr/bin', ['gcc', 'g++', 'cc', 'c++', 'make', 'autoconf', 'automake', 'patch', 'file', 'unzip', 'bzip2', 'xz', 'convert', 'pkg-config', 'ld', 'as']),
    'usr/include/stdio.h': '/* Define ISO C stdio on top of C++ iostreams.\n',
    'usr/lib/gcc/x86_64-linux-gnu': dir(),
  };
}
