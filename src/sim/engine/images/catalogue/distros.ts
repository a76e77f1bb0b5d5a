/**
 * Catalogue: the distribution base images (alpine, busybox, ubuntu, debian,
 * fedora, centos) and hello-world, as Docker Hub served them in November 2025.
 *
 * Models: docker-library's official images for linux/amd64: config (Cmd, Env,
 * Labels), layers with their sizes, and history lines as `docker history`
 * prints them (BuildKit-built images end their COPY/ADD lines with
 * "# buildkit"; classic-builder images show "/bin/sh -c #(nop) ...").
 * SIMPLIFICATIONS: sizes are rounded to what `docker images` shows; creation
 * times are plausible build dates; Fedora's history comment is uncertain.
 */

import type { CatImage, CatRepo } from './types.ts';
import { made, meta } from './types.ts';
import { ALPINE_PATH } from '../rootfs/alpine.ts';
import { DEBIAN_PATH } from '../rootfs/common.ts';
import { fileDigest } from './digests.ts';

const PATH = `PATH=${DEBIAN_PATH}`;

function alpine(version: string, created: string, size: number, blob: number): CatImage {
  return {
    key: `alpine:${version}`,
    created,
    config: { Env: [`PATH=${ALPINE_PATH}`], Cmd: ['/bin/sh'], WorkingDir: '/' },
    steps: [made(`ADD alpine-minirootfs-${version}-x86_64.tar.gz / # buildkit`, `alpine-${version}`, size, blob), meta('CMD ["/bin/sh"]')],
  };
}

export const ALPINE_3_22 = alpine('3.22.2', '2025-10-08T11:05:37Z', 8_311_000, 3_802_000);
export const ALPINE_3_21 = alpine('3.21.5', '2025-10-08T11:04:58Z', 7_834_000, 3_643_000);
export const ALPINE_3_20 = alpine('3.20.8', '2025-10-08T11:04:21Z', 7_801_000, 3_626_000);
export const ALPINE_3_19 = alpine('3.19.9', '2025-10-08T11:03:44Z', 7_381_000, 3_418_000);
export const ALPINE_3_18 = alpine('3.18.12', '2025-02-14T03:28:36Z', 7_362_000, 3_410_000);

export const BUSYBOX = {
  key: 'busybox:1.37.0-glibc',
  created: '2024-09-26T21:31:42Z',
  config: { Env: [PATH], Cmd: ['sh'] },
  steps: [{ by: 'BusyBox 1.37.0 (glibc), Debian 13', layer: { key: 'busybox-1.37.0-glibc', size: 4_430_000, blob: 2_217_000 } }],
} satisfies CatImage;

export const HELLO_WORLD = {
  key: 'hello-world:latest',
  created: '2025-08-08T19:05:17Z',
  config: { Env: [PATH], Cmd: ['/hello'], WorkingDir: '/' },
  steps: [made('COPY hello / # buildkit', 'hello-world', 10_072, 3_208), meta('CMD ["/hello"]')],
} satisfies CatImage;

function ubuntu(v: string, created: string, size: number, blob: number): CatImage {
  return {
    key: `ubuntu:${v}`,
    created,
    config: {
      Env: [PATH],
      Cmd: ['/bin/bash'],
      Labels: { 'org.opencontainers.image.ref.name': 'ubuntu', 'org.opencontainers.image.version': v },
    },
    steps: [
      { by: '/bin/sh -c #(nop)  ARG RELEASE' },
      { by: '/bin/sh -c #(nop)  ARG LAUNCHPAD_BUILD_ARCH' },
      { by: '/bin/sh -c #(nop)  LABEL org.opencontainers.image.ref.name=ubuntu' },
      { by: `/bin/sh -c #(nop)  LABEL org.opencontainers.image.version=${v}` },
      { by: `/bin/sh -c #(nop) ADD file:${fileDigest(`ubuntu-${v}`)} in / `, layer: { key: `ubuntu-${v}`, size, blob } },
      { by: '/bin/sh -c #(nop)  CMD ["/bin/bash"]' },
    ],
  };
}

export const UBUNTU_24_04 = ubuntu('24.04', '2025-10-13T15:28:51Z', 78_120_000, 29_724_000);
export const UBUNTU_22_04 = ubuntu('22.04', '2025-10-13T15:27:43Z', 77_870_000, 29_537_000);
export const UBUNTU_20_04 = ubuntu('20.04', '2025-04-08T10:59:07Z', 72_810_000, 27_514_000);
export const UBUNTU_18_04 = ubuntu('18.04', '2023-05-30T09:32:09Z', 63_150_000, 25_691_000);

