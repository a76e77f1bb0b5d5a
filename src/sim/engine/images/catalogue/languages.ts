/**
 * Catalogue: language runtimes (python, node) and the buildpack-deps images
 * their default variants build on, as Docker Hub served them in November 2025.
 *
 * Models: docker-library/buildpack-deps (curl, scm and full layers over
 * debian), docker-library/python (3.12-3.14 on trixie, -slim, -alpine) and
 * nodejs/docker-node (20, 22, 24 LTS and 25 current; default variant on
 * bookworm here, which is uncertain for 24 and 25).
 * SIMPLIFICATIONS: long RUN lines abridged; sizes rounded.
 */

import type { CatImage, CatRepo } from './types.ts';
import { made, meta } from './types.ts';
import { ALPINE_3_22, DEBIAN_BOOKWORM, DEBIAN_TRIXIE, DEBIAN_TRIXIE_SLIM } from './distros.ts';
import { DEBIAN_PATH } from '../rootfs/common.ts';
import { ALPINE_PATH } from '../rootfs/alpine.ts';

const PATH = `PATH=${DEBIAN_PATH}`;

function buildpack(release: 'trixie' | 'bookworm', created: string, sizes: [number, number, number]): CatImage {
  const base = release === 'trixie' ? DEBIAN_TRIXIE : DEBIAN_BOOKWORM;
  const curl: CatImage = {
    key: `buildpack-deps:${release}-curl`,
    created,
    base,
    config: { Env: [PATH], Cmd: ['bash'] },
    steps: [made(`RUN /bin/sh -c set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tca-certificates \t\tcurl \t\tgnupg \t\tnetbase \t\t${release === 'trixie' ? 'sq \t\t' : ''}wget \t; \trm -rf /var/lib/apt/lists/* # buildkit`, `buildpack-${release}-curl`, sizes[0], Math.round(sizes[0] * 0.4))],
  };
  const scm: CatImage = {
    key: `buildpack-deps:${release}-scm`,
    created,
    base: curl,
    config: { Env: [PATH], Cmd: ['bash'] },
    steps: [made('RUN /bin/sh -c set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tgit \t\tmercurial \t\topenssh-client \t\tsubversion \t\t\t\tprocps \t; \trm -rf /var/lib/apt/lists/* # buildkit', `buildpack-${release}-scm`, sizes[1], Math.round(sizes[1] * 0.36))],
  };
  return {
    key: `buildpack-deps:${release}`,
    created,
    base: scm,
    config: { Env: [PATH], Cmd: ['bash'] },
    steps: [made('RUN /bin/sh -c set -ex; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tautoconf \t\tautomake \t\tbzip2 \t\tdefault-libmysqlclient-dev \t\tdpkg-dev \t\tfile \t\tg++ \t\tgcc \t\timagemagick \t\tlibbz2-dev \t\tlibc6-dev \t\tlibcurl4-openssl-dev \t\tlibdb-dev \t\tlibevent-dev \t\tlibffi-dev \t\tlibgdbm-dev \t\tlibglib2.0-dev \t\tlibgmp-dev \t\tlibjpeg-dev \t\tlibkrb5-dev \t\tliblzma-dev \t\tlibmagickcore-dev \t\tlibmagickwand-dev \t\tlibmaxminddb-dev \t\tlibncurses5-dev \t\tlibncursesw5-dev \t\tlibpng-dev \t\tlibpq-dev \t\tlibreadline-dev \t\tlibsqlite3-dev \t\tlibssl-dev \t\tlibtool \t\tlibwebp-dev \t\tlibxml2-dev \t\tlibxslt-dev \t\tlibyaml-dev \t\tmake \t\tpatch \t\tunzip \t\txz-utils \t\tzlib1g-dev \t; \trm -rf /var/lib/apt/lists/* # buildkit', `buildpack-${release}`, sizes[2], Math.round(sizes[2] * 0.35))],
  };
}

export const BUILDPACK_TRIXIE = buildpack('trixie', '2025-10-28T21:33:04Z', [25_620_000, 72_810_000, 595_100_000]);
export const BUILDPACK_BOOKWORM = buildpack('bookworm', '2025-10-28T21:31:52Z', [24_060_000, 64_400_000, 587_300_000]);

const PY_GPG: Record<string, string> = { '3.12': 'A035C8C19219BA821ECEA86B64E628F8D684696D', '3.13': '7169605F62C751356D054A26A821E680E5FA6305' };

