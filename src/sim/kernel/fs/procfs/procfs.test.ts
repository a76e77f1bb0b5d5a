import { describe, expect, it } from 'vitest';
import { boot, fork, must, becomeUser } from '../../process/testkit.ts';
import { CLONE_FLAGS } from '../../ns/types.ts';
import { unshare } from '../../ns/unshare.ts';
import { DOCKER_DEFAULT_CAPS, maskOf } from '../../caps/caps.ts';
import { readFile, readdir, readlink, stat } from '../vfs/ops-read.ts';
import { writeFile } from '../vfs/ops-write.ts';
import { mount } from '../mount.ts';

describe('/proc/PID/status', () => {
  it('has the exact fields, order and tabs of the host 6.1 kernel (no Kthread line before 6.4)', () => {
    const { k } = boot();
    const sh = fork(k, 1, { comm: 'bash', argv: ['-bash'] });
    becomeUser(k, sh.pid, 1000);
    k.emit({ type: 'process.memoryChanged', pid: sh.pid, rssBytes: 5 * 1024 * 1024 });
    const pid = sh.pid;
    expect(readFile(k, pid, `/proc/${pid}/status`)).toBe(
      [
        'Name:\tbash',
        'Umask:\t0022',
        'State:\tR (running)',
        `Tgid:\t${pid}`,
        'Ngid:\t0',
        `Pid:\t${pid}`,
        'PPid:\t1',
        'TracerPid:\t0',
        'Uid:\t1000\t1000\t1000\t1000',
        'Gid:\t1000\t1000\t1000\t1000',
        'FDSize:\t256',
        'Groups:\t1000 ',
        `NStgid:\t${pid}`,
        `NSpid:\t${pid}`,
        'NSpgid:\t1',
        'NSsid:\t1',
        'VmPeak:\t   10664 kB',
        'VmSize:\t   10600 kB',
        'VmLck:\t       0 kB',
        'VmPin:\t       0 kB',
        'VmHWM:\t    5120 kB',
        'VmRSS:\t    5120 kB',
        'RssAnon:\t    1536 kB',
        'RssFile:\t    3584 kB',
        'RssShmem:\t       0 kB',
        'VmData:\t    1916 kB',
        'VmStk:\t     132 kB',
        'VmExe:\t     888 kB',
        'VmLib:\t    1792 kB',
        'VmPTE:\t      52 kB',
        'VmSwap:\t       0 kB',
        'HugetlbPages:\t       0 kB',
        'CoreDumping:\t0',
        'THP_enabled:\t1',
        'Threads:\t1',
        'SigQ:\t0/31618',
        'SigPnd:\t0000000000000000',
        'ShdPnd:\t0000000000000000',
        'SigBlk:\t0000000000000000',
        'SigIgn:\t0000000000000000',
        'SigCgt:\t0000000000014a03',
        'CapInh:\t0000000000000000',
        'CapPrm:\t0000000000000000',
        'CapEff:\t0000000000000000',
        'CapBnd:\t000001ffffffffff',
        'CapAmb:\t0000000000000000',
        'NoNewPrivs:\t0',
        'Seccomp:\t0',
        'Seccomp_filters:\t0',
        'Speculation_Store_Bypass:\tthread vulnerable',
        'SpeculationIndirectBranch:\tconditional enabled',
        'Cpus_allowed:\t3',
        'Cpus_allowed_list:\t0-1',
        `Mems_allowed:\t${'00000000,'.repeat(31)}00000001`,
        'Mems_allowed_list:\t0',
        'voluntary_ctxt_switches:\t3',
        'nonvoluntary_ctxt_switches:\t0',
        '',
      ].join('\n'),
    );
  });

  it('shows capability masks as 16 hex digits (Docker\'s default set: 00000000a80425fb)', () => {
    const { k } = boot();
    const c = fork(k, 1);
    const m = maskOf(DOCKER_DEFAULT_CAPS);
    k.emit({ type: 'process.capsChanged', pid: c.pid, caps: { effective: m, permitted: m, inheritable: 0, bounding: m, ambient: 0 } });
    expect(readFile(k, c.pid, '/proc/self/status')).toMatch(/\nCapEff:\t00000000a80425fb\nCapBnd:\t00000000a80425fb\n/);
  });

  it('has no Vm lines for kernel threads and /proc/PID/stat has 52 fields', () => {
    const { k } = boot();
    const st = must(readFile(k, 1, '/proc/2/status'));
    expect(st).not.toContain('VmRSS');
    expect(st).not.toContain('Kthread:');
    const stat1 = must(readFile(k, 1, '/proc/1/stat'));
    expect(stat1.trimEnd().split(' ')).toHaveLength(52);
    expect(stat1.startsWith('1 (systemd) S 0 1 1 ')).toBe(true);
  });
});

