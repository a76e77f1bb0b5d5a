/**
 * Catalogue: server images (nginx, httpd, redis, memcached, registry), each
 * built FROM a distribution base with BuildKit, as Docker Hub served them in
 * November 2025 (linux/amd64).
 *
 * Models: the docker-library / upstream Dockerfiles: their ENV, ENTRYPOINT,
 * CMD, EXPOSE, STOPSIGNAL, VOLUME and WORKDIR, and the layers their RUN and
 * COPY steps made.
 * SIMPLIFICATIONS: long RUN lines are abridged after their first commands
 * (`docker history --no-trunc` shows the start of the real line); layer sizes
 * are rounded figures that add up to the sizes `docker images` shows.
 */

import type { CatImage, CatRepo, CatStep } from './types.ts';
import { made, meta } from './types.ts';
import { ALPINE_3_18, ALPINE_3_21, ALPINE_3_22, DEBIAN_BOOKWORM_SLIM, DEBIAN_TRIXIE_SLIM } from './distros.ts';
import { DEBIAN_PATH } from '../rootfs/common.ts';
import { ALPINE_PATH } from '../rootfs/alpine.ts';

const PATH = `PATH=${DEBIAN_PATH}`;

const NGINX_MAINTAINER = 'NGINX Docker Maintainers <docker-maint@nginx.com>';

function nginxScripts(v: string): CatStep[] {
  return [
    made('COPY docker-entrypoint.sh / # buildkit', `nginx-${v}-entrypoint`, 1_620, 628),
    made('COPY 10-listen-on-ipv6-by-default.sh /docker-entrypoint.d # buildkit', `nginx-${v}-10-listen`, 2_125, 955),
    made('COPY 15-local-resolvers.envsh /docker-entrypoint.d # buildkit', `nginx-${v}-15-resolvers`, 389, 404),
    made('COPY 20-envsubst-on-templates.sh /docker-entrypoint.d # buildkit', `nginx-${v}-20-envsubst`, 3_018, 1_208),
    made('COPY 30-tune-worker-processes.sh /docker-entrypoint.d # buildkit', `nginx-${v}-30-tune`, 4_620, 1_398),
    meta('ENTRYPOINT ["/docker-entrypoint.sh"]'),
    meta('EXPOSE map[80/tcp:{}]'),
    meta('STOPSIGNAL SIGQUIT'),
    meta('CMD ["nginx" "-g" "daemon off;"]'),
  ];
}

const NGINX_CONFIG_COMMON = {
  ExposedPorts: { '80/tcp': {} },
  Entrypoint: ['/docker-entrypoint.sh'],
  Cmd: ['nginx', '-g', 'daemon off;'],
  Labels: { maintainer: NGINX_MAINTAINER },
  StopSignal: 'SIGQUIT',
};

export const NGINX = {
  key: 'nginx:1.29.3',
  created: '2025-10-28T21:07:53Z',
  base: DEBIAN_TRIXIE_SLIM,
  config: { ...NGINX_CONFIG_COMMON, Env: [PATH, 'NGINX_VERSION=1.29.3', 'NJS_VERSION=0.9.4', 'NJS_RELEASE=1~trixie', 'PKG_RELEASE=1~trixie', 'DYNPKG_RELEASE=1~trixie'] },
  steps: [
    meta(`LABEL maintainer=${NGINX_MAINTAINER}`),
    meta('ENV NGINX_VERSION=1.29.3'),
    meta('ENV NJS_VERSION=0.9.4'),
    meta('ENV NJS_RELEASE=1~trixie'),
    meta('ENV PKG_RELEASE=1~trixie'),
    meta('ENV DYNPKG_RELEASE=1~trixie'),
    made(
      'RUN /bin/sh -c set -x     && groupadd --system --gid 101 nginx     && useradd --system --gid nginx --no-create-home --home /nonexistent --comment "nginx user" --shell /bin/false --uid 101 nginx     && apt-get update     && apt-get install --no-install-recommends --no-install-suggests -y gnupg1 ca-certificates     && apt-get install --no-install-recommends --no-install-suggests -y $nginxPackages gettext-base curl     && apt-get remove --purge --auto-remove -y && rm -rf /var/lib/apt/lists/* /etc/apt/sources.list.d/nginx.list     && ln -sf /dev/stdout /var/log/nginx/access.log     && ln -sf /dev/stderr /var/log/nginx/error.log     && mkdir /docker-entrypoint.d # buildkit',
      'nginx-1.29.3-trixie',
      73_330_000,
      29_140_000,
    ),
    ...nginxScripts('1.29.3-trixie'),
  ],
} satisfies CatImage;