function python(version: string, variant: 'full' | 'slim' | 'alpine', sizes: { deps: number; build: number }, created: string): CatImage {
  const minor = version.split('.').slice(0, 2).join('.');
  const tag = variant === 'full' ? version : `${version}-${variant}`;
  const gpg = PY_GPG[minor];
  const sha = `${minor === '3.14' ? '2299dae542d395ce3883aca00d3c910307cd68e0b2f7336098c8e7b7eee9f3e9' : minor === '3.13' ? '0299a94ec46f3c19bac5f6ed3ad1d2a9b07ed94c8d0ff1f8b4bb54ae1a0fa85a' : 'fb85a13414b028c49ba18bbd523c2d055a30b56b18b92ce454ea2c51edf656c4'}`;
  const path = `PATH=/usr/local/bin:${variant === 'alpine' ? ALPINE_PATH : DEBIAN_PATH}`;
  const env = [path, 'LANG=C.UTF-8', ...(gpg ? [`GPG_KEY=${gpg}`] : []), `PYTHON_VERSION=${version}`, `PYTHON_SHA256=${sha}`];
  const depsStep =
    variant === 'full'
      ? made('RUN /bin/sh -c set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tlibbluetooth-dev \t\ttk-dev \t\tuuid-dev \t; \trm -rf /var/lib/apt/lists/* # buildkit', `python-${tag}-deps`, sizes.deps, Math.round(sizes.deps * 0.3))
      : variant === 'slim'
        ? made('RUN /bin/sh -c set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tca-certificates \t\tnetbase \t\ttzdata \t; \trm -rf /var/lib/apt/lists/* # buildkit', `python-${tag}-deps`, sizes.deps, Math.round(sizes.deps * 0.35))
        : made('RUN /bin/sh -c set -eux; \tapk add --no-cache \t\tca-certificates \t\ttzdata \t; # buildkit', `python-${tag}-deps`, sizes.deps, Math.round(sizes.deps * 0.4));
  return {
    key: `python:${tag}`,
    created,
    base: variant === 'full' ? BUILDPACK_TRIXIE : variant === 'slim' ? DEBIAN_TRIXIE_SLIM : ALPINE_3_22,
    config: { Env: env, Cmd: ['python3'] },
    steps: [
      meta(`ENV ${path}`),
      meta('ENV LANG=C.UTF-8'),
      depsStep,
      ...(gpg ? [meta(`ENV GPG_KEY=${gpg}`)] : []),
      meta(`ENV PYTHON_VERSION=${version}`),
      meta(`ENV PYTHON_SHA256=${sha}`),
      made('RUN /bin/sh -c set -eux; \t\twget -O python.tar.xz "https://www.python.org/ftp/python/${PYTHON_VERSION%%[a-z]*}/Python-$PYTHON_VERSION.tar.xz"; \techo "$PYTHON_SHA256 *python.tar.xz" | sha256sum -c -; \tmkdir -p /usr/src/python; \ttar --extract --directory /usr/src/python --strip-components=1 --file python.tar.xz; \trm python.tar.xz; \t\tcd /usr/src/python; \tgnuArch="$(dpkg-architecture --query DEB_BUILD_GNU_TYPE)"; \t./configure \t\t--build="$gnuArch" \t\t--enable-loadable-sqlite-extensions \t\t--enable-optimizations \t\t--enable-option-checking=fatal \t\t--enable-shared \t\t--with-lto \t\t--with-ensurepip \t; \tmake -j "$nproc"; \tmake install; \t\tcd /; \trm -rf /usr/src/python; \t\tpython3 --version; \tpip3 --version # buildkit', `python-${tag}`, sizes.build, Math.round(sizes.build * 0.3)),
      made('RUN /bin/sh -c set -eux; \tfor src in idle3 pip3 pydoc3 python3 python3-config; do \t\tdst="$(echo "$src" | tr -d 3)"; \t\t[ -s "/usr/local/bin/$src" ]; \t\t[ ! -e "/usr/local/bin/$dst" ]; \t\tln -svT "$src" "/usr/local/bin/$dst"; \tdone # buildkit', `python-${tag}-links`, 36, 250),
      meta('CMD ["python3"]'),
    ],
  };
}

