import { describe, expect, it } from 'vitest';
import { createHost } from '../../host/host.ts';

describe('container and exec streams', () => {
  it('docker exec without -t keeps stdout and stderr in the order written', () => {
    const h = createHost({ seed: 11 });
    h.run('docker run -d --name box alpine sleep 1000');
    expect(h.run("docker exec box sh -c 'echo a; echo b >&2; echo c' 2>&1").stdout).toBe('a\nb\nc\n');
    const r = h.run("docker exec box sh -c 'echo a; echo b >&2; echo c; exit 4'");
    expect(r).toMatchObject({ stdout: 'a\nc\n', stderr: 'b\n', exitCode: 4 });
    expect(h.run('docker exec box nosuch').exitCode).toBe(127);
  });

  it('docker exec delivers output larger than a pipe holds (the daemon holds back the rest)', () => {
    const h = createHost({ seed: 15 });
    h.run('docker run -d --name big alpine sleep 1000');
    h.run('docker exec big seq 1 30000 > /tmp/out.txt');
    expect(h.run('wc -l < /tmp/out.txt').stdout.trim()).toBe('30000');
    expect(h.run('tail -1 /tmp/out.txt').stdout).toBe('30000\n');
    // The same for an attached docker run (--rm: the client is still served after the removal).
    h.run('docker run --rm alpine seq 1 30000 > /tmp/run.txt');
    expect(h.run('wc -l < /tmp/run.txt').stdout.trim()).toBe('30000');
    expect(h.engine.state.containers.draining).toEqual([]);
    expect(h.engine.state.containers.pendingIds).toEqual({});
  });

  it('docker run and docker logs keep the order too', () => {
    const h = createHost({ seed: 12 });
    h.run('docker pull alpine');
    expect(h.run("docker run --name rr alpine sh -c 'echo a; echo b >&2; echo c' 2>&1").stdout).toBe('a\nb\nc\n');
    expect(h.run('docker logs rr 2>&1').stdout).toBe('a\nb\nc\n');
  });

  it('docker start -a attaches before the start and shows the output', () => {
    const h = createHost({ seed: 13 });
    h.run('docker run --name once alpine echo hello');
    expect(h.run('docker start -a once')).toMatchObject({ stdout: 'hello\n', exitCode: 0 });
  });

  it('attaches once for docker run -it and docker start -ai', () => {
    const h = createHost({ seed: 14 });
    h.run('docker pull alpine');
    const t = h.openTerminal();
    let screen = '';
    t.onData((d) => (screen += d));
    t.input('docker run -it --name tt alpine sh\r');
    h.advance(100);
    t.input('exit\r');
    h.advance(100);
    t.input('docker start -ai tt\r');
    h.advance(100);
    t.input('exit\r');
    h.advance(1000);
    const attaches = h.run('docker events --since 1h --until 0s --filter event=attach --format "{{.Action}}"').stdout;
    expect(screen).toContain('/ # exit');
    expect(attaches).toBe('attach\nattach\n');
  });
});