export const NGINX_ALPINE = {
  key: 'nginx:1.29.3-alpine',
  created: '2025-10-28T21:10:16Z',
  base: ALPINE_3_22,
  config: { ...NGINX_CONFIG_COMMON, Env: [`PATH=${ALPINE_PATH}`, 'NGINX_VERSION=1.29.3', 'PKG_RELEASE=1', 'DYNPKG_RELEASE=1', 'NJS_VERSION=0.9.4', 'NJS_RELEASE=1'] },
  steps: [
    meta(`LABEL maintainer=${NGINX_MAINTAINER}`),
    meta('ENV NGINX_VERSION=1.29.3'),
    meta('ENV PKG_RELEASE=1'),
    meta('ENV DYNPKG_RELEASE=1'),
    made(
      'RUN /bin/sh -c set -x     && addgroup -g 101 -S nginx     && adduser -S -D -H -u 101 -h /var/cache/nginx -s /sbin/nologin -G nginx -g nginx nginx     && apkArch="$(cat /etc/apk/arch)"     && nginxPackages="         nginx=${NGINX_VERSION}-r${PKG_RELEASE}     "     && apk add --no-cache --virtual .checksum-deps         openssl     && apk add -X "https://nginx.org/packages/mainline/alpine/v$(egrep -o \'^[0-9]+\\.[0-9]+\' /etc/alpine-release)/main" --no-cache $nginxPackages     && apk add --no-cache tzdata     && ln -sf /dev/stdout /var/log/nginx/access.log     && ln -sf /dev/stderr /var/log/nginx/error.log     && mkdir /docker-entrypoint.d # buildkit',
      'nginx-1.29.3-alpine',
      5_610_000,
      1_806_000,
    ),
    ...nginxScripts('1.29.3-alpine'),
    meta('ENV NJS_VERSION=0.9.4'),
    meta('ENV NJS_RELEASE=1'),
    made(
      'RUN /bin/sh -c set -x     && apkArch="$(cat /etc/apk/arch)"     && nginxPackages="         nginx=${NGINX_VERSION}-r${PKG_RELEASE}         nginx-module-xslt=${NGINX_VERSION}-r${DYNPKG_RELEASE}         nginx-module-geoip=${NGINX_VERSION}-r${DYNPKG_RELEASE}         nginx-module-image-filter=${NGINX_VERSION}-r${DYNPKG_RELEASE}         nginx-module-njs=${NGINX_VERSION}.${NJS_VERSION}-r${NJS_RELEASE}     "     && apk add -X "https://nginx.org/packages/mainline/alpine/v$(egrep -o \'^[0-9]+\\.[0-9]+\' /etc/alpine-release)/main" --no-cache $nginxPackages     && apk add --no-cache curl ca-certificates # buildkit',
      'nginx-1.29.3-alpine-njs',
      38_800_000,
      16_843_000,
    ),
  ],
} satisfies CatImage;

