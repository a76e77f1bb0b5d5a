/**
 * Catalogue: database images (postgres, mysql) as Docker Hub served them in
 * November 2025 (linux/amd64).
 *
 * Models: docker-library/postgres (18 on Debian 13 "trixie", PGDATA under
 * /var/lib/postgresql/18/docker and the volume at /var/lib/postgresql) and
 * docker-library/mysql (9.5 "innovation" and 8.4 LTS on Oracle Linux 9 slim).
 * SIMPLIFICATIONS: long RUN lines abridged; sizes rounded.
 */

import type { CatImage, CatRepo } from './types.ts';
import { made, meta } from './types.ts';
import { ALPINE_3_22, DEBIAN_TRIXIE_SLIM, ORACLELINUX_9_SLIM } from './distros.ts';
import { ALPINE_PATH } from '../rootfs/alpine.ts';

function postgres(variant: 'trixie' | 'alpine'): CatImage {
  const alpine = variant === 'alpine';
  const v = `18.0-${variant}`;
  const path = `PATH=${alpine ? ALPINE_PATH : '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'}:/usr/lib/postgresql/18/bin`;
  const env = alpine
    ? [path, 'GOSU_VERSION=1.19', 'LANG=en_US.utf8', 'PG_MAJOR=18', 'PG_VERSION=18.0', 'PG_SHA256=0d5b903b1e5fe361bca7aa9507519933773eb34266b1357c4e7780fdee6d6078', 'DOCKER_PG_LLVM_DEPS=llvm19-dev \t\tclang19', 'PGDATA=/var/lib/postgresql/18/docker']
    : [path, 'GOSU_VERSION=1.19', 'LANG=en_US.utf8', 'PG_MAJOR=18', 'PG_VERSION=18.0-1.pgdg13+3', 'PGDATA=/var/lib/postgresql/18/docker'];
  return {
    key: `postgres:${v}`,
    created: '2025-10-28T20:42:11Z',
    base: alpine ? ALPINE_3_22 : DEBIAN_TRIXIE_SLIM,
    config: {
      Env: env,
      Entrypoint: ['docker-entrypoint.sh'],
      Cmd: ['postgres'],
      ExposedPorts: { '5432/tcp': {} },
      Volumes: { '/var/lib/postgresql': {} },
      StopSignal: 'SIGINT',
    },
    steps: [
      made('RUN /bin/sh -c set -eux; \tgroupadd -r postgres --gid=999; \tuseradd -r -g postgres --uid=999 --home-dir=/var/lib/postgresql --shell=/bin/bash postgres; \tinstall --verbose --directory --owner postgres --group postgres --mode 1777 /var/lib/postgresql # buildkit', `postgres-${v}-user`, 4_310, 1_168),
      made('RUN /bin/sh -c set -ex; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tgnupg \t\tless \t; \trm -rf /var/lib/apt/lists/* # buildkit', `postgres-${v}-gnupg`, 10_470_000, 4_482_000),
      meta('ENV GOSU_VERSION=1.19'),
      made('RUN /bin/sh -c set -eux; \tsavedAptMark="$(apt-mark showmanual)"; \tapt-get update; \tapt-get install -y --no-install-recommends ca-certificates wget; \trm -rf /var/lib/apt/lists/*; \tdpkgArch="$(dpkg --print-architecture | awk -F- \'{ print $NF }\')"; \twget -O /usr/local/bin/gosu "https://github.com/tianon/gosu/releases/download/$GOSU_VERSION/gosu-$dpkgArch"; \tchmod +x /usr/local/bin/gosu; \tgosu --version; \tgosu nobody true # buildkit', `postgres-${v}-gosu`, 2_350_000, 1_140_000),
      made('RUN /bin/sh -c set -eux; \tif [ -f /etc/dpkg/dpkg.cfg.d/docker ]; then \t\tgrep -q \'/usr/share/locale\' /etc/dpkg/dpkg.cfg.d/docker; \t\tsed -ri \'/\\/usr\\/share\\/locale/d\' /etc/dpkg/dpkg.cfg.d/docker; \t\t! grep -q \'/usr/share/locale\' /etc/dpkg/dpkg.cfg.d/docker; \tfi; \tapt-get update; apt-get install -y --no-install-recommends locales; rm -rf /var/lib/apt/lists/*; \techo \'en_US.UTF-8 UTF-8\' >> /etc/locale.gen; \tlocale-gen; \tlocale -a | grep \'en_US.utf8\' # buildkit', `postgres-${v}-locales`, 24_010_000, 9_021_000),
      meta('ENV LANG=en_US.utf8'),
      made('RUN /bin/sh -c set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tlibnss-wrapper \t\txz-utils \t\tzstd \t; \trm -rf /var/lib/apt/lists/* # buildkit', `postgres-${v}-nss`, 1_470_000, 605_000),
      made('RUN /bin/sh -c mkdir /docker-entrypoint-initdb.d # buildkit', `postgres-${v}-initdb`, 0, 116),
      made('RUN /bin/sh -c set -ex; \tkey=\'B97B0AFCAA1A47F044F244A07FCC7D46ACCC4CF8\'; \texport GNUPGHOME="$(mktemp -d)"; \tmkdir -p /usr/local/share/keyrings/; \tgpg --batch --keyserver keyserver.ubuntu.com --recv-keys "$key"; \tgpg --batch --export --armor "$key" > /usr/local/share/keyrings/postgres.gpg.asc; \tgpgconf --kill all; \trm -rf "$GNUPGHOME" # buildkit', `postgres-${v}-key`, 4_890, 2_046),
      meta('ENV PG_MAJOR=18'),
      meta(`ENV ${path}`),
      meta(`ENV PG_VERSION=${alpine ? '18.0' : '18.0-1.pgdg13+3'}`),
      made('RUN /bin/sh -c set -ex; \t\texport PYTHONDONTWRITEBYTECODE=1; \t\tdpkgArch="$(dpkg --print-architecture)"; \taptRepo="[ signed-by=/usr/local/share/keyrings/postgres.gpg.asc ] http://apt.postgresql.org/pub/repos/apt trixie-pgdg main $PG_MAJOR"; \techo "deb $aptRepo" > /etc/apt/sources.list.d/pgdg.list; \tapt-get update; \t\tapt-get install -y --no-install-recommends \t\t"postgresql-$PG_MAJOR=$PG_VERSION" \t; \t\trm -rf /var/lib/apt/lists/*; \t\tfind /usr -name \'*.pyc\' -type f -exec bash -c \'for pyc; do dpkg -S "$pyc" &> /dev/null || rm -vf "$pyc"; done\' -- \'{}\' +; \t\tpostgres --version # buildkit', `postgres-${v}`, alpine ? 250_170_000 : 333_960_000, alpine ? 96_210_000 : 112_774_000),
      made('RUN /bin/sh -c set -eux; \tdpkg-divert --add --rename --divert "/usr/share/postgresql/postgresql.conf.sample.dpkg" "/usr/share/postgresql/$PG_MAJOR/postgresql.conf.sample"; \tcp -v /usr/share/postgresql/postgresql.conf.sample.dpkg /usr/share/postgresql/postgresql.conf.sample; \tln -sv ../postgresql.conf.sample "/usr/share/postgresql/$PG_MAJOR/"; \tsed -ri "s!^#?(listen_addresses)\\s*=\\s*\\S+.*!\\1 = \'*\'!" /usr/share/postgresql/postgresql.conf.sample; \tgrep -F "listen_addresses = \'*\'" /usr/share/postgresql/postgresql.conf.sample # buildkit', `postgres-${v}-conf`, 34_120, 9_905),
      made('RUN /bin/sh -c install --verbose --directory --owner postgres --group postgres --mode 3777 /var/run/postgresql # buildkit', `postgres-${v}-run`, 0, 120),
      meta('ENV PGDATA=/var/lib/postgresql/18/docker'),
      made('RUN /bin/sh -c ln -svT . /var/lib/postgresql/data # https://github.com/docker-library/postgres/pull/1259#issuecomment-2215477494 # buildkit', `postgres-${v}-datalink`, 1, 187),
      meta('VOLUME [/var/lib/postgresql]'),
      made('COPY docker-entrypoint.sh docker-ensure-initdb.sh /usr/local/bin/ # buildkit', `postgres-${v}-entrypoint`, 17_720, 5_424),
      made('RUN /bin/sh -c ln -sT docker-ensure-initdb.sh /usr/local/bin/docker-enforce-initdb.sh # buildkit', `postgres-${v}-enforce`, 23, 153),
      meta('ENTRYPOINT ["docker-entrypoint.sh"]'),
      meta('STOPSIGNAL SIGINT'),
      meta('EXPOSE map[5432/tcp:{}]'),
      meta('CMD ["postgres"]'),
    ],
  };
}

