import { describe, expect, it } from 'vitest';
import { testHost } from '../testkit.ts';
import { createTerminal } from './terminal.ts';
import { ensureRootShell } from '../boot.ts';

function open() {
  const t = testHost();
  const term = createTerminal(t.ul, t.hu.rootShellPid, { log: t.log, respawn: () => ensureRootShell(t.k, t.ul, t.hu) });
  let out = '';
  term.onData((d) => (out += d));
  return {
    t,
    term,
    /** Output since the last call, with \r\n turned into \n. */
    take() {
      const s = out.replace(/\r\n/g, '\n');
      out = '';
      return s;
    },
  };
}

describe('interactive terminal', () => {
  it('shows the Debian root prompt and runs a typed line', () => {
    const { term, take } = open();
    expect(take()).toBe('root@docker-host:~# ');
    term.input('echo hi\r');
    expect(take()).toBe('echo hi\nhi\nroot@docker-host:~# ');
  });

  it('edits the line: backspace, cursor keys, ^A/^E, ^U', () => {
    const { term, take } = open();
    take();
    term.input('ecxo\x7f\x7fho x\x1b[D\x1b[D\x01\x05 y\r');
    expect(take()).toContain('x y\nroot@docker-host:~# ');
    term.input('junk\x15echo ok\r');
    expect(take()).toContain('ok\nroot@docker-host:~# ');
  });

  it('recalls history with Up and Down', () => {
    const { term, take } = open();
    term.input('echo first\r');
    term.input('echo second\r');
    take();
    term.input('\x1b[A\x1b[A\r');
    expect(take()).toContain('first\nroot@docker-host:~# ');
  });

  it('completes a unique command and lists several on a second Tab', () => {
    const { term, take } = open();
    take();
    term.input('hostn\t');
    expect(take()).toBe('hostname ');
    term.input('\x15ec\t');
    expect(take()).toContain('echo ');
    term.input('\x15e\t\t');
    const s = take();
    expect(s).toContain('echo');
    expect(s).toContain('export');
    expect(s).toMatch(/root@docker-host:~# e$/);
    term.input('\x15ls /et\t');
    expect(take()).toContain('c/');
  });

  it('sends ^C to the foreground job and prints a new prompt', () => {
    const { t, term, take } = open();
    take();
    term.input('cat\r');
    term.input('typed\r');
    expect(take()).toBe('cat\ntyped\ntyped\n');
    term.input('\x03');
    expect(take()).toBe('^C\nroot@docker-host:~# ');
    expect(Object.values(t.k.state.proc.byPid).some((p) => p.comm === 'cat')).toBe(false);
    term.input('echo $?\r');
    expect(take()).toContain('130\n');
  });

  it('^C at the prompt abandons the line; ^D at an empty prompt logs out and a new session starts', () => {
    const { t, term, take } = open();
    take();
    term.input('half a line\x03');
    expect(take()).toBe('half a line^C\nroot@docker-host:~# ');
    const before = t.hu.rootShellPid;
    term.input('\x04');
    expect(take()).toBe('logout\nroot@docker-host:~# ');
    expect(t.hu.rootShellPid).not.toBe(before);
    expect(term.shellPid).toBe(t.hu.rootShellPid);
  });

  it('shows a continuation prompt for an unfinished command', () => {
    const { term, take } = open();
    take();
    term.input('for i in 1 2\r');
    expect(take()).toBe('for i in 1 2\n> ');
    term.input('do echo $i; done\r');
    expect(take()).toBe('do echo $i; done\n1\n2\nroot@docker-host:~# ');
  });

  it('hands keystrokes to a nested interactive shell and returns on exit', () => {
    const { term, take } = open();
    take();
    term.input('unshare -u bash\r');
    expect(take()).toBe('unshare -u bash\nroot@docker-host:~# ');
    term.input('hostname inside; hostname\r');
    expect(take()).toBe('hostname inside; hostname\ninside\nroot@inside:~# ');
    term.input('exit\r');
    expect(take()).toBe('exit\nexit\nroot@docker-host:~# ');
  });

  it('reports the events of each input batch', () => {
    const { term } = open();
    const seen: string[] = [];
    term.onEvents((evs) => seen.push(...evs.map((e) => e.type)));
    term.input('ls /\r');
    expect(seen).toContain('process.spawned');
    expect(seen).toContain('process.exited');
  });

  it('lets time pass for a foreground sleep but keeps ^C for a periodic program', () => {
    const { t, term, take } = open();
    take();
    const t0 = t.k.uptimeMs;
    term.input('sleep 2\r');
    expect(t.k.uptimeMs - t0).toBe(2000);
    expect(take()).toBe('sleep 2\nroot@docker-host:~# ');
    term.input('ping 8.8.8.8\r');
    expect(take()).toMatch(/^ping 8\.8\.8\.8\nPING 8\.8\.8\.8 \(8\.8\.8\.8\) 56\(84\) bytes of data\.\n64 bytes from 8\.8\.8\.8: icmp_seq=1 /);
    term.input('\x03');
    expect(take()).toMatch(/^\^C\n--- 8\.8\.8\.8 ping statistics ---\n1 packets transmitted, 1 received, 0% packet loss, time 0ms\nrtt .*\nroot@docker-host:~# $/);
  });
});
