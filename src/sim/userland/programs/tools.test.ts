import { describe, expect, it } from 'vitest';
import { testHost, type TestHost } from '../testkit.ts';
import { fsWrite } from '../fsapi.ts';
import { marker } from '../install.ts';
import { kAdvance } from '../kapi.ts';
import { populateTree } from '../../kernel/fs/populate.ts';
import { alpineRootfs } from '../../engine/images/rootfs/alpine.ts';

function nginxHost(): TestHost {
  const t = testHost();
  fsWrite(t.k, 1, '/usr/sbin/nginx', marker('nginx'), { mode: 0o755 });
  t.run('mkdir -p /usr/share/nginx/html && printf "<h1>hi</h1>\\n" > /usr/share/nginx/html/index.html');
  t.run("nginx -g 'daemon off;' > /dev/null 2>&1 &");
  return t;
}

describe('curl 7.88.1', () => {
  it('-v traces the connection and the exchange (stdout not a terminal)', () => {
    const t = nginxHost();
    const r = t.run('curl -sv http://localhost/');
    expect(r.stdout).toBe('<h1>hi</h1>\n');
    const err = r.stderr.replace(/Date: .* GMT/, 'Date: D').replace(/Last-Modified: .* GMT/, 'Last-Modified: D').replace(/ETag: "[0-9a-f]+-c"/, 'ETag: E');
    expect(err).toBe(
      '*   Trying 127.0.0.1:80...\n* Connected to localhost (127.0.0.1) port 80 (#0)\n> GET / HTTP/1.1\r\n> Host: localhost\r\n> User-Agent: curl/7.88.1\r\n> Accept: */*\r\n> \r\n' +
        '< HTTP/1.1 200 OK\r\n< Server: nginx/1.27.3\r\n< Date: D\r\n< Content-Type: text/html\r\n< Content-Length: 12\r\n< Last-Modified: D\r\n< Connection: keep-alive\r\n< ETag: E\r\n< Accept-Ranges: bytes\r\n< \r\n' +
        '{ [12 bytes data]\n* Connection #0 to host localhost left intact\n',
    );
  });

  it('prints the progress meter when stdout is not a terminal, and exit 7 wording on a refused port', () => {
    const t = testHost();
    const r = t.run('curl http://localhost:8080/');
    expect(r.exitCode).toBe(7);
    expect(r.stderr).toBe(
      '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n' +
        '\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0\n' +
        "curl: (7) Failed to connect to localhost port 8080 after 0 ms: Couldn't connect to server\n",
    );
    expect(t.run('curl -s http://localhost:8080/')).toMatchObject({ exitCode: 7, stderr: '' });
    expect(t.run('curl -sS http://localhost:8080/').stderr).toBe("curl: (7) Failed to connect to localhost port 8080 after 0 ms: Couldn't connect to server\n");
    expect(t.run('curl -s http://nosuch.invalid/')).toMatchObject({ exitCode: 6 });
    expect(t.run('curl -sS http://nosuch.invalid/').stderr).toBe('curl: (6) Could not resolve host: nosuch.invalid\n');
  });

  it('combined short flags: -sI, -sSL, -fsS', () => {
    const t = nginxHost();
    expect(t.run('curl -sI http://localhost/').stdout).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(t.run('curl -sSL http://localhost/').stdout).toBe('<h1>hi</h1>\n');
    expect(t.run('curl -fsS http://localhost/nope')).toMatchObject({ exitCode: 22, stderr: 'curl: (22) The requested URL returned error: 404\n' });
    expect(t.run('curl -sZ http://localhost/')).toMatchObject({ exitCode: 2, stderr: "curl: option -sZ: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n" });
  });
});