const PY_CREATED = '2025-10-28T22:04:18Z';
export const PYTHON_3_14 = python('3.14.0', 'full', { deps: 22_410_000, build: 89_420_000 }, PY_CREATED);
export const PYTHON_3_14_SLIM = python('3.14.0', 'slim', { deps: 3_520_000, build: 40_250_000 }, PY_CREATED);
export const PYTHON_3_14_ALPINE = python('3.14.0', 'alpine', { deps: 1_380_000, build: 36_070_000 }, PY_CREATED);
export const PYTHON_3_13 = python('3.13.9', 'full', { deps: 22_410_000, build: 86_710_000 }, PY_CREATED);
export const PYTHON_3_13_SLIM = python('3.13.9', 'slim', { deps: 3_520_000, build: 38_930_000 }, PY_CREATED);
export const PYTHON_3_13_ALPINE = python('3.13.9', 'alpine', { deps: 1_380_000, build: 34_860_000 }, PY_CREATED);
export const PYTHON_3_12 = python('3.12.12', 'full', { deps: 22_410_000, build: 80_320_000 }, PY_CREATED);
export const PYTHON_3_12_SLIM = python('3.12.12', 'slim', { deps: 3_520_000, build: 36_600_000 }, PY_CREATED);
export const PYTHON_3_12_ALPINE = python('3.12.12', 'alpine', { deps: 1_380_000, build: 32_910_000 }, PY_CREATED);

function node(version: string, variant: 'bookworm' | 'alpine', size: number, created: string): CatImage {
  const alpine = variant === 'alpine';
  const tag = alpine ? `${version}-alpine3.22` : `${version}-bookworm`;
  const env = [`PATH=${alpine ? ALPINE_PATH : DEBIAN_PATH}`, `NODE_VERSION=${version}`, 'YARN_VERSION=1.22.22'];
  const install = alpine
    ? made('RUN /bin/sh -c addgroup -g 1000 node     && adduser -u 1000 -G node -s /bin/sh -D node     && apk add --no-cache         libstdc++     && apk add --no-cache --virtual .build-deps         curl     && ARCH= OPENSSL_ARCH=\'linux*\' && alpineArch="$(apk --print-arch)"     && case "${alpineArch##*-}" in         x86_64) ARCH=\'x64\' CHECKSUM="..." OPENSSL_ARCH=linux-x86_64;;         *) ;;       esac   && curl -fsSLO --compressed "https://unofficial-builds.nodejs.org/download/release/v$NODE_VERSION/node-v$NODE_VERSION-linux-$ARCH-musl.tar.xz"   && tar -xJf "node-v$NODE_VERSION-linux-$ARCH-musl.tar.xz" -C /usr/local --strip-components=1 --no-same-owner   && ln -s /usr/local/bin/node /usr/local/bin/nodejs   && node --version   && npm --version # buildkit', `node-${tag}`, size, Math.round(size * 0.33))
    : made('RUN /bin/sh -c ARCH= && dpkgArch="$(dpkg --print-architecture)"   && case "${dpkgArch##*-}" in     amd64) ARCH=\'x64\';;     *) echo "unsupported architecture"; exit 1 ;;   esac   && export GNUPGHOME="$(mktemp -d)"   && curl -fsSLO --compressed "https://nodejs.org/dist/v$NODE_VERSION/node-v$NODE_VERSION-linux-$ARCH.tar.xz"   && tar -xJf "node-v$NODE_VERSION-linux-$ARCH.tar.xz" -C /usr/local --strip-components=1 --no-same-owner   && rm "node-v$NODE_VERSION-linux-$ARCH.tar.xz" SHASUMS256.txt.asc SHASUMS256.txt   && ln -s /usr/local/bin/node /usr/local/bin/nodejs   && node --version   && npm --version # buildkit', `node-${tag}`, size, Math.round(size * 0.3));
  return {
    key: `node:${tag}`,
    created,
    base: alpine ? ALPINE_3_22 : BUILDPACK_BOOKWORM,
    config: { Env: env, Entrypoint: ['docker-entrypoint.sh'], Cmd: ['node'] },
    steps: [
      ...(alpine ? [] : [made('RUN /bin/sh -c groupadd --gid 1000 node   && useradd --uid 1000 --gid node --shell /bin/bash --create-home node # buildkit', `node-${tag}-user`, 8_940, 3_310)]),
      meta(`ENV NODE_VERSION=${version}`),
      install,
      meta('ENV YARN_VERSION=1.22.22'),
      made('RUN /bin/sh -c set -ex   && export GNUPGHOME="$(mktemp -d)"   && for key in     6A010C5166006599AA17F08146C2130DFD2497F5   ; do     gpg --batch --keyserver hkps://keys.openpgp.org --recv-keys "$key" ||     gpg --batch --keyserver keyserver.ubuntu.com --recv-keys "$key" ;   done   && curl -fsSLO --compressed "https://yarnpkg.com/downloads/$YARN_VERSION/yarn-v$YARN_VERSION.tar.gz"   && mkdir -p /opt   && tar -xzf yarn-v$YARN_VERSION.tar.gz -C /opt/   && ln -s /opt/yarn-v$YARN_VERSION/bin/yarn /usr/local/bin/yarn   && ln -s /opt/yarn-v$YARN_VERSION/bin/yarnpkg /usr/local/bin/yarnpkg   && rm yarn-v$YARN_VERSION.tar.gz.asc yarn-v$YARN_VERSION.tar.gz   && yarn --version # buildkit', `node-${tag}-yarn`, 5_340_000, 1_257_000),
      made('COPY docker-entrypoint.sh /usr/local/bin/ # buildkit', `node-${tag}-entrypoint`, 388, 446),
      meta('ENTRYPOINT ["docker-entrypoint.sh"]'),
      meta('CMD ["node"]'),
    ],
  };
}

