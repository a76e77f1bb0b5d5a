import { describe, expect, it } from 'vitest';
import { testHost } from '../testkit.ts';

// Each text compared with dash 0.5.12 on Debian 12 (`dash -c ...`, `sh -c ...`).
describe('dash flavour (Debian /bin/sh)', () => {
  const t = testHost();
  const cases: Array<[string, string, number]> = [
    ["sh -c 'nosuchcmd'", 'sh: 1: nosuchcmd: not found\n', 127],
    ["dash -c 'nosuchcmd'", 'dash: 1: nosuchcmd: not found\n', 127],
    ["sh -c 'cd /nope'", "sh: 1: cd: can't cd to /nope\n", 2],
    ["sh -c 'echo \"abc'", 'sh: 1: Syntax error: Unterminated quoted string\n', 2],
    ["sh -c 'echo > /nope/x'", 'sh: 1: cannot create /nope/x: Directory nonexistent\n', 2],
    ["sh -c 'cat < /nope'", 'sh: 1: cannot open /nope: No such file\n', 2],
    ["sh -c 'exit abc'", 'sh: 1: exit: Illegal number: abc\n', 2],
    ["sh -c 'export 1a=b'", 'sh: 1: export: 1a: bad variable name\n', 2],
    ["sh -c '/nope/x'", 'sh: 1: /nope/x: not found\n', 127],
    ['sh /nope.sh', 'sh: 0: cannot open /nope.sh: No such file\n', 2],
  ];
  for (const [line, stderr, code] of cases) {
    it(line, () => {
      const r = t.run(line);
      expect(r.stderr).toBe(stderr);
      expect(r.exitCode).toBe(code);
    });
  }
  it('reports the line of a script', () => {
    t.run("printf 'true\\nnosuch\\n' > /tmp/s.sh");
    expect(t.run('sh /tmp/s.sh')).toMatchObject({ stderr: '/tmp/s.sh: 2: nosuch: not found\n', exitCode: 127 });
  });
});