export const HTTPD = {
  key: 'httpd:2.4.65',
  created: '2025-10-28T20:16:50Z',
  base: DEBIAN_TRIXIE_SLIM,
  config: {
    Env: ['PATH=/usr/local/apache2/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'HTTPD_PREFIX=/usr/local/apache2', 'HTTPD_VERSION=2.4.65', 'HTTPD_SHA256=58b8be97d9940ec17f7656c0c6b9f41b618aac468b894b534148e3296c53b8b3', 'HTTPD_PATCHES='],
    Cmd: ['httpd-foreground'],
    WorkingDir: '/usr/local/apache2',
    ExposedPorts: { '80/tcp': {} },
    StopSignal: 'SIGWINCH',
  },
  steps: [
    meta('ENV HTTPD_PREFIX=/usr/local/apache2'),
    meta('ENV PATH=/usr/local/apache2/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'),
    made('RUN /bin/sh -c mkdir -p "$HTTPD_PREFIX"     && chown www-data:www-data "$HTTPD_PREFIX" # buildkit', 'httpd-2.4.65-prefix', 0, 147),
    meta('WORKDIR /usr/local/apache2'),
    made('RUN /bin/sh -c set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tca-certificates \t\tlibaprutil1-ldap \t\tlibldap-common \t; \trm -rf /var/lib/apt/lists/* # buildkit', 'httpd-2.4.65-deps', 5_340_000, 2_090_000),
    meta('ENV HTTPD_VERSION=2.4.65'),
    meta('ENV HTTPD_SHA256=58b8be97d9940ec17f7656c0c6b9f41b618aac468b894b534148e3296c53b8b3'),
    meta('ENV HTTPD_PATCHES='),
    made('RUN /bin/sh -c set -eux; \t\tsavedAptMark="$(apt-mark showmanual)"; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tbzip2 \t\tdpkg-dev \t\tgcc \t\tlibapr1-dev \t\tlibaprutil1-dev \t\tlibbrotli-dev \t\tlibcurl4-openssl-dev \t\tlibjansson-dev \t\tliblua5.2-dev \t\tlibnghttp2-dev \t\tlibpcre2-dev \t\tlibssl-dev \t\tlibxml2-dev \t\tmake \t\twget \t\tzlib1g-dev \t; \trm -r /var/lib/apt/lists/*; \t\tddist() { \t\tlocal f="$1"; shift; \t\tlocal distFile="$1"; shift; \t\tlocal success=; \t\tlocal distUrl=; \t\tfor distUrl in \t\t\t\'https://www.apache.org/dyn/closer.cgi?action=download&filename=\' \t\t\thttps://downloads.apache.org/ \t\t\thttps://www-us.apache.org/dist/ \t\t\thttps://www.apache.org/dist/ \t\t\thttps://archive.apache.org/dist/ \t\t; do \t\t\tif wget -O "$f" "$distUrl$distFile" && [ -s "$f" ]; then \t\t\t\tsuccess=1; \t\t\t\tbreak; \t\t\tfi; \t\tdone; \t\t[ -n "$success" ]; \t}; \t\tddist \'httpd.tar.bz2\' "httpd/httpd-$HTTPD_VERSION.tar.bz2"; \techo "$HTTPD_SHA256 *httpd.tar.bz2" | sha256sum -c -; \t\tmkdir -p src; \ttar -xf httpd.tar.bz2 -C src --strip-components=1; \trm httpd.tar.bz2; \tcd src; \t./configure \t\t--build="$gnuArch" \t\t--prefix="$HTTPD_PREFIX" \t\t--enable-mods-shared=reallyall \t\t--enable-mpms-shared=all \t; \tmake -j "$(nproc)"; \tmake install; \tcd ..; \trm -r src man manual; \thttpd -v # buildkit', 'httpd-2.4.65', 33_720_000, 11_410_000),
    meta('STOPSIGNAL SIGWINCH'),
    made('COPY httpd-foreground /usr/local/bin/ # buildkit', 'httpd-2.4.65-foreground', 138, 368),
    meta('EXPOSE map[80/tcp:{}]'),
    meta('CMD ["httpd-foreground"]'),
  ],
} satisfies CatImage;

function redis(variant: 'bookworm' | 'alpine'): CatImage {
  const alpine = variant === 'alpine';
  const v = `8.2.2-${variant}`;
  return {
    key: `redis:${v}`,
    created: '2025-10-03T17:22:31Z',
    base: alpine ? ALPINE_3_22 : DEBIAN_BOOKWORM_SLIM,
    config: {
      Env: [alpine ? `PATH=${ALPINE_PATH}` : PATH, 'REDIS_DOWNLOAD_URL=https://github.com/redis/redis/archive/refs/tags/8.2.2.tar.gz', 'REDIS_DOWNLOAD_SHA=7cc04a0ca1b73cd2ba8a20c1a26d10d0a6e7a1a5b4ea71c9e3d04f2ff1a0f9fc'],
      Entrypoint: ['docker-entrypoint.sh'],
      Cmd: ['redis-server'],
      WorkingDir: '/data',
      ExposedPorts: { '6379/tcp': {} },
      Volumes: { '/data': {} },
    },
    steps: [
      made(
        alpine ? 'RUN /bin/sh -c set -eux; \taddgroup -S -g 1000 redis; \tadduser -S -G redis -u 999 redis # buildkit' : 'RUN /bin/sh -c set -eux; \tgroupadd -r -g 999 redis; \tuseradd -r -g redis -u 999 redis # buildkit',
        `redis-${v}-user`,
        alpine ? 1_130 : 4_096,
        alpine ? 970 : 1_098,
      ),
      made(
        alpine ? 'RUN /bin/sh -c set -eux; \tapk add --no-cache \t\tsetpriv \t\ttzdata \t; # buildkit' : 'RUN /bin/sh -c set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends \t\ttzdata \t; \trm -rf /var/lib/apt/lists/* # buildkit',
        `redis-${v}-deps`,
        alpine ? 1_650_000 : 1_560_000,
        alpine ? 1_100_000 : 1_075_000,
      ),
      meta('ENV REDIS_DOWNLOAD_URL=https://github.com/redis/redis/archive/refs/tags/8.2.2.tar.gz'),
      meta('ENV REDIS_DOWNLOAD_SHA=7cc04a0ca1b73cd2ba8a20c1a26d10d0a6e7a1a5b4ea71c9e3d04f2ff1a0f9fc'),
      made(
        'RUN /bin/sh -c set -eux; \t\tARCH=$(dpkg --print-architecture 2>/dev/null || apk --print-arch); \tBUILD_WITH_MODULES=$(case "$ARCH" in "amd64"|"x86_64"|"arm64"|"aarch64") echo "yes" ;; *) echo "no" ;; esac); \t\twget -O redis.tar.gz "$REDIS_DOWNLOAD_URL"; \techo "$REDIS_DOWNLOAD_SHA *redis.tar.gz" | sha256sum -c -; \tmkdir -p /usr/src/redis; \ttar -xzf redis.tar.gz -C /usr/src/redis --strip-components=1; \trm redis.tar.gz; \t\tmake -C /usr/src/redis -j "$(nproc)" all; \tmake -C /usr/src/redis install; \t\trm -r /usr/src/redis; \t\tredis-cli --version; \tredis-server --version # buildkit',
        `redis-${v}`,
        alpine ? 47_620_000 : 60_860_000,
        alpine ? 17_384_000 : 21_944_000,
      ),
      made('RUN /bin/sh -c mkdir /data && chown redis:redis /data # buildkit', `redis-${v}-data`, 0, 98),
      meta('VOLUME [/data]'),
      meta('WORKDIR /data'),
      made('COPY docker-entrypoint.sh /usr/local/bin/ # buildkit', `redis-${v}-entrypoint`, 2_486, 1_026),
      meta('ENTRYPOINT ["docker-entrypoint.sh"]'),
      meta('EXPOSE map[6379/tcp:{}]'),
      meta('CMD ["redis-server"]'),
    ],
  };
}

export const REDIS = redis('bookworm');
export const REDIS_ALPINE = redis('alpine');

function memcached(variant: 'trixie' | 'alpine'): CatImage {
  const alpine = variant === 'alpine';
  const v = `1.6.39-${variant}`;
  return {
    key: `memcached:${v}`,
    created: '2025-10-28T21:22:05Z',
    base: alpine ? ALPINE_3_22 : DEBIAN_TRIXIE_SLIM,
    config: {
      User: 'memcache',
      Env: [alpine ? `PATH=${ALPINE_PATH}` : PATH, 'MEMCACHED_VERSION=1.6.39', 'MEMCACHED_URL=https://memcached.org/files/memcached-1.6.39.tar.gz', 'MEMCACHED_SHA1=b60a2e5bb4bfe2c6b1ff2b0c8ec0e3b4a05e8d3b'],
      Entrypoint: ['docker-entrypoint.sh'],
      Cmd: ['memcached'],
      ExposedPorts: { '11211/tcp': {} },
    },
    steps: [
      made(
        alpine ? 'RUN /bin/sh -c addgroup -g 11211 memcache && adduser -D -u 11211 -G memcache memcache # buildkit' : 'RUN /bin/sh -c groupadd --system --gid 11211 memcache && useradd --system --gid memcache --uid 11211 memcache # buildkit',
        `memcached-${v}-user`,
        alpine ? 4_720 : 3_954,
        alpine ? 1_010 : 1_101,
      ),
      made(
        alpine ? 'RUN /bin/sh -c apk add --no-cache libsasl # buildkit' : 'RUN /bin/sh -c set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tlibsasl2-modules \t; \trm -rf /var/lib/apt/lists/* # buildkit',
        `memcached-${v}-deps`,
        alpine ? 243_000 : 4_180_000,
        alpine ? 112_000 : 1_626_000,
      ),
      meta('ENV MEMCACHED_VERSION=1.6.39'),
      meta('ENV MEMCACHED_URL=https://memcached.org/files/memcached-1.6.39.tar.gz'),
      meta('ENV MEMCACHED_SHA1=b60a2e5bb4bfe2c6b1ff2b0c8ec0e3b4a05e8d3b'),
      made('RUN /bin/sh -c set -x \t\t&& savedAptMark="$(apt-mark showmanual)" \t&& apt-get update \t&& apt-get install -y --no-install-recommends \t\tca-certificates \t\tdpkg-dev \t\tgcc \t\tlibc6-dev \t\tlibevent-dev \t\tlibio-socket-ssl-perl \t\tlibsasl2-dev \t\tlibssl-dev \t\tmake \t\tperl \t\twget \t&& rm -rf /var/lib/apt/lists/* \t\t&& wget -O memcached.tar.gz "$MEMCACHED_URL" \t&& echo "$MEMCACHED_SHA1  memcached.tar.gz" | sha1sum -c - \t&& tar -xzf memcached.tar.gz -C /usr/src/memcached --strip-components=1 \t&& rm memcached.tar.gz \t\t&& cd /usr/src/memcached \t\t&& ./configure \t\t--build="$gnuArch" \t\t--enable-extstore \t\t--enable-proxy \t\t--enable-sasl \t\t--enable-sasl-pwdb \t\t--enable-tls \t&& make -j "$nproc" \t\t&& make install \t\t&& cd / && rm -rf /usr/src/memcached \t\t&& memcached -V # buildkit', `memcached-${v}`, alpine ? 3_990_000 : 5_840_000, alpine ? 1_618_000 : 2_312_000),
      made('COPY docker-entrypoint.sh /usr/local/bin/ # buildkit', `memcached-${v}-entrypoint`, 196, 315),
      made('RUN /bin/sh -c ln -s usr/local/bin/docker-entrypoint.sh /entrypoint.sh # backwards compat # buildkit', `memcached-${v}-compat`, 34, 117),
      meta('ENTRYPOINT ["docker-entrypoint.sh"]'),
      meta('USER memcache'),
      meta('EXPOSE map[11211/tcp:{}]'),
      meta('CMD ["memcached"]'),
    ],
  };
}

export const MEMCACHED = memcached('trixie');
export const MEMCACHED_ALPINE = memcached('alpine');

function registry(major: 2 | 3): CatImage {
  const version = major === 2 ? '2.8.3' : '3.0.0';
  const configPath = major === 2 ? '/etc/docker/registry/config.yml' : '/etc/distribution/config.yml';
  return {
    key: `registry:${version}`,
    created: major === 2 ? '2025-02-14T17:05:42Z' : '2025-10-08T19:36:03Z',
    base: major === 2 ? ALPINE_3_18 : ALPINE_3_21,
    config: {
      Env: [`PATH=${ALPINE_PATH}`],
      Entrypoint: ['/entrypoint.sh'],
      Cmd: [configPath],
      ExposedPorts: { '5000/tcp': {} },
      Volumes: { '/var/lib/registry': {} },
    },
    steps: [
      made('RUN /bin/sh -c set -eux; \tapk add --no-cache ca-certificates # buildkit', `registry-${version}-ca`, 684_000, 305_000),
      made(`RUN /bin/sh -c set -eux; \tversion='${version}'; \tapkArch="$(apk --print-arch)"; \tcase "$apkArch" in \t\tx86_64)  arch='amd64';   sha256='${'1b5e5b5bd2d6ea8b6d2e7fee7bcdd0bb3f1fa1acbc4c0b2ac70acd8d7cbfa4ca'}' ;; \t\t*) echo >&2 "error: unsupported architecture: $apkArch"; exit 1 ;; \tesac; \twget -O registry.tar.gz "https://github.com/distribution/distribution/releases/download/v\${version}/registry_\${version}_linux_\${arch}.tar.gz"; \techo "$sha256 *registry.tar.gz" | sha256sum -c -; \ttar --extract --verbose --file registry.tar.gz --directory /bin/ registry; \trm registry.tar.gz; \tregistry --version # buildkit`, `registry-${version}`, major === 2 ? 17_430_000 : 21_060_000, major === 2 ? 6_236_000 : 7_540_000),
      made(`COPY ./config-example.yml ${configPath} # buildkit`, `registry-${version}-config`, 295, 371),
      meta('VOLUME [/var/lib/registry]'),
      meta('EXPOSE map[5000/tcp:{}]'),
      made('COPY docker-entrypoint.sh /entrypoint.sh # buildkit', `registry-${version}-entrypoint`, 155, 240),
      meta('ENTRYPOINT ["/entrypoint.sh"]'),
      meta(`CMD ["${configPath}"]`),
    ],
  };
}

export const REGISTRY_2 = registry(2);
export const REGISTRY_3 = registry(3);

export const SERVER_REPOS: CatRepo[] = [
  {
    name: 'nginx',
    description: 'Official build of Nginx.',
    stars: 21031,
    tags: { latest: NGINX, mainline: NGINX, '1': NGINX, '1.29': NGINX, '1.29.3': NGINX, trixie: NGINX, alpine: NGINX_ALPINE, 'mainline-alpine': NGINX_ALPINE, '1.29-alpine': NGINX_ALPINE, '1.29.3-alpine': NGINX_ALPINE },
  },
  {
    name: 'httpd',
    description: 'The Apache HTTP Server Project',
    stars: 4922,
    tags: { latest: HTTPD, '2': HTTPD, '2.4': HTTPD, '2.4.65': HTTPD, trixie: HTTPD },
  },
  {
    name: 'redis',
    description: 'Redis is the world’s fastest data platform for caching, vector search, and NoSQL databases.',
    stars: 13173,
    tags: { latest: REDIS, '8': REDIS, '8.2': REDIS, '8.2.2': REDIS, bookworm: REDIS, alpine: REDIS_ALPINE, '8-alpine': REDIS_ALPINE, '8.2-alpine': REDIS_ALPINE, '8.2.2-alpine': REDIS_ALPINE },
  },
  {
    name: 'memcached',
    description: 'Free & open source, high-performance, distributed memory object caching system.',
    stars: 2301,
    tags: { latest: MEMCACHED, '1': MEMCACHED, '1.6': MEMCACHED, '1.6.39': MEMCACHED, alpine: MEMCACHED_ALPINE, '1.6-alpine': MEMCACHED_ALPINE },
  },
  {
    name: 'registry',
    description: 'Distribution implementation for storing and distributing of container images and artifacts',
    stars: 4235,
    tags: { latest: REGISTRY_3, '3': REGISTRY_3, '3.0': REGISTRY_3, '3.0.0': REGISTRY_3, '2': REGISTRY_2, '2.8': REGISTRY_2, '2.8.3': REGISTRY_2 },
  },
];
