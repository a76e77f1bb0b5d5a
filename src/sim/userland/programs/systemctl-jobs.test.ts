import { describe, expect, it } from 'vitest';
import { createHost } from '../../host/host.ts';

describe('systemctl start, stop, restart', () => {
  it('stops and starts a unit: a new main process in the unit cgroup, journal lines for both jobs', () => {
    const h = createHost({ seed: 2 });
    const before = h.run('systemctl status cron').stdout.match(/Main PID: (\d+)/)?.[1];
    expect(h.run('systemctl stop cron')).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
    expect(h.run('systemctl is-active cron')).toMatchObject({ exitCode: 3, stdout: 'inactive\n' });
    expect(h.run('systemctl start cron')).toMatchObject({ exitCode: 0, stderr: '' });
    const after = h.run('systemctl status cron').stdout.match(/Main PID: (\d+)/)?.[1];
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    expect(h.run('cat /sys/fs/cgroup/system.slice/cron.service/cgroup.procs').stdout).toBe(`${after}\n`);
    const j = h.run('journalctl -u cron').stdout;
    expect(j).toMatch(/systemd\[1\]: Stopping cron\.service - Regular background program processing daemon\.\.\.\n.*systemd\[1\]: cron\.service: Deactivated successfully\.\n.*Stopped cron\.service/);
    expect(j).toMatch(/Starting cron\.service - Regular background program processing daemon\.\.\.\n.*Started cron\.service/);
    expect(h.run('systemctl restart nosuch')).toMatchObject({ exitCode: 5, stderr: 'Failed to restart nosuch.service: Unit nosuch.service not found.\n' });
  });

  it('a start whose process exits non-zero fails the job, as systemd reports it', () => {
    const h = createHost({ seed: 2 });
    h.run('mkdir -p /etc/docker');
    h.run(`echo '{"storage-driver": "aufs"}' > /etc/docker/daemon.json`);
    const r = h.run('systemctl restart docker');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('Job for docker.service failed because the control process exited with error code.\nSee "systemctl status docker.service" and "journalctl -xeu docker.service" for details.\n');
    const st = h.run('systemctl status docker');
    expect(st.exitCode).toBe(3);
    expect(st.stdout).toMatch(/^× docker\.service - Docker Application Container Engine\n/);
    expect(st.stdout).toMatch(/\n {5}Active: failed \(Result: exit-code\) since .+; \d+s ago\n/);
    expect(st.stdout).toMatch(/\n {3}Main PID: \d+ \(code=exited, status=1\/FAILURE\)\n/);
    const j = h.run('journalctl -u docker').stdout.split('\n');
    expect(j.slice(-5, -1).map((l) => l.replace(/^.*? docker-host /, ''))).toEqual([
      expect.stringMatching(/^dockerd\[\d+\]: failed to start daemon: error initializing graphdriver: \[graphdriver\] ERROR: the aufs storage-driver has been deprecated and removed; visit https:\/\/docs\.docker\.com\/go\/storage-driver\/ for more information: aufs$/),
      'systemd[1]: docker.service: Main process exited, code=exited, status=1/FAILURE',
      "systemd[1]: docker.service: Failed with result 'exit-code'.",
      'systemd[1]: Failed to start docker.service - Docker Application Container Engine.',
    ]);
    expect(h.run('docker ps').stderr).toBe('Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n');
    // Fixed config: the unit starts again.
    h.run('rm /etc/docker/daemon.json');
    expect(h.run('systemctl start docker')).toMatchObject({ exitCode: 0, stderr: '' });
    expect(h.run('docker ps').exitCode).toBe(0);
  });
});