/** 16.04 and 14.04 predate the labels: four (three) layers from the classic builder. */
export const UBUNTU_16_04 = {
  key: 'ubuntu:16.04',
  created: '2021-08-31T01:21:30Z',
  config: { Env: [PATH], Cmd: ['/bin/bash'] },
  steps: [
    { by: `/bin/sh -c #(nop) ADD file:${fileDigest('ubuntu-16.04')} in / `, layer: { key: 'ubuntu-16.04', size: 134_800_000, blob: 46_500_000 } },
    { by: `/bin/sh -c set -xe \t\t&& echo '#!/bin/sh' > /usr/sbin/policy-rc.d \t&& echo 'exit 101' >> /usr/sbin/policy-rc.d \t&& chmod +x /usr/sbin/policy-rc.d \t\t&& dpkg-divert --local --rename --add /sbin/initctl \t&& cp -a /usr/sbin/policy-rc.d /sbin/initctl \t&& sed -i 's/^exit.*/exit 0/' /sbin/initctl \t\t&& echo 'force-unsafe-io' > /etc/dpkg/dpkg.cfg.d/docker-apt-speedup \t\t&& echo 'DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };' > /etc/apt/apt.conf.d/docker-clean \t&& echo 'APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };' >> /etc/apt/apt.conf.d/docker-clean \t&& echo 'Dir::Cache::pkgcache ""; Dir::Cache::srcpkgcache "";' >> /etc/apt/apt.conf.d/docker-clean \t\t&& echo 'Acquire::Languages "none";' > /etc/apt/apt.conf.d/docker-no-languages \t\t&& echo 'Acquire::GzipIndexes "true"; Acquire::CompressionTypes::Order:: "gz";' > /etc/apt/apt.conf.d/docker-gzip-indexes \t\t&& echo 'Apt::AutoRemove::SuggestsImportant "false";' > /etc/apt/apt.conf.d/docker-autoremove-suggests`, layer: { key: 'ubuntu-16.04-apt', size: 745, blob: 526 } },
    { by: `/bin/sh -c [ -z "$(apt-get indextargets)" ]`, layer: { key: 'ubuntu-16.04-lists', size: 987_000, blob: 526_000 } },
    { by: `/bin/sh -c mkdir -p /run/systemd && echo 'docker' > /run/systemd/container`, layer: { key: 'ubuntu-16.04-systemd', size: 7, blob: 163 } },
    { by: '/bin/sh -c #(nop)  CMD ["/bin/bash"]' },
  ],
} satisfies CatImage;

export const UBUNTU_14_04 = {
  key: 'ubuntu:14.04',
  created: '2019-03-07T22:19:53Z',
  config: { Env: [PATH], Cmd: ['/bin/bash'] },
  steps: [
    { by: `/bin/sh -c #(nop) ADD file:${fileDigest('ubuntu-14.04')} in / `, layer: { key: 'ubuntu-14.04', size: 196_400_000, blob: 70_700_000 } },
    { by: `/bin/sh -c set -xe \t\t&& echo '#!/bin/sh' > /usr/sbin/policy-rc.d \t&& echo 'exit 101' >> /usr/sbin/policy-rc.d \t&& chmod +x /usr/sbin/policy-rc.d \t\t&& dpkg-divert --local --rename --add /sbin/initctl \t&& cp -a /usr/sbin/policy-rc.d /sbin/initctl \t&& sed -i 's/^exit.*/exit 0/' /sbin/initctl`, layer: { key: 'ubuntu-14.04-apt', size: 195_000, blob: 72_000 } },
    { by: `/bin/sh -c rm -rf /var/lib/apt/lists/*`, empty: true },
    { by: `/bin/sh -c mkdir -p /run/systemd && echo 'docker' > /run/systemd/container`, layer: { key: 'ubuntu-14.04-systemd', size: 7, blob: 162 } },
    { by: '/bin/sh -c #(nop)  CMD ["/bin/bash"]' },
  ],
} satisfies CatImage;

function debian(release: string, slim: boolean, epoch: number, created: string, size: number, blob: number): CatImage {
  const suite = slim ? `${release}-slim` : release;
  return {
    key: `debian:${suite}`,
    created,
    config: { Env: [PATH], Cmd: ['bash'] },
    steps: [
      {
        by: `# debian.sh --arch 'amd64' out/ '${release}' '@${epoch}'`,
        comment: 'debuerreotype 0.16',
        layer: { key: `debian-${suite}`, size, blob },
      },
    ],
  };
}

