import { describe, expect, it } from 'vitest';
import { testHost } from '../testkit.ts';

// Golden texts: formats as procps-ng 4.0.2, coreutils 9.1, util-linux 2.38, iputils and bash 5.2 print them.

describe('ps (procps-ng)', () => {
  it('prints the default, -ef, aux and -o formats with a 7-wide PID column (pid_max 4194304)', () => {
    const t = testHost();
    expect(t.run('ps').stdout).toBe('    PID TTY          TIME CMD\n     11 pts/0    00:00:00 bash\n     12 pts/0    00:00:00 ps\n');
    const ef = t.run('ps -ef').stdout.split('\n');
    expect(ef[0]).toBe('UID          PID    PPID  C STIME TTY          TIME CMD');
    expect(ef[1]).toBe('root           1       0  0 09:00 ?        00:00:00 /sbin/init');
    expect(ef[2]).toBe('root           2       0  0 09:00 ?        00:00:00 [kthreadd]');
    expect(ef).toContain('root           8       1  0 09:00 ?        00:00:00 /usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock');
    expect(ef).toContain('root          11      10  0 09:00 pts/0    00:00:00 -bash');
    const aux = t.run('ps aux').stdout.split('\n');
    expect(aux[0]).toBe('USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND');
    expect(aux.find((l) => l.includes('sshd: /usr/sbin/sshd'))).toBe('root           6  0.0  0.1  15424  9216 ?        Ss   09:00   0:00 sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups');
    expect(t.run('ps -o pid,ppid,comm').stdout).toMatch(/^ {4}PID {4}PPID COMMAND\n {5}11 {6}10 bash\n/);
    expect(t.run('ps -p 1 -o pid=,comm=').stdout).toBe('      1 systemd\n');
  });

  it('shows only the processes of the caller\'s PID namespace, numbered there', () => {
    const t = testHost();
    expect(t.run('unshare -p -f --mount-proc ps -ef').stdout).toMatch(/^UID {10}PID {4}PPID {2}C STIME TTY {10}TIME CMD\nroot {11}1 {7}0 {2}0 09:00 pts\/0 {4}00:00:00 ps -ef\n$/);
  });
});

describe('ls (coreutils)', () => {
  it('lists one name per line to a pipe and aligns -l columns', () => {
    const t = testHost();
    t.run('mkdir /tmp/d; echo hello > /tmp/d/file; ln -s file /tmp/d/link; mkdir /tmp/d/sub');
    expect(t.run('ls /tmp/d').stdout).toBe('file\nlink\nsub\n');
    expect(t.run('ls -l /tmp/d').stdout).toBe(
      'total 8\n-rw-r--r-- 1 root root    6 Jan 15 09:00 file\nlrwxrwxrwx 1 root root    4 Jan 15 09:00 link -> file\ndrwxr-xr-x 2 root root 4096 Jan 15 09:00 sub\n',
    );
    expect(t.run('ls /nope')).toMatchObject({ exitCode: 2, stderr: "ls: cannot access '/nope': No such file or directory\n" });
    expect(t.run('ls -d /tmp/d /tmp/d/file').stdout).toBe('/tmp/d\n/tmp/d/file\n');
  });
});

describe('system information', () => {
  it('uname, id, date, hostname', () => {
    const t = testHost();
    const m = t.k.state.machine;
    expect(t.run('uname -a').stdout).toBe(`Linux docker-host ${m.release} ${m.version} x86_64 GNU/Linux\n`);
    expect(t.run('id').stdout).toBe('uid=0(root) gid=0(root) groups=0(root)\n');
    expect(t.run('date').stdout).toBe('Thu Jan 15 09:00:00 UTC 2026\n');
    expect(t.run('date +%F_%T').stdout).toBe('2026-01-15_09:00:00\n');
    expect(t.run('hostname').stdout).toBe('docker-host\n');
    expect(t.run('unshare -u sh -c "hostname box; hostname"; hostname').stdout).toBe('box\ndocker-host\n');
    expect(t.run('unshare -U hostname x')).toMatchObject({ exitCode: 1, stderr: 'hostname: you must be root to change the host name\n' });
  });

  it('free and df print the procps and coreutils tables', () => {
    const t = testHost();
    const free = t.run('free').stdout.split('\n');
    expect(free[0]).toBe('               total        used        free      shared  buff/cache   available');
    expect(free[1]).toMatch(/^Mem: {4}\s+\d+( +\d+){5}$/);
    expect(free[1]?.length).toBe(free[0]?.length);
    const df = t.run('df').stdout.split('\n');
    expect(df[0]).toMatch(/^Filesystem +1K-blocks +Used +Available +Use% +Mounted on$/);
    expect(df.some((l) => /^\/dev\/sda1 +\d+ +\d+ +\d+ +\d+% \/$/.test(l))).toBe(true);
  });

  it('mount lists the mount namespace; lsns lists namespaces', () => {
    const t = testHost();
    expect(t.run('mount').stdout.split('\n')).toContain('/dev/sda1 on / type ext4 (rw,relatime,errors=remount-ro)');
    const ls = t.run('lsns').stdout.split('\n');
    expect(ls[0]).toBe('        NS TYPE   NPROCS PID USER COMMAND');
    expect(ls[1]).toMatch(/^4026531834 time +\d+ +1 root \/sbin\/init$/);
    expect(t.run('unshare -n lsns -t net').stdout.split('\n')).toHaveLength(4);
  });
});

