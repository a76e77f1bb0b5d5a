import { describe, expect, it } from 'vitest';
import { createHost } from '../../host/host.ts';

describe('^C during an attached docker command', () => {
  it('docker logs -f stops following, quietly, with 130 (at a terminal and in host.run)', () => {
    const h = createHost({ seed: 41 });
    h.run('docker pull alpine');
    h.run('docker run -d --name c1 alpine sh -c "echo hi; sleep 1000"');
    const t = h.openTerminal();
    let out = '';
    t.onData((d) => (out += d));
    t.input('docker logs -f c1\r', { wait: false });
    for (let i = 0; i < 10; i++) t.step(5);
    h.advance(1000);
    t.input('\x03');
    t.input('echo "status $?"\r');
    expect(out).toContain('hi\r\n^C');
    expect(out).toContain('status 130\r\n');
    expect(out).not.toContain('context canceled');
    const r = h.run('docker logs -f c1');
    expect(r).toMatchObject({ stdout: 'hi\n', stderr: '', exitCode: 130 });
  });
  it('docker attach forwards it to the container instead (sig-proxy), which the init ignores without a handler', () => {
    const h = createHost({ seed: 42 });
    h.run('docker pull alpine');
    h.run('docker run -d --name c1 alpine sleep 1000');
    const t = h.openTerminal();
    let out = '';
    t.onData((d) => (out += d));
    t.input('docker attach c1\r', { wait: false });
    for (let i = 0; i < 10; i++) t.step(5);
    t.input('\x03');
    h.advance(1000);
    // The terminal still belongs to docker attach (no prompt came back), and the container runs on.
    expect(out.endsWith('^C')).toBe(true);
    expect(Object.values(h.engine.state.containers.byId).map((c) => c.State.Status)).toEqual(['running']);
  });
});