export const DEBIAN_TRIXIE = debian('trixie', false, 1761523200, '2025-10-28T00:00:00Z', 120_200_000, 49_284_000);
export const DEBIAN_TRIXIE_SLIM = debian('trixie', true, 1761523200, '2025-10-28T00:00:00Z', 78_610_000, 29_775_000);
export const DEBIAN_BOOKWORM = debian('bookworm', false, 1761523200, '2025-10-28T00:00:00Z', 116_900_000, 48_481_000);
export const DEBIAN_BOOKWORM_SLIM = debian('bookworm', true, 1761523200, '2025-10-28T00:00:00Z', 74_780_000, 28_230_000);
export const DEBIAN_BULLSEYE = debian('bullseye', false, 1761523200, '2025-10-28T00:00:00Z', 124_300_000, 53_745_000);
export const DEBIAN_BULLSEYE_SLIM = debian('bullseye', true, 1761523200, '2025-10-28T00:00:00Z', 80_630_000, 30_255_000);

function fedora(v: number, created: string, size: number, blob: number): CatImage {
  return {
    key: `fedora:${v}`,
    created,
    config: {
      Env: [PATH, `DISTTAG=f${v}container`, `FGC=f${v}`, `FBR=f${v}`],
      Cmd: ['/bin/bash'],
      Labels: { license: 'MIT', name: 'fedora', vendor: 'Fedora Project', version: String(v) },
    },
    steps: [{ by: '', comment: 'Created by Image Factory', layer: { key: `fedora-${v}`, size, blob } }],
  };
}

export const FEDORA_43 = fedora(43, '2025-11-02T06:34:12Z', 172_400_000, 62_620_000);
export const FEDORA_42 = fedora(42, '2025-11-02T06:33:05Z', 167_100_000, 60_940_000);
export const FEDORA_41 = fedora(41, '2025-11-02T06:32:01Z', 175_600_000, 63_410_000);
export const FEDORA_40 = fedora(40, '2025-05-11T06:30:44Z', 222_300_000, 78_090_000);
export const FEDORA_39 = fedora(39, '2024-11-10T06:29:40Z', 190_100_000, 67_830_000);

const CENTOS7_LABELS = {
  'org.label-schema.build-date': '20201113',
  'org.label-schema.license': 'GPLv2',
  'org.label-schema.name': 'CentOS Base Image',
  'org.label-schema.schema-version': '1.0',
  'org.label-schema.vendor': 'CentOS',
  'org.opencontainers.image.created': '2020-11-13 00:00:00+00:00',
  'org.opencontainers.image.licenses': 'GPL-2.0-only',
  'org.opencontainers.image.title': 'CentOS Base Image',
  'org.opencontainers.image.vendor': 'CentOS',
};

export const CENTOS_7 = {
  key: 'centos:7',
  created: '2021-09-15T18:20:05Z',
  config: { Env: [PATH], Cmd: ['/bin/bash'], Labels: CENTOS7_LABELS },
  steps: [
    { by: `/bin/sh -c #(nop) ADD file:${fileDigest('centos-7')} in / `, layer: { key: 'centos-7', size: 204_200_000, blob: 76_097_000 } },
    {
      by: '/bin/sh -c #(nop)  LABEL org.label-schema.schema-version=1.0 org.label-schema.name=CentOS Base Image org.label-schema.vendor=CentOS org.label-schema.license=GPLv2 org.label-schema.build-date=20201113 org.opencontainers.image.title=CentOS Base Image org.opencontainers.image.vendor=CentOS org.opencontainers.image.licenses=GPL-2.0-only org.opencontainers.image.created=2020-11-13 00:00:00+00:00',
    },
    { by: '/bin/sh -c #(nop)  CMD ["/bin/bash"]' },
  ],
} satisfies CatImage;

export const CENTOS_8 = {
  key: 'centos:8',
  created: '2021-09-15T18:20:23Z',
  config: {
    Env: [PATH],
    Cmd: ['/bin/bash'],
    Labels: {
      'org.label-schema.build-date': '20210915',
      'org.label-schema.license': 'GPLv2',
      'org.label-schema.name': 'CentOS Base Image',
      'org.label-schema.schema-version': '1.0',
      'org.label-schema.vendor': 'CentOS',
    },
  },
  steps: [
    { by: `/bin/sh -c #(nop) ADD file:${fileDigest('centos-8')} in / `, layer: { key: 'centos-8', size: 231_300_000, blob: 83_518_000 } },
    { by: '/bin/sh -c #(nop)  LABEL org.label-schema.schema-version=1.0     org.label-schema.name=CentOS Base Image     org.label-schema.vendor=CentOS     org.label-schema.license=GPLv2     org.label-schema.build-date=20210915' },
    { by: '/bin/sh -c #(nop)  CMD ["/bin/bash"]' },
  ],
} satisfies CatImage;

