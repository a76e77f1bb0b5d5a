/**
 * The busybox image (busybox:1.37.0, glibc variant): one static busybox binary
 * in /bin with every applet beside it, a Buildroot-style /etc, and no package
 * manager.
 *
 * Models: docker-library/busybox's rootfs (latest = the glibc build on Debian 13).
 * SIMPLIFICATIONS: the real image hard-links ~400 applets to /bin/busybox;
 * here they are symlinks to it, and only the common applets are listed.
 */

import type { TreeSpec } from '../../../kernel/fs/tree.ts';
import { applets, dir, exe, link, text } from './common.ts';
import { ALPINE_APPLETS } from './alpine.ts';

export const BUSYBOX_PASSWD = `root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
bin:x:2:2:bin:/bin:/bin/false
sys:x:3:3:sys:/dev:/bin/false
sync:x:4:100:sync:/bin:/bin/sync
mail:x:8:8:mail:/var/spool/mail:/bin/false
www-data:x:33:33:www-data:/var/www:/bin/false
operator:x:37:37:Operator:/var:/bin/false
nobody:x:65534:65534:nobody:/home:/bin/false
`;

export const BUSYBOX_GROUP = `root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
adm:x:4:
tty:x:5:
disk:x:6:
lp:x:7:
mail:x:8:
kmem:x:9:
wheel:x:10:root
cdrom:x:11:
dialout:x:18:
floppy:x:19:
video:x:28:
audio:x:29:
tape:x:32:
www-data:x:33:
operator:x:37:
utmp:x:43:
plugdev:x:46:
staff:x:50:
lock:x:54:
netdev:x:82:
users:x:100:
nobody:x:65534:
`;

/** Every applet of the busybox image's /bin. */
export const BUSYBOX_IMAGE_APPLETS: readonly string[] = [...new Set([...ALPINE_APPLETS.bin, ...ALPINE_APPLETS.sbin, ...ALPINE_APPLETS['usr/bin'], ...ALPINE_APPLETS['usr/sbin'], 'httpd', 'telnet', 'ftpget', 'udhcpd', 'dnsd', 'hush'])].filter(
  (a) => a !== '[[',
);

export function busyboxRootfs(): TreeSpec {
  const spec: TreeSpec = {
    bin: dir(),
    dev: dir(),
    etc: dir(),
    home: dir(),
    lib: dir(),
    lib64: link('lib'),
    root: dir(0o700),
    tmp: dir(0o1777),
    'usr/sbin': dir(),
    var: dir(),
    'var/spool/mail': dir(),
    'var/www': dir(),
    'bin/busybox': exe('busybox', 1_143_208),
    'etc/passwd': BUSYBOX_PASSWD,
    'etc/group': BUSYBOX_GROUP,
    'etc/shadow': text(BUSYBOX_PASSWD.split('\n').filter(Boolean).map((l) => `${l.split(':')[0]}:${l.startsWith('root:') ? '*' : '*'}:10933:0:99999:7:::\n`).join(''), 0o600),
    'etc/localtime': { file: null, size: 114, mode: 0o644 },
    'etc/network/if-down.d': dir(),
    'etc/network/if-post-down.d': dir(),
    'etc/network/if-pre-up.d': dir(),
    'etc/network/if-up.d': dir(),
    'etc/nsswitch.conf': 'hosts: files dns\nnetworks: files\n',
  };
  Object.assign(spec, applets('bin', BUSYBOX_IMAGE_APPLETS.filter((a) => a !== 'busybox'), 'busybox'));
  return spec;
}
