import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { testHost } from '../testkit.ts';
import { parse } from './parser.ts';

// Pieces of shell syntax, so random lines reach deep into the parser and interpreter.
const TOKENS = ['echo', 'x', '$x', '"', "'", '\\', '$(', ')', '`', '${', '}', '$((', '))', '|', '||', '&&', ';', '&', '>', '<', '<<', '2>&1', 'if', 'then', 'fi', 'while', 'do', 'done', 'for', 'in', 'case', 'esac', ';;', '(', '{', 'f()', 'true', 'false', 'cat', 'sleep 1', 'exit', 'return', 'break', 'set -e', 'trap', 'read', 'cd /', '*', '~', '#', '\n', ' ', '=', '1', '$?', '$@', 'ls', 'printf %s', 'test', '[', ']'];

const line = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.array(fc.constantFrom(...TOKENS), { maxLength: 14 }).map((t) => t.join(' ')),
  fc.array(fc.constantFrom(...TOKENS), { maxLength: 14 }).map((t) => t.join('')),
);

describe('the shell never throws', () => {
  it('parse() returns a value for any input', () => {
    fc.assert(
      fc.property(line, (src) => {
        const r = parse(src);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });

  it('running any line returns a status and no program crashes', () => {
    const t = testHost();
    let shell = t.hu.rootShellPid;
    fc.assert(
      fc.property(line, (src) => {
        const p = t.k.proc(shell);
        if (!p || p.state === 'Z') {
          const fresh = testHost();
          Object.assign(t, fresh);
          shell = t.hu.rootShellPid;
        }
        const r = t.run(src);
        expect(['done', 'blocked']).toContain(r.status);
        if (r.status === 'done') expect(Number.isInteger(r.exitCode)).toBe(true);
        if (r.status === 'blocked') {
          // Interrupt whatever waits in the foreground, as ^C would.
          for (const q of Object.values(t.k.state.proc.byPid)) if (q.ppid === shell && q.state !== 'Z') t.ul.kill(1, q.pid, 9);
        }
        expect(t.ul.crashes).toEqual([]);
      }),
      { numRuns: 1500 },
    );
  });
});