export const POSTGRES = postgres('trixie');
export const POSTGRES_ALPINE = postgres('alpine');

function mysql(version: '9.5.0' | '8.4.7'): CatImage {
  const innovation = version.startsWith('9');
  const major = innovation ? 'innovation' : '8.4';
  const repo = innovation ? 'mysql-innovation' : 'mysql8.4';
  const env = ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'GOSU_VERSION=1.19', `MYSQL_MAJOR=${major}`, `MYSQL_VERSION=${version}-1.el9`, `MYSQL_SHELL_VERSION=${version}-1.el9`];
  return {
    key: `mysql:${version}`,
    created: innovation ? '2025-10-22T02:11:47Z' : '2025-10-22T02:09:12Z',
    base: ORACLELINUX_9_SLIM,
    config: {
      Env: env,
      Entrypoint: ['docker-entrypoint.sh'],
      Cmd: ['mysqld'],
      ExposedPorts: { '3306/tcp': {}, '33060/tcp': {} },
      Volumes: { '/var/lib/mysql': {} },
    },
    steps: [
      made('RUN /bin/sh -c set -eux; \tgroupadd --system --gid 999 mysql; \tuseradd --system --uid 999 --gid 999 --home-dir /var/lib/mysql --no-create-home mysql # buildkit', `mysql-${version}-user`, 2_620, 882),
      meta('ENV GOSU_VERSION=1.19'),
      made('RUN /bin/sh -c set -eux; \tarch="$(uname -m)"; \tcase "$arch" in \t\taarch64) gosuArch=\'arm64\' ;; \t\tx86_64) gosuArch=\'amd64\' ;; \t\t*) echo >&2 "error: unsupported architecture: \'$arch\'"; exit 1 ;; \tesac; \tcurl -fL -o /usr/local/bin/gosu.asc "https://github.com/tianon/gosu/releases/download/$GOSU_VERSION/gosu-$gosuArch.asc"; \tcurl -fL -o /usr/local/bin/gosu "https://github.com/tianon/gosu/releases/download/$GOSU_VERSION/gosu-$gosuArch"; \tchmod +x /usr/local/bin/gosu; \tgosu --version; \tgosu nobody true # buildkit', `mysql-${version}-gosu`, 2_340_000, 983_000),
      made('RUN /bin/sh -c set -eux; \tmicrodnf install -y \t\tbzip2 \t\tgzip \t\topenssl \t\txz \t\tzstd \t\tfindutils \t; \tmicrodnf clean all # buildkit', `mysql-${version}-deps`, 41_020_000, 6_891_000),
      made("RUN /bin/sh -c set -eux; \tkey='BCA4 3417 C3B4 85DD 128E C6D4 B7B3 B788 A8D3 785C'; \texport GNUPGHOME=\"$(mktemp -d)\"; \tgpg --batch --keyserver keyserver.ubuntu.com --recv-keys \"$key\"; \tgpg --batch --export --armor \"$key\" > /etc/pki/rpm-gpg/RPM-GPG-KEY-mysql; \trm -rf \"$GNUPGHOME\" # buildkit", `mysql-${version}-key`, 3_160, 2_606),
      meta(`ENV MYSQL_MAJOR=${major}`),
      meta(`ENV MYSQL_VERSION=${version}-1.el9`),
      made(`RUN /bin/sh -c set -eu; \t{ \t\techo '[${repo}-server-minimal]'; \t\techo 'name=MySQL ${major} Server Minimal'; \t\techo 'enabled=1'; \t\techo 'baseurl=https://repo.mysql.com/yum/${repo}-community/docker/el/9/\\$basearch/'; \t\techo 'gpgcheck=1'; \t\techo 'gpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-mysql'; \t\techo 'module_hotfixes=true'; \t} | tee /etc/yum.repos.d/mysql-community-minimal.repo # buildkit`, `mysql-${version}-repo`, 250, 336),
      made('RUN /bin/sh -c set -eux; \tmicrodnf install -y "mysql-community-server-minimal-$MYSQL_VERSION"; \tmicrodnf clean all; \tgrep -F \'socket=/var/lib/mysql/mysql.sock\' /etc/my.cnf; \tsed -i \'s!^socket=.*!socket=/var/run/mysqld/mysqld.sock!\' /etc/my.cnf; \tgrep -F \'socket=/var/run/mysqld/mysqld.sock\' /etc/my.cnf; \t{ echo \'[client]\'; echo \'socket=/var/run/mysqld/mysqld.sock\'; } >> /etc/my.cnf; \t\tgrep -F \'!includedir\' /etc/my.cnf; \t{ echo; echo \'!includedir /etc/mysql/conf.d/\'; } >> /etc/my.cnf; \tmkdir -p /etc/mysql/conf.d; \tmkdir -p /var/lib/mysql /var/run/mysqld; \tchown mysql:mysql /var/lib/mysql /var/run/mysqld; \tchmod 1777 /var/lib/mysql /var/run/mysqld; \t\tmkdir /docker-entrypoint-initdb.d; \t\tmysqld --version; \tmysql --version # buildkit', `mysql-${version}`, innovation ? 336_500_000 : 318_900_000, innovation ? 63_004_000 : 60_113_000),
      made(`RUN /bin/sh -c set -eu; \t{ \t\techo '[mysql-tools-${innovation ? 'innovation-' : '8.4-lts-'}community]'; \t\techo 'name=MySQL Tools Community'; \t\techo 'baseurl=https://repo.mysql.com/yum/mysql-tools-${innovation ? 'innovation-' : '8.4-'}community/el/9/\\$basearch/'; \t\techo 'enabled=1'; \t\techo 'gpgcheck=1'; \t\techo 'gpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-mysql'; \t\techo 'module_hotfixes=true'; \t} | tee /etc/yum.repos.d/mysql-community-tools.repo # buildkit`, `mysql-${version}-tools-repo`, 236, 332),
      meta(`ENV MYSQL_SHELL_VERSION=${version}-1.el9`),
      made('RUN /bin/sh -c set -eux; \tmicrodnf install -y "mysql-shell-$MYSQL_SHELL_VERSION"; \tmicrodnf clean all; \t\tmysqlsh --version # buildkit', `mysql-${version}-shell`, innovation ? 377_900_000 : 320_300_000, innovation ? 54_772_000 : 48_402_000),
      meta('VOLUME [/var/lib/mysql]'),
      made('COPY docker-entrypoint.sh /usr/local/bin/ # buildkit', `mysql-${version}-entrypoint`, 16_310, 5_322),
      made('RUN /bin/sh -c ln -s usr/local/bin/docker-entrypoint.sh /entrypoint.sh # backwards compat # buildkit', `mysql-${version}-compat`, 34, 116),
      meta('ENTRYPOINT ["docker-entrypoint.sh"]'),
      meta('EXPOSE map[3306/tcp:{} 33060/tcp:{}]'),
      meta('CMD ["mysqld"]'),
    ],
  };
}

export const MYSQL_9 = mysql('9.5.0');
export const MYSQL_8_4 = mysql('8.4.7');

export const DATABASE_REPOS: CatRepo[] = [
  {
    name: 'postgres',
    description: 'The PostgreSQL object-relational database system provides reliability and data integrity.',
    stars: 14459,
    tags: { latest: POSTGRES, '18': POSTGRES, '18.0': POSTGRES, trixie: POSTGRES, alpine: POSTGRES_ALPINE, '18-alpine': POSTGRES_ALPINE, '18.0-alpine': POSTGRES_ALPINE },
  },
  {
    name: 'mysql',
    description: 'MySQL is a widely used, open-source relational database management system (RDBMS).',
    stars: 15890,
    tags: { latest: MYSQL_9, innovation: MYSQL_9, '9': MYSQL_9, '9.5': MYSQL_9, '9.5.0': MYSQL_9, lts: MYSQL_8_4, '8': MYSQL_8_4, '8.4': MYSQL_8_4, '8.4.7': MYSQL_8_4 },
  },
];
