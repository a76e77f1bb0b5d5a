import { describe, expect, it } from 'vitest';
import { engineHost } from '../../engine/containers/testkit.ts';
import { marker, runLine } from '../../userland/index.ts';
import { fsWrite } from '../../userland/fsapi.ts';
import type { ProgramDef } from '../../userland/types.ts';
import { dockerProgram } from './program.ts';

// The CLI against the containers area's engine (busybox test image served through the image seams).
function host() {
  const h = engineHost(7);
  (h.ul.registry as Record<string, ProgramDef<never>>).docker = dockerProgram as unknown as ProgramDef<never>;
  fsWrite(h.k, 1, '/usr/bin/docker', marker('docker'), { mode: 0o755 });
  const run = (line: string) => runLine(h.ul, h.shellPid, line);
  return { ...h, run };
}

describe('docker CLI against the simulated engine', () => {
  it('runs a container in the foreground and prints its output and exit code', () => {
    const h = host();
    const r = h.run('docker run --network bridge busybox echo hello from busybox');
    expect(r).toMatchObject({ status: 'done', exitCode: 0, stdout: 'hello from busybox\n' });
    const r2 = h.run('docker run --network bridge busybox sh -c "exit 3"');
    expect(r2).toMatchObject({ status: 'done', exitCode: 3 });
  });

  it('runs detached, lists, stops and removes', () => {
    const h = host();
    const r = h.run('docker run -d --network bridge --name web busybox sleep 1000');
    expect(r).toMatchObject({ status: 'done', exitCode: 0 });
    expect(r.stdout).toMatch(/^[0-9a-f]{64}\n$/);
    const ps = h.run('docker ps');
    expect(ps.stdout.split('\n')[0]).toBe('CONTAINER ID   IMAGE     COMMAND        CREATED                  STATUS                  PORTS     NAMES');
    expect(ps.stdout).toContain('"sleep 1000"');
    expect(ps.stdout).toMatch(/ web\n$/);
    expect(h.run('docker stop web')).toMatchObject({ exitCode: 0, stdout: 'web\n' });
    expect(h.run('docker ps -a --format "{{.Names}} {{.State}}"').stdout).toBe('web exited\n');
    expect(h.run('docker rm web')).toMatchObject({ exitCode: 0, stdout: 'web\n' });
    expect(h.run('docker rm web')).toMatchObject({ exitCode: 1, stderr: 'Error response from daemon: No such container: web\n' });
  });

  it('waits for a sleeping foreground container in virtual time', () => {
    const h = host();
    const t0 = h.k.uptimeMs;
    const r = h.run('docker run --network bridge busybox sleep 2');
    expect(r).toMatchObject({ status: 'done', exitCode: 0 });
    expect(h.k.uptimeMs - t0).toBeGreaterThanOrEqual(2000);
    expect(h.k.uptimeMs - t0).toBeLessThan(3000);
  });

  it('shows logs and inspects', () => {
    const h = host();
    h.run('docker run --network bridge --name talk busybox sh -c "echo out; echo err >&2"');
    const logs = h.run('docker logs talk');
    expect(logs).toMatchObject({ exitCode: 0, stdout: 'out\n', stderr: 'err\n' });
    expect(h.run('docker inspect -f "{{.State.Status}} {{.State.ExitCode}}" talk').stdout).toBe('exited 0\n');
    expect(h.run('docker wait talk').stdout).toBe('0\n');
  });
});

describe('interactive sessions on a terminal', () => {
  it('docker run -it relays keystrokes and output, then returns the exit code; attach detaches with ^P^Q', async () => {
    const { createTerminal } = await import('../../userland/index.ts');
    const { advanceTime } = await import('../../kernel/time.ts');
    const h = host();
    const term = createTerminal(h.ul, h.shellPid);
    let screen = '';
    term.onData((d) => (screen += d));
    const tick = (ms: number) => {
      for (let i = 0; i < ms / 10; i++) {
        advanceTime(h.k, 10);
        h.ul.drain();
      }
    };
    term.input('docker run -it --network bridge busybox sh\r');
    tick(200);
    term.input('echo hi there\r');
    tick(200);
    term.input('exit 5\r');
    tick(300);
    term.input('echo $?\r');
    tick(100);
    expect(screen).toContain('/ # echo hi there\r\nhi there\r\n/ # exit 5\r\n');
    expect(screen).toContain('echo $?\r\n5\r\n');
    term.input('docker run -dit --name bx --network bridge busybox sh\r');
    tick(300);
    term.input('docker attach bx\r');
    tick(300);
    term.input('\x10\x11');
    tick(300);
    term.input('echo $?\r');
    tick(100);
    expect(screen).toContain('docker attach bx\r\nread escape sequence\r\n');
    expect(screen).toMatch(/echo \$\?\r\n1\r\n[^\n]*$/);
  });
});