describe('procfs and PID namespaces', () => {
  it('/proc of a new PID namespace lists only its processes, with their PIDs there', () => {
    const { k } = boot();
    const init = fork(k, 1, { comm: 'sh', flags: CLONE_FLAGS.pid | CLONE_FLAGS.mnt });
    const child = fork(k, init.pid, { comm: 'sleep' });
    // Before mounting its own proc it still sees the host's.
    expect(must(readdir(k, init.pid, '/proc')).some((e) => e.name === '2')).toBe(true);
    expect(readlink(k, init.pid, '/proc/self')).toBe(String(init.pid));
    must(mount(k, init.pid, '', '/', '', { flags: ['rprivate'] }));
    must(mount(k, init.pid, 'proc', '/proc', 'proc'));
    const pids = must(readdir(k, init.pid, '/proc')).filter((e) => /^\d+$/.test(e.name)).map((e) => e.name);
    expect(pids).toEqual(['1', '2']);
    expect(readlink(k, init.pid, '/proc/self')).toBe('1');
    expect(readFile(k, child.pid, '/proc/self/status')).toMatch(/\nPid:\t2\nPPid:\t1\n/);
    expect(readFile(k, init.pid, '/proc/1/status')).toMatch(/\nPPid:\t0\n/);
    expect(readFile(k, init.pid, '/proc/1/status')).toMatch(/\nNSpid:\t1\n/);
    // The host's /proc shows both levels.
    expect(readFile(k, 1, `/proc/${init.pid}/status`)).toMatch(new RegExp(`\\nNSpid:\\t${init.pid}\\t1\\n`));
    expect(readFile(k, 1, `/proc/${child.pid}/stat`)).toMatch(new RegExp(`^${child.pid} \\(sleep\\) R ${init.pid} `));
    expect(readFile(k, child.pid, '/proc/self/stat')).toMatch(/^2 \(sleep\) R 1 /);
    expect(must(stat(k, init.pid, '/proc/1')).uid).toBe(0);
  });

  it('shows cmdline NUL-separated, comm, ns links and uid_map', () => {
    const { k } = boot();
    const p = fork(k, 1, { comm: 'sleep', argv: ['sleep', '100'] });
    expect(readFile(k, 1, `/proc/${p.pid}/cmdline`)).toBe('sleep\x00100\x00');
    expect(readFile(k, 1, `/proc/${p.pid}/comm`)).toBe('sleep\n');
    expect(readlink(k, 1, `/proc/${p.pid}/ns/pid`)).toBe('pid:[4026531836]');
    expect(readlink(k, 1, `/proc/${p.pid}/ns/mnt`)).toBe('mnt:[4026531841]');
    expect(must(readdir(k, 1, `/proc/${p.pid}/ns`)).map((e) => e.name)).toEqual([
      'cgroup', 'ipc', 'mnt', 'net', 'pid', 'pid_for_children', 'time', 'time_for_children', 'user', 'uts',
    ]);
    expect(must(stat(k, 1, `/proc/${p.pid}/ns/net`)).ino).toBe(4026531840);
    expect(readFile(k, 1, `/proc/${p.pid}/uid_map`)).toBe('         0          0 4294967295\n');
    must(writeFile(k, p.pid, '/proc/self/comm', 'renamed\n'));
    expect(k.proc(p.pid)?.comm).toBe('renamed');
  });

  it('writes uid_map through the user namespace rules', () => {
    const { k } = boot();
    const p = fork(k, 1);
    becomeUser(k, p.pid, 1000);
    must(unshare(k, p.pid, CLONE_FLAGS.user));
    expect(readFile(k, p.pid, '/proc/self/uid_map')).toBe('');
    must(writeFile(k, 1, `/proc/${p.pid}/uid_map`, '0 1000 1\n'));
    expect(readFile(k, p.pid, '/proc/self/uid_map')).toBe('         0       1000          1\n');
    expect(writeFile(k, 1, `/proc/${p.pid}/uid_map`, '0 1000 1\n')).toEqual({ errno: 'EPERM' });
    // Files of unmapped owners show as nobody.
    expect(must(stat(k, p.pid, '/etc/shadow')).uid).toBe(65534);
    expect(must(stat(k, p.pid, '/home/learner')).uid).toBe(0);
  });

  it('hides another user\'s environ and root', () => {
    const { k } = boot();
    const p = fork(k, 1, { env: { SECRET: 'x' } });
    const u = fork(k, 1);
    becomeUser(k, u.pid, 1000);
    expect(readFile(k, 1, `/proc/${p.pid}/environ`)).toBe('SECRET=x\0');
    expect(readFile(k, u.pid, `/proc/${p.pid}/environ`)).toEqual({ errno: 'EACCES' });
    expect(readlink(k, u.pid, `/proc/${p.pid}/root`)).toEqual({ errno: 'EACCES' });
    expect(readFile(k, u.pid, `/proc/${p.pid}/cmdline`)).not.toEqual({ errno: 'EACCES' });
  });
});