describe('kill', () => {
  it('lists signals as bash and procps do, and reports missing processes', () => {
    const t = testHost();
    expect(t.run('kill -l | head -2').stdout).toBe(' 1) SIGHUP\t 2) SIGINT\t 3) SIGQUIT\t 4) SIGILL\t 5) SIGTRAP\n 6) SIGABRT\t 7) SIGBUS\t 8) SIGFPE\t 9) SIGKILL\t10) SIGUSR1\n');
    expect(t.run('/usr/bin/kill -l | head -1').stdout).toBe('HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM STKFLT\n');
    expect(t.run('kill 999999').stderr).toBe('bash: kill: (999999) - No such process\n');
    expect(t.run('/usr/bin/kill 999999').stderr).toBe('/usr/bin/kill: (999999): No such process\n');
    t.run('sleep 100 &');
    expect(t.run('kill %1; wait %1; echo $?').stdout).toBe('143\n');
  });
});

describe('ping (iputils)', () => {
  it('prints replies one per virtual second and the summary', () => {
    const t = testHost();
    const t0 = t.k.uptimeMs;
    const r = t.run('ping -c 3 8.8.8.8');
    expect(t.k.uptimeMs - t0).toBe(2000);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('PING 8.8.8.8 (8.8.8.8) 56(84) bytes of data.');
    expect(lines[1]).toMatch(/^64 bytes from 8\.8\.8\.8: icmp_seq=1 ttl=117 time=\d+(\.\d+)? ms$/);
    expect(lines[5]).toBe('--- 8.8.8.8 ping statistics ---');
    expect(lines[6]).toBe('3 packets transmitted, 3 received, 0% packet loss, time 2003ms');
    expect(t.run('ping -c 1 nosuch.invalid')).toMatchObject({ exitCode: 2, stderr: 'ping: nosuch.invalid: Name or service not known\n' });
    expect(t.run('unshare -n ping -c 1 8.8.8.8')).toMatchObject({ exitCode: 2, stderr: 'ping: connect: Network is unreachable\n' });
  });
});

describe('file tools', () => {
  it('word their errors as coreutils does', () => {
    const t = testHost();
    expect(t.run('mkdir /etc').stderr).toBe('mkdir: cannot create directory ‘/etc’: File exists\n');
    expect(t.run('rm /nonexist').stderr).toBe("rm: cannot remove '/nonexist': No such file or directory\n");
    expect(t.run('rmdir /etc').stderr).toBe("rmdir: failed to remove '/etc': Directory not empty\n");
    expect(t.run('cp /nonexist /tmp/x').stderr).toBe("cp: cannot stat '/nonexist': No such file or directory\n");
    expect(t.run('head /nonexist').stderr).toBe("head: cannot open '/nonexist' for reading: No such file or directory\n");
    expect(t.run('cat /nonexist').stderr).toBe('cat: /nonexist: No such file or directory\n');
  });

  it('copies, moves, links and changes modes', () => {
    const t = testHost();
    expect(t.run('echo x > /tmp/a; cp /tmp/a /tmp/b; mv /tmp/b /tmp/c; ln -s /tmp/c /tmp/l; chmod 600 /tmp/c; stat -c "%a %s %F" /tmp/c; cat /tmp/l; ls /tmp').stdout).toBe('600 2 regular file\nx\na\nc\nl\n');
    expect(t.run('wc -l /etc/passwd /etc/group | tail -1').stdout).toMatch(/^ *\d+ total\n$/);
  });
});
