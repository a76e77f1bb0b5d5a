import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost } from '../../host/host.ts';
import { cloneShared } from '../../kernel/plain.ts';
import { copyShellState, newShellState, type ShellState } from './state.ts';
import { dashProgram, shellProgram, shProgram } from './program.ts';

/** Every object reachable from `v` that a handler could change (frozen parts are shared by design). */
function changeable(v: unknown, into: Set<object>): Set<object> {
  if (typeof v !== 'object' || v === null || Object.isFrozen(v) || into.has(v)) return into;
  into.add(v);
  for (const x of Object.values(v)) changeable(x, into);
  return into;
}

/** Pairs (path, object) of objects in `a` reached twice, so sharing can be compared with another copy. */
function sharing(v: unknown, path = '$', seen = new Map<object, string>(), out: string[] = []): string[] {
  if (typeof v !== 'object' || v === null || Object.isFrozen(v)) return out;
  const first = seen.get(v);
  if (first !== undefined) {
    out.push(`${path} is ${first}`);
    return out;
  }
  seen.set(v, path);
  for (const [k, x] of Object.entries(v)) sharing(x, `${path}.${k}`, seen, out);
  return out;
}

describe('copyShellState', () => {
  const defs = [shellProgram, shProgram, dashProgram];
  const saved = defs.map((d) => d.copyState);
  let checked = 0;
  const problems: string[] = [];

  beforeAll(() => {
    // Every copy a shell handler makes in these runs is checked against cloneShared's.
    for (const d of defs) {
      d.copyState = (st: ShellState): ShellState => {
        const mine = copyShellState(st);
        const ref = cloneShared(st);
        checked++;
        try {
          expect(mine).toStrictEqual(ref);
        } catch (e) {
          problems.push(String(e).slice(0, 400));
        }
        // Functions' parsed bodies are shared by design (frozen when parsed; after a restore, nodes nothing changes).
        if (mine.funcs === st.funcs) problems.push('funcs record shared');
        const orig = changeable({ ...st, funcs: {} }, new Set());
        for (const o of changeable({ ...mine, funcs: {} }, new Set())) if (orig.has(o)) problems.push(`copy shares a changeable object with the original: ${JSON.stringify(o).slice(0, 120)}`);
        const a = sharing(mine).join('; ');
        const b = sharing(ref).join('; ');
        if (a !== b) problems.push(`sharing differs: ${a} vs ${b}`);
        return mine;
      };
    }
  });

  afterAll(() => {
    defs.forEach((d, i) => {
      d.copyState = saved[i];
    });
  });

  it('is what cloneShared makes, sharing nothing changeable, across the shell features', () => {
    const t = createHost({ seed: 1 });
    const outs: string[] = [];
    const scripts = [
      'x="a  b"; export Y=1; alias ll="ls -l"; echo $x "$Y"',
      'f() { local v=$1; echo "f$v"; return 3; }; f 1; echo $?',
      'for i in 1 2 3; do if [ $i = 2 ]; then continue; fi; echo $i; done; n=0; while [ $n -lt 2 ]; do n=$((n+1)); done',
      'trap "echo bye" EXIT; trap "" INT; (echo sub; exit 4); echo $?',
      'echo $(echo inner) `echo bq`; x=$(false); echo $?',
      'printf "b\\na\\n" | sort | uniq -c; echo one > /tmp/o; cat < /tmp/o 2>&1',
      'sleep 5 & echo started; jobs; kill %1; wait; echo done',
      'while read a b; do echo "$b-$a"; done <<< "1 2"',
      'hash ls; hash; type ls; set -e; set +e; set -- p q; shift; echo $@',
      'sh -c \'echo in sh; x=1; f() { echo $x; }; f\'; dash -c \'echo in dash; exit 2\'; echo $?',
      'case x.txt in *.txt) echo t;; esac; { echo grouped; } > /tmp/g; exec 3>/tmp/three; echo hi >&3; exec 3>&-; cat /tmp/three',
      'sh -c "kill -9 \\$\\$"; echo $?',
      'sleep 1; echo after; (sleep 1; echo bg) & wait',
    ];
    for (const s of scripts) outs.push(t.run(s).stdout);
    // After a restore the parsed commands in the states are plain copies, no longer frozen.
    t.restore(t.snapshot());
    for (const s of scripts.slice(0, 4)) t.run(s);
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(20);
    expect(outs.join("")).toContain("in dash");
    expect(outs.join("")).toContain("2-1");
  });

  it('copies a hash table entry named __proto__ as an own entry', () => {
    const st = newShellState('bash', 'bash', { PATH: '/bin' });
    const cmds: Record<string, { path: string; hits: number; seq: number }> = {};
    Object.defineProperty(cmds, '__proto__', { value: { path: '/bin/__proto__', hits: 1, seq: 0 }, enumerable: true, writable: true, configurable: true });
    st.hashed = { pathVar: '/bin', seq: 1, cmds };
    const c = copyShellState(st);
    expect(Object.getPrototypeOf(c.hashed?.cmds)).toBe(Object.prototype);
    expect(Object.keys(c.hashed?.cmds ?? {})).toEqual(['__proto__']);
    expect(c.hashed?.cmds).not.toBe(cmds);
    expect(Object.getOwnPropertyDescriptor(c.hashed?.cmds, '__proto__')?.value).toEqual({ path: '/bin/__proto__', hits: 1, seq: 0 });
    expect(Object.getOwnPropertyDescriptor(c.hashed?.cmds, '__proto__')?.value).not.toBe(Object.getOwnPropertyDescriptor(cmds, '__proto__')?.value);
  });
});
