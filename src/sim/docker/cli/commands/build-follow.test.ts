import { describe, expect, it } from 'vitest';
import { createHost } from '../../../host/host.ts';

function hostWith(dockerfile: string) {
  const h = createHost({ seed: 3 });
  h.run('mkdir /app');
  h.run(`printf '${dockerfile.replace(/\n/g, '\\n')}' > /app/Dockerfile`);
  return h;
}

describe('docker build follows a build that takes virtual time', () => {
  it('waits for a sleeping RUN step, shows its late output and its virtual duration', () => {
    const h = hostWith('FROM alpine\nRUN sleep 3 && echo done\n');
    h.run('docker pull -q alpine');
    const t0 = h.kernel.uptimeMs;
    const r = h.run('docker build -t slow /app');
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(/#5 \[2\/2\] RUN sleep 3 && echo done\n#5 3\.\d{3} done\n#5 DONE 3\.[0-2]s\n/);
    expect(r.stderr).toContain('naming to docker.io/library/slow:latest done');
    expect(h.kernel.uptimeMs - t0).toBeGreaterThanOrEqual(3000);
    expect(h.kernel.uptimeMs - t0).toBeLessThan(3600);
    expect(h.engine.state.images.tags['slow:latest']).toBeDefined();
    expect(Object.keys(h.engine.state.images.builds)).toEqual([]);
  });

  it('on a terminal shows BuildKit\'s display with the step\'s virtual duration', () => {
    const h = hostWith('FROM alpine\nRUN sleep 3 && echo done\n');
    h.run('docker pull -q alpine');
    const term = h.openTerminal({ cols: 80 });
    let screen = '';
    term.onData((d) => (screen += d));
    term.input('docker build -t slow /app\r');
    const last = screen.slice(screen.lastIndexOf('[+] Building'));
    expect(last).toMatch(/^\[\+\] Building 3\.\ds \(\d+\/\d+\) FINISHED +docker:default\r\n/);
    expect(last).toContain('\r\x1b[K => [2/2] RUN sleep 3 && echo done                                          3.1s\r\n');
    expect(last).toContain(' => => naming to docker.io/library/slow:latest ');
    expect(h.engine.state.images.tags['slow:latest']).toBeDefined();
  });

  it('runs a multi-step build in order, each step with its own timing; -q prints only the ID', () => {
    const h = hostWith('FROM alpine\nRUN echo one\nRUN sleep 1; echo two > /two\nRUN sleep 2; cat /two\nCMD ["cat","/two"]\n');
    const r = h.run('docker build -q -t multi /app');
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^sha256:[0-9a-f]{64}\n$/);
    expect(h.run('docker run --rm multi').stdout).toBe('two\n');
    const again = h.run('docker build --no-cache -t multi /app');
    expect(again.stderr).toMatch(/#6 \[3\/4\] RUN sleep 1; echo two > \/two\n#6 DONE 1\.[0-2]s\n/);
    expect(again.stderr).toMatch(/#7 \[4\/4\] RUN sleep 2; cat \/two\n#7 2\.\d{3} two\n#7 DONE 2\.[0-2]s\n/);
  });

  it('^C cancels the build: the step reads CANCELED, its container is gone, exit 1', () => {
    // A step that never ends: the terminal shows the build running once the wait reads as open-ended.
    const h = hostWith('FROM alpine\nRUN echo start; tail -f /dev/null\n');
    h.run('docker pull -q alpine');
    const term = h.openTerminal();
    let screen = '';
    term.onData((d) => (screen += d));
    term.input('docker build -t never /app\r');
    h.advance(2000);
    expect(screen).toContain('RUN echo start; tail -f /dev/null');
    expect(Object.keys(h.engine.state.images.builds)).toHaveLength(1);
    term.input('\x03');
    h.advance(100);
    expect(h.kernel.uptimeMs).toBeGreaterThan(300_000);
    // On a terminal: BuildKit's display, the step marked CANCELED with the virtual time it ran.
    expect(screen).toMatch(/\[\+\] Building 30\d\.\ds \(5\/5\) FINISHED +docker:default\r\n/);
    expect(screen).toMatch(/ => CANCELED \[2\/2\] RUN echo start; tail -f \/dev\/null +30\d\.\ds\r\nERROR: failed to build: failed to solve: Canceled: context canceled\r\n/);
    term.input('echo $?\r');
    h.advance(100);
    expect(screen).toMatch(/echo \$\?\r\n1\r\n/);
    expect(Object.keys(h.engine.state.images.builds)).toEqual([]);
    expect(h.engine.state.images.tags['never:latest']).toBeUndefined();
    expect(h.run('ps -e -o comm').stdout).not.toContain('tail');
  });

  it('without a terminal, an interrupted build prints the plain CANCELED lines', () => {
    const h = hostWith('FROM alpine\nRUN echo start; tail -f /dev/null\n');
    h.run('docker pull -q alpine');
    // host.run presses ^C once the build reads as open-ended.
    const r = h.run('docker build -t never /app');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/#5 0\.150 start\n#5 CANCELED\nERROR: failed to build: failed to solve: Canceled: context canceled\n$/);
    expect(Object.keys(h.engine.state.images.builds)).toEqual([]);
  });
});