/** oraclelinux:9-slim, the base of the mysql image (not a repository of its own here). */
export const ORACLELINUX_9_SLIM = {
  key: 'oraclelinux:9-slim',
  created: '2025-10-21T17:43:26Z',
  config: { Env: [PATH], Cmd: ['/bin/bash'] },
  steps: [
    { by: `/bin/sh -c #(nop) ADD file:${fileDigest('oraclelinux-9-slim')} in / `, layer: { key: 'oraclelinux-9-slim', size: 117_800_000, blob: 44_873_000 } },
    { by: '/bin/sh -c #(nop)  CMD ["/bin/bash"]' },
  ],
} satisfies CatImage;

export const DISTRO_REPOS: CatRepo[] = [
  {
    name: 'alpine',
    description: 'A minimal Docker image based on Alpine Linux with a complete package index and only 5 MB in size!',
    stars: 11475,
    tags: { latest: ALPINE_3_22, '3': ALPINE_3_22, '3.22': ALPINE_3_22, '3.22.2': ALPINE_3_22, '3.21': ALPINE_3_21, '3.21.5': ALPINE_3_21, '3.20': ALPINE_3_20, '3.20.8': ALPINE_3_20, '3.19': ALPINE_3_19, '3.19.9': ALPINE_3_19 },
  },
  {
    name: 'busybox',
    description: 'Busybox base image.',
    stars: 3464,
    tags: { latest: BUSYBOX, '1.37': BUSYBOX, '1.37.0': BUSYBOX, glibc: BUSYBOX, '1.37.0-glibc': BUSYBOX, stable: BUSYBOX },
  },
  {
    name: 'ubuntu',
    description: 'Ubuntu is a Debian-based Linux operating system based on free software.',
    stars: 17769,
    tags: {
      latest: UBUNTU_24_04, '24.04': UBUNTU_24_04, noble: UBUNTU_24_04, '22.04': UBUNTU_22_04, jammy: UBUNTU_22_04, '20.04': UBUNTU_20_04,
      focal: UBUNTU_20_04, '18.04': UBUNTU_18_04, bionic: UBUNTU_18_04, '16.04': UBUNTU_16_04, xenial: UBUNTU_16_04, '14.04': UBUNTU_14_04, trusty: UBUNTU_14_04,
    },
  },
  {
    name: 'debian',
    description: 'Debian is a Linux distribution that\'s composed entirely of free and open-source software.',
    stars: 5236,
    tags: {
      latest: DEBIAN_TRIXIE, trixie: DEBIAN_TRIXIE, '13': DEBIAN_TRIXIE, 'trixie-slim': DEBIAN_TRIXIE_SLIM, '13-slim': DEBIAN_TRIXIE_SLIM,
      bookworm: DEBIAN_BOOKWORM, '12': DEBIAN_BOOKWORM, 'bookworm-slim': DEBIAN_BOOKWORM_SLIM, '12-slim': DEBIAN_BOOKWORM_SLIM,
      bullseye: DEBIAN_BULLSEYE, '11': DEBIAN_BULLSEYE, 'bullseye-slim': DEBIAN_BULLSEYE_SLIM, '11-slim': DEBIAN_BULLSEYE_SLIM,
    },
  },
  {
    name: 'fedora',
    description: 'Official Docker builds of Fedora',
    stars: 1239,
    tags: { latest: FEDORA_43, '43': FEDORA_43, '42': FEDORA_42, '41': FEDORA_41, '40': FEDORA_40, '39': FEDORA_39 },
  },
  {
    name: 'centos',
    description: 'DEPRECATED; The official build of CentOS.',
    stars: 7774,
    tags: { latest: CENTOS_8, '8': CENTOS_8, centos8: CENTOS_8, '8.4.2105': CENTOS_8, '7': CENTOS_7, centos7: CENTOS_7, '7.9.2009': CENTOS_7 },
  },
  {
    name: 'hello-world',
    description: 'Hello World! (an example of minimal Dockerization)',
    stars: 2465,
    tags: { latest: HELLO_WORLD, linux: HELLO_WORLD },
  },
];