describe('procps top, psmisc pstree and killall, ss', () => {
  it('top -b -n 1 prints the procps header and the task table', () => {
    const t = testHost();
    kAdvance(t.k, 65 * 60_000);
    const lines = t.run('top -b -n 1').stdout.split('\n');
    expect(lines[0]).toBe('top - 10:05:00 up  1:05,  1 user,  load average: 0.00, 0.00, 0.00');
    expect(lines[1]).toBe('Tasks:  12 total,   1 running,  11 sleeping,   0 stopped,   0 zombie');
    expect(lines[2]).toBe('%Cpu(s):  0.0 us,  0.0 sy,  0.0 ni,100.0 id,  0.0 wa,  0.0 hi,  0.0 si,  0.0 st ');
    expect(lines[3]).toMatch(/^MiB Mem : +\d+\.\d total, +\d+\.\d free, +\d+\.\d used, +\d+\.\d buff\/cache {5}$/);
    expect(lines[5]).toBe('');
    expect(lines[6]).toBe('    PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND');
    expect(lines[7]).toBe('      1 root      20   0  168400  12288   8602 S   0.0   0.1   0:00.00 systemd');
    expect(lines).toContain('      3 root      20   0   32880  16384  11469 S   0.0   0.2   0:00.00 systemd-j+');
  });

  it('pstree draws the host tree (ASCII off a terminal), -p adds PIDs', () => {
    const t = testHost();
    expect(t.run('pstree').stdout).toBe('systemd-+-agetty\n        |-containerd\n        |-cron\n        |-dockerd\n        |-sshd---sshd---bash---pstree\n        |-systemd-journal\n        `-systemd-udevd\n');
    t.run('sleep 100 & sleep 100 &');
    expect(t.run('pstree').stdout).toContain('|-sshd---sshd---bash-+-pstree\n        |                    `-2*[sleep]\n');
    expect(t.run('pstree -p 11').stdout).toMatch(/^bash\(11\)-\+-pstree\(\d+\)\n {9}\|-sleep\(\d+\)\n {9}`-sleep\(\d+\)\n$/);
  });

  it('pstree uses UTF-8 line drawing on a UTF-8 terminal', () => {
    const t = testHost();
    let out = '';
    t.ul.onTtyOutput('pts/0', (s) => (out += s));
    t.ul.ttyInput('pts/0', 'pstree\n');
    expect(out).toContain('systemd─┬─agetty\r\n        ├─containerd\r\n');
    expect(out).toContain('        └─systemd-udevd\r\n');
  });

  it('killall kills by name and says so when nothing matches', () => {
    const t = testHost();
    t.run('sleep 100 & sleep 200 &');
    expect(t.run('killall sleep')).toMatchObject({ exitCode: 0, stderr: '' });
    expect(t.run('ps -e | grep -c sleep').stdout).toBe('0\n');
    expect(t.run('killall nosuch')).toMatchObject({ exitCode: 1, stderr: 'nosuch: no process found\n' });
  });

  it('ss -tlnp lists listening sockets with their process', () => {
    const t = nginxHost();
    expect(t.run('ss -tlnp').stdout).toBe(`State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\nLISTEN 0      511          0.0.0.0:80        0.0.0.0:*    users:(("nginx",pid=13,fd=3))\n`);
    expect(t.run('ss -tln').stdout).toBe('State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\nLISTEN 0      511          0.0.0.0:80        0.0.0.0:*          \n');
  });
});

describe('dd, find, hostname -i, nslookup, systemctl, journalctl', () => {
  it('dd writes the file and prints its three lines', () => {
    const t = testHost();
    const r = t.run('dd if=/dev/zero of=/tmp/big bs=1M count=10');
    expect(r.stderr).toBe('10+0 records in\n10+0 records out\n10485760 bytes (10 MB, 10 MiB) copied, 0.00539988 s, 1.9 GB/s\n');
    expect(t.run('stat -c %s /tmp/big').stdout).toBe('10485760\n');
    expect(t.run('dd if=/dev/zero of=/tmp/b2 bs=1M count=100').stderr.split('\n')[2]).toBe('104857600 bytes (105 MB, 100 MiB) copied, 0.0525858 s, 2.0 GB/s');
  });

  it('find walks with -name, -type and -maxdepth; errors in GNU quotes', () => {
    const t = testHost();
    t.run('mkdir -p /tmp/f/a/b && touch /tmp/f/x.txt /tmp/f/a/y.txt /tmp/f/a/b/z.log');
    // Entries come in directory order (creation order here, hash order on ext4).
    expect(t.run("find /tmp/f -name '*.txt'").stdout).toBe('/tmp/f/a/y.txt\n/tmp/f/x.txt\n');
    expect(t.run('find /tmp/f -maxdepth 1 -type d').stdout).toBe('/tmp/f\n/tmp/f/a\n');
    expect(t.run('find /nope')).toMatchObject({ exitCode: 1, stderr: 'find: ‘/nope’: No such file or directory\n' });
  });

  it('hostname -i resolves the host name through /etc/hosts', () => {
    const t = testHost();
    expect(t.run('hostname -i').stdout).toBe('127.0.1.1\n');
  });

  it('nslookup asks the resolv.conf server (bind9 format)', () => {
    const t = testHost();
    expect(t.run('nslookup example.com').stdout).toBe('Server:\t\t10.0.2.3\nAddress:\t10.0.2.3#53\n\nNon-authoritative answer:\nName:\texample.com\nAddress: 93.184.215.14\n\n');
    expect(t.run('nslookup nosuch.invalid')).toMatchObject({ exitCode: 1, stdout: "Server:\t\t10.0.2.3\nAddress:\t10.0.2.3#53\n\n** server can't find nosuch.invalid: NXDOMAIN\n\n" });
  });

  it('systemctl status docker shows the unit from the kernel cgroup and the virtual uptime', () => {
    const t = testHost();
    kAdvance(t.k, 125_000);
    const out = t.run('systemctl status docker').stdout.split('\n');
    expect(out.slice(0, 11)).toEqual([
      '● docker.service - Docker Application Container Engine',
      '     Loaded: loaded (/lib/systemd/system/docker.service; enabled; preset: enabled)',
      '     Active: active (running) since Thu 2026-01-15 09:00:00 UTC; 2min 5s ago',
      'TriggeredBy: ● docker.socket',
      '       Docs: https://docs.docker.com',
      '   Main PID: 8 (dockerd)',
      '      Tasks: 1',
      '     Memory: 80.0M',
      '        CPU: 0ms',
      '     CGroup: /system.slice/docker.service',
      '             └─8 /usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock',
    ]);
    expect(t.run('systemctl status nosuch')).toMatchObject({ exitCode: 4, stderr: 'Unit nosuch.service could not be found.\n' });
    const j = t.run('journalctl -u docker').stdout.split('\n');
    expect(j[0]).toBe('Jan 15 09:00:00 docker-host systemd[1]: Starting docker.service - Docker Application Container Engine...');
    expect(j).toContain('Jan 15 09:00:00 docker-host dockerd[8]: time="2026-01-15T09:00:00.000000000Z" level=info msg="API listen on /run/docker.sock"');
  });
});

describe('busybox flavours (alpine chroot)', () => {
  function alpine(): TestHost {
    const t = testHost();
    populateTree(t.k, 1, '/srv/alp', alpineRootfs('3.21.3'), { parents: true });
    t.run('cat /etc/resolv.conf > /srv/alp/etc/resolv.conf');
    return t;
  }
  it('nc, dd, killall, nslookup word things as busybox does', () => {
    const t = alpine();
    expect(t.run('chroot /srv/alp nc 127.0.0.1 7009')).toMatchObject({ exitCode: 1, stderr: "nc: can't connect to remote host (127.0.0.1): Connection refused\n" });
    expect(t.run('chroot /srv/alp killall nosuch')).toMatchObject({ exitCode: 1, stderr: 'killall: nosuch: no process killed\n' });
    expect(t.run('chroot /srv/alp nslookup example.com').stdout).toBe('Server:\t\t10.0.2.3\nAddress:\t10.0.2.3:53\n\nNon-authoritative answer:\nName:\texample.com\nAddress: 93.184.215.14\n\n');
    expect(t.run('chroot /srv/alp top -b -n 1').stdout.split('\n')[3]).toBe('  PID  PPID USER     STAT   VSZ %VSZ %CPU COMMAND');
  });

  it('ln words its failures as busybox does (the link path and the errno)', () => {
    const t = alpine();
    t.run('touch /srv/alp/a; mkdir -p /srv/alp/d');
    expect(t.run('chroot /srv/alp ln -s /x /a')).toMatchObject({ exitCode: 1, stderr: 'ln: /a: File exists\n' });
    expect(t.run('chroot /srv/alp ln /nope /b')).toMatchObject({ exitCode: 1, stderr: 'ln: /nope: No such file or directory\n' });
    expect(t.run('chroot /srv/alp ln -s /x /d').exitCode).toBe(0);
    expect(t.run('chroot /srv/alp ln -s /x /d')).toMatchObject({ exitCode: 1, stderr: 'ln: /d/x: File exists\n' });
    expect(t.run('chroot /srv/alp ln -sf /y /a').exitCode).toBe(0);
    expect(t.run('readlink /srv/alp/a').stdout).toBe('/y\n');
  });

  it('busybox sh reports a missing command its own way; nc -l and a client exchange lines', () => {
    const t = alpine();
    expect(t.run("chroot /srv/alp sh -c 'nosuch'")).toMatchObject({ exitCode: 127, stderr: 'sh: nosuch: not found\n' });
    t.run('chroot /srv/alp nc -l -p 7100 > /tmp/bb.out < /dev/null &');
    expect(t.run("echo ping | chroot /srv/alp nc 127.0.0.1 7100").exitCode).toBe(0);
    expect(t.run('cat /tmp/bb.out').stdout).toBe('ping\n');
  });
});

describe('chmod -R and chown -R (GNU coreutils, -P)', () => {
  it('neither follow nor change a symbolic link below the operand, and end on /proc and bind-mount loops', () => {
    const t = testHost();
    t.run('mkdir -p /tmp/a/b && ln -s / /tmp/a/b/up');
    expect(t.run('chmod -R 700 /tmp/a').exitCode).toBe(0);
    expect(t.run('stat -c %a /tmp/a/b /').stdout).toBe('700\n755\n');
    expect(t.run('chown -R nobody /tmp/a && stat -c %U /tmp/a/b /').stdout).toBe('nobody\nroot\n');
    expect(t.run('chmod -R 777 /proc').exitCode).toBe(1);
    t.run('mkdir /tmp/m && mount --bind / /tmp/m');
    expect(t.run('chmod -R 755 /tmp/m/tmp').exitCode).toBe(0);
  });
  it('cp -r copies a symbolic link as a link (and so ends on /proc); without -r it copies what the link names', () => {
    const t = testHost();
    t.run('mkdir -p /tmp/x && ln -s /etc/hostname /tmp/x/h');
    t.run('cp -r /tmp/x /tmp/y && cp /tmp/x/h /tmp/z');
    expect(t.run('readlink /tmp/y/h').stdout).toBe('/etc/hostname\n');
    expect(t.run('cat /tmp/z').stdout).toBe(t.run('cat /etc/hostname').stdout);
    expect(t.run('cp -r /proc /tmp/p 2>/dev/null').exitCode).toBe(1);
  });
});

describe('ping -c (iputils 20221126)', () => {
  it('refuses a missing, non-numeric or out-of-range count as iputils does', () => {
    const t = testHost();
    expect(t.run('ping localhost -c')).toMatchObject({ stderr: "ping: option requires an argument -- 'c'\n", exitCode: 2 });
    expect(t.run('ping -c abc localhost')).toMatchObject({ stderr: "ping: invalid argument: 'abc'\n", exitCode: 1 });
    expect(t.run('ping -c 0 localhost')).toMatchObject({ stderr: "ping: invalid argument: '0': out of range: 1 <= value <= 9223372036854775807\n", exitCode: 1 });
  });
});

describe('find -xdev / -mount (GNU findutils)', () => {
  it('lists a mount point of another filesystem but does not enter it', () => {
    const t = testHost();
    const all = t.run('find /').stdout.split('\n');
    const one = t.run('find / -xdev').stdout.split('\n');
    expect(one).toContain('/proc');
    expect(one).not.toContain('/proc/1');
    expect(all).toContain('/proc/1');
    expect(one.length).toBeLessThan(all.length);
    expect(t.run('find /proc -mount -maxdepth 1 -name self').stdout).toBe('/proc/self\n');
  });
});
