import { describe, expect, it } from 'vitest';
import { createHost } from '../../host/host.ts';

/** A host running container c1 with `cmd`, and a terminal on which `line` was typed and has started. */
function typedAt(seed: number, cmd: string, line: string) {
  const h = createHost({ seed });
  h.run('docker pull alpine');
  h.run(`docker run -d --name c1 alpine ${cmd}`);
  const t = h.openTerminal();
  const seen = { out: '' };
  t.onData((d) => (seen.out += d));
  t.input(`${line}\r`, { wait: false });
  for (let i = 0; i < 10; i++) t.step(5);
  return { h, t, seen };
}

describe('^C during an attached docker command', () => {
  it('docker logs -f stops following, quietly, with 130 (at a terminal and in host.run)', () => {
    const { h, t, seen } = typedAt(41, 'sh -c "echo hi; sleep 1000"', 'docker logs -f c1');
    h.advance(1000);
    t.input('\x03');
    t.input('echo "status $?"\r');
    expect(seen.out).toContain('hi\r\n^C');
    expect(seen.out).toContain('status 130\r\n');
    expect(seen.out).not.toContain('context canceled');
    const r = h.run('docker logs -f c1');
    expect(r).toMatchObject({ stdout: 'hi\n', stderr: '', exitCode: 130 });
  });
  it('docker attach forwards it to the container instead (sig-proxy), which the init ignores without a handler', () => {
    const { h, t, seen } = typedAt(42, 'sleep 1000', 'docker attach c1');
    t.input('\x03');
    h.advance(1000);
    // The terminal still belongs to docker attach (no prompt came back), and the container runs on.
    expect(seen.out.endsWith('^C')).toBe(true);
    expect(Object.values(h.engine.state.containers.byId).map((c) => c.State.Status)).toEqual(['running']);
  });
});