describe('system-wide proc files', () => {
  it('meminfo has host figures in kB with the kernel\'s column widths', () => {
    const { k } = boot();
    const m = must(readFile(k, 1, '/proc/meminfo'));
    expect(m.split('\n')[0]).toBe('MemTotal:        8388608 kB');
    expect(m).toMatch(/\nMemFree: {8}\s*\d+ kB\n/);
    const free1 = Number(/MemFree:\s+(\d+)/.exec(m)?.[1]);
    const p = fork(k, 1);
    k.emit({ type: 'process.memoryChanged', pid: p.pid, rssBytes: 100 * 1024 * 1024 });
    const free2 = Number(/MemFree:\s+(\d+)/.exec(must(readFile(k, 1, '/proc/meminfo')))?.[1]);
    expect(free1 - free2).toBe(102400);
    expect(m).toContain('\nHugePages_Total:       0\n');
  });

  it('cpuinfo, version, filesystems, uptime, loadavg', () => {
    const { k } = boot();
    const cpu = must(readFile(k, 1, '/proc/cpuinfo'));
    expect(cpu.match(/^processor\t: \d+$/gm)).toEqual(['processor\t: 0', 'processor\t: 1']);
    expect(readFile(k, 1, '/proc/version')).toMatch(/^Linux version 6\.1\.0-37-amd64 \(debian-kernel@lists\.debian\.org\)/);
    expect(readFile(k, 1, '/proc/filesystems')).toContain('nodev\toverlay\n');
    expect(readFile(k, 1, '/proc/filesystems')).toContain('\text4\n');
    expect(readFile(k, 1, '/proc/uptime')).toMatch(/^\d+\.\d\d \d+\.\d\d\n$/);
    expect(readFile(k, 1, '/proc/loadavg')).toMatch(/^\d+\.\d\d \d+\.\d\d \d+\.\d\d \d+\/\d+ \d+\n$/);
  });

  it('/proc/sys/kernel/hostname is the reader\'s UTS namespace; writing needs CAP_SYS_ADMIN', () => {
    const { k } = boot();
    const p = fork(k, 1, { flags: CLONE_FLAGS.uts });
    must(writeFile(k, p.pid, '/proc/sys/kernel/hostname', 'box\n'));
    expect(readFile(k, p.pid, '/proc/sys/kernel/hostname')).toBe('box\n');
    expect(readFile(k, 1, '/proc/sys/kernel/hostname')).toBe('docker-host\n');
    const u = fork(k, 1);
    becomeUser(k, u.pid, 1000);
    expect(writeFile(k, u.pid, '/proc/sys/kernel/hostname', 'x')).toEqual({ errno: 'EACCES' });
    expect(readFile(k, 1, '/proc/sys/kernel/osrelease')).toBe('6.1.0-37-amd64\n');
    expect(readFile(k, 1, '/proc/sys/net/ipv4/ip_forward')).toMatch(/^[01]\n$/);
    expect(must(readdir(k, 1, '/proc/sys/net/ipv4')).map((e) => e.name)).toContain('ip_forward');
  });

  it('/proc/PID/cgroup is relative to the reader\'s cgroup namespace', () => {
    const { k } = boot();
    expect(readFile(k, 1, '/proc/1/cgroup')).toBe('0::/init.scope\n');
    const p = fork(k, 1, { flags: CLONE_FLAGS.cgroup });
    expect(readFile(k, p.pid, '/proc/self/cgroup')).toBe('0::/\n');
    expect(readFile(k, p.pid, '/proc/1/cgroup')).toBe('0::/\n');
  });
});
