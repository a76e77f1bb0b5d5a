/**
 * Ubuntu base images, 14.04 (trusty) to 24.04 (noble): the Debian-family
 * minbase layout with Ubuntu's os-release, lsb-release and default users (24.04
 * adds the `ubuntu` user, uid 1000).
 *
 * Models: the rootfs tarballs of cloud-images.ubuntu.com that docker-library's
 * ubuntu image ADDs (one layer; 14.04 and 16.04 had further small layers).
 * 14.04 and 16.04 still shipped iputils-ping (/bin/ping, set-user-ID root), which
 * tutorials of the time used (`docker run ubuntu:14.04 ping 8.8.8.8`); 18.04 dropped it.
 * SIMPLIFICATIONS: 14.04 and 16.04 ship the same program set as later releases
 * minus the util-linux tools they lacked (lsns); Upstart/sysvinit files omitted.
 */

import type { TreeSpec } from '../../../kernel/fs/tree.ts';
import { debianFamilyRootfs, debianGroup, debianPasswd } from './debian.ts';
import { exe } from './common.ts';

export type UbuntuVersion = '14.04' | '16.04' | '18.04' | '20.04' | '22.04' | '24.04';

interface UbuntuRelease {
  point: string;
  codename: string;
  name: string;
  debian: string;
  merged: boolean;
  day: number;
}

export const UBUNTU_RELEASES: Record<UbuntuVersion, UbuntuRelease> = {
  '14.04': { point: '14.04.6', codename: 'trusty', name: 'Trusty Tahr', debian: 'jessie/sid', merged: false, day: 17962 },
  '16.04': { point: '16.04.7', codename: 'xenial', name: 'Xenial Xerus', debian: 'stretch/sid', merged: false, day: 18870 },
  '18.04': { point: '18.04.6', codename: 'bionic', name: 'Bionic Beaver', debian: 'buster/sid', merged: false, day: 19507 },
  '20.04': { point: '20.04.6', codename: 'focal', name: 'Focal Fossa', debian: 'bullseye/sid', merged: true, day: 20120 },
  '22.04': { point: '22.04.5', codename: 'jammy', name: 'Jammy Jellyfish', debian: 'bookworm/sid', merged: true, day: 20318 },
  '24.04': { point: '24.04.3', codename: 'noble', name: 'Noble Numbat', debian: 'trixie/sid', merged: true, day: 20318 },
};

/** /etc/os-release as each release words it (the key order changed in 22.04). */
export function ubuntuOsRelease(v: UbuntuVersion): string {
  const r = UBUNTU_RELEASES[v];
  if (v === '22.04' || v === '24.04') {
    return `PRETTY_NAME="Ubuntu ${r.point} LTS"
NAME="Ubuntu"
VERSION_ID="${v}"
VERSION="${r.point} LTS (${r.name})"
VERSION_CODENAME=${r.codename}
ID=ubuntu
ID_LIKE=debian
HOME_URL="https://www.ubuntu.com/"
SUPPORT_URL="https://help.ubuntu.com/"
BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
UBUNTU_CODENAME=${r.codename}
${v === '24.04' ? 'LOGO=ubuntu-logo\n' : ''}`;
  }
  if (v === '14.04') {
    return `NAME="Ubuntu"
VERSION="${r.point} LTS, ${r.name}"
ID=ubuntu
ID_LIKE=debian
PRETTY_NAME="Ubuntu ${r.point} LTS"
VERSION_ID="${v}"
HOME_URL="http://www.ubuntu.com/"
SUPPORT_URL="http://help.ubuntu.com/"
BUG_REPORT_URL="http://bugs.launchpad.net/ubuntu/"
`;
  }
  const https = v !== '16.04';
  const s = https ? 'https' : 'http';
  return `NAME="Ubuntu"
VERSION="${r.point} LTS (${r.name})"
ID=ubuntu
ID_LIKE=debian
PRETTY_NAME="Ubuntu ${r.point} LTS"
VERSION_ID="${v}"
HOME_URL="${s}://www.ubuntu.com/"
SUPPORT_URL="${s}://help.ubuntu.com/"
BUG_REPORT_URL="${s}://bugs.launchpad.net/ubuntu/"
${https ? 'PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"\n' : ''}VERSION_CODENAME=${r.codename}
UBUNTU_CODENAME=${r.codename}
`;
}

export function ubuntuRootfs(v: UbuntuVersion): TreeSpec {
  const r = UBUNTU_RELEASES[v];
  const noble = v === '24.04';
  const extra: TreeSpec = {
    'etc/lsb-release': `DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=${v}\nDISTRIB_CODENAME=${r.codename}\nDISTRIB_DESCRIPTION="Ubuntu ${r.point} LTS"\n`,
    'etc/legal': '\nThe programs included with the Ubuntu system are free software;\nthe exact distribution terms for each program are described in the\nindividual files in /usr/share/doc/*/copyright.\n\nUbuntu comes with ABSOLUTELY NO WARRANTY, to the extent permitted by\napplicable law.\n\n',
    'etc/issue': `Ubuntu ${r.point} LTS \\n \\l\n\n`,
    'etc/issue.net': `Ubuntu ${r.point} LTS\n`,
    'etc/update-motd.d/00-header': { file: '#!/bin/sh\n', mode: 0o755 },
    'etc/apt/sources.list': noble ? '# Ubuntu sources have moved to /etc/apt/sources.list.d/ubuntu.sources\n' : `deb http://archive.ubuntu.com/ubuntu/ ${r.codename} main restricted\n`,
    'run/systemd/container': 'docker\n',
  };
  if (v === '14.04' || v === '16.04') extra['bin/ping'] = exe('ping', v === '14.04' ? 44_168 : 64_424, 0o4755);
  if (noble) {
    extra['etc/apt/sources.list.d/ubuntu.sources'] = 'Types: deb\nURIs: http://archive.ubuntu.com/ubuntu/\nSuites: noble noble-updates noble-backports\nComponents: main universe restricted multiverse\nSigned-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg\n';
    extra['home/ubuntu'] = { dir: true, mode: 0o750, uid: 1000, gid: 1000 };
    extra['home/ubuntu/.bashrc'] = { file: '# ~/.bashrc: executed by bash(1) for non-login shells.\n', uid: 1000, gid: 1000 };
    extra['home/ubuntu/.profile'] = { file: '# ~/.profile: executed by the command interpreter for login shells.\n', uid: 1000, gid: 1000 };
  }
  return debianFamilyRootfs({
    osRelease: ubuntuOsRelease(v),
    debianVersion: `${r.debian}\n`,
    passwd: debianPasswd({
      gnats: !noble,
      ircHome: v === '22.04' || noble ? '/run/ircd' : '/var/run/ircd',
      aptUid: noble ? 42 : 100,
      extra: noble ? 'ubuntu:x:1000:1000:Ubuntu:/home/ubuntu:/bin/bash\n' : '',
    }),
    group: debianGroup({ gnats: !noble, extra: noble ? 'ubuntu:x:1000:\n' : '' }),
    mergedUsr: r.merged,
    shadowDay: r.day,
    slim: true,
    extra,
    without: v === '14.04' ? ['lsns', 'setpriv', 'findmnt', 'b2sum', 'basenc', 'apt'] : v === '16.04' ? ['basenc', 'b2sum'] : [],
  });
}