const NODE_CREATED = '2025-11-12T00:17:39Z';
export const NODE_25 = node('25.2.0', 'bookworm', 229_900_000, NODE_CREATED);
export const NODE_24 = node('24.11.1', 'bookworm', 197_300_000, NODE_CREATED);
export const NODE_22 = node('22.21.1', 'bookworm', 190_500_000, NODE_CREATED);
export const NODE_20 = node('20.19.5', 'bookworm', 184_700_000, '2025-10-28T21:50:02Z');
export const NODE_25_ALPINE = node('25.2.0', 'alpine', 158_800_000, NODE_CREATED);
export const NODE_24_ALPINE = node('24.11.1', 'alpine', 154_100_000, NODE_CREATED);
export const NODE_22_ALPINE = node('22.21.1', 'alpine', 150_200_000, NODE_CREATED);
export const NODE_20_ALPINE = node('20.19.5', 'alpine', 127_600_000, '2025-10-28T21:50:02Z');

export const LANGUAGE_REPOS: CatRepo[] = [
  {
    name: 'python',
    description: 'Python is an interpreted, interactive, object-oriented, open-source programming language.',
    stars: 10160,
    tags: {
      latest: PYTHON_3_14, '3': PYTHON_3_14, '3.14': PYTHON_3_14, '3.14.0': PYTHON_3_14, trixie: PYTHON_3_14, slim: PYTHON_3_14_SLIM, '3-slim': PYTHON_3_14_SLIM,
      '3.14-slim': PYTHON_3_14_SLIM, alpine: PYTHON_3_14_ALPINE, '3-alpine': PYTHON_3_14_ALPINE, '3.14-alpine': PYTHON_3_14_ALPINE, '3.13': PYTHON_3_13,
      '3.13.9': PYTHON_3_13, '3.13-slim': PYTHON_3_13_SLIM, '3.13-alpine': PYTHON_3_13_ALPINE, '3.12': PYTHON_3_12, '3.12.12': PYTHON_3_12,
      '3.12-slim': PYTHON_3_12_SLIM, '3.12-alpine': PYTHON_3_12_ALPINE,
    },
  },
  {
    name: 'node',
    description: 'Node.js is a JavaScript-based platform for server-side and networking applications.',
    stars: 13975,
    tags: {
      latest: NODE_25, current: NODE_25, '25': NODE_25, '25.2.0': NODE_25, lts: NODE_24, '24': NODE_24, krypton: NODE_24, '24.11.1': NODE_24,
      '22': NODE_22, jod: NODE_22, '22.21.1': NODE_22, '20': NODE_20, iron: NODE_20, '20.19.5': NODE_20, alpine: NODE_25_ALPINE,
      'current-alpine': NODE_25_ALPINE, '25-alpine': NODE_25_ALPINE, 'lts-alpine': NODE_24_ALPINE, '24-alpine': NODE_24_ALPINE,
      '22-alpine': NODE_22_ALPINE, '20-alpine': NODE_20_ALPINE,
    },
  },
  {
    name: 'buildpack-deps',
    description: 'A collection of common build dependencies used for installing various modules, e.g., gems.',
    stars: 492,
    tags: { latest: BUILDPACK_TRIXIE, trixie: BUILDPACK_TRIXIE, bookworm: BUILDPACK_BOOKWORM },
  },
];
