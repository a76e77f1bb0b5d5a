import { describe, expect, it } from 'vitest';
import { parseFlags, flagBool, flagList, flagNum, flagStr } from './parse.ts';
import type { FlagSpec } from './types.ts';

const SPECS: FlagSpec[] = [
  { name: 'all', short: 'a', type: 'bool', usage: '' },
  { name: 'quiet', short: 'q', type: 'bool', usage: '' },
  { name: 'memory', short: 'm', type: 'bytes', usage: '' },
  { name: 'env', short: 'e', type: 'list', usage: '' },
  { name: 'name', type: 'string', usage: '' },
  { name: 'last', short: 'n', type: 'int', usage: '', defText: '-1' },
];

describe('pflag parsing', () => {
  it('handles clusters, attached values, = forms and repeated lists', () => {
    const r = parseFlags(SPECS, ['-aq', '-m512m', '--name=web', '-e', 'A=1', '--env', 'B=2', '-n=3', 'x']);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(flagBool(r.flags, 'all') && flagBool(r.flags, 'quiet')).toBe(true);
    expect(flagNum(r.flags, 'memory')).toBe(536870912);
    expect(flagStr(r.flags, 'name')).toBe('web');
    expect(flagList(r.flags, 'env')).toEqual(['A=1', 'B=2']);
    expect(flagNum(r.flags, 'last')).toBe(3);
    expect(r.args).toEqual(['x']);
  });
  it('defaults come from the table; bools take =false', () => {
    const r = parseFlags(SPECS, ['--all=false']);
    expect(r.ok && flagNum(r.flags, 'last') === -1 && !flagBool(r.flags, 'all') && r.flags.changed.all).toBe(true);
  });
  it('stops at the first argument when not interspersed (docker run IMAGE CMD -flags)', () => {
    const r = parseFlags(SPECS, ['-a', 'alpine', 'ls', '-q'], { interspersed: false });
    expect(r.ok && r.args).toEqual(['alpine', 'ls', '-q']);
    const r2 = parseFlags(SPECS, ['alpine', '-q']);
    expect(r2.ok && r2.args).toEqual(['alpine']);
  });
  it('reports errors in pflag words', () => {
    expect(parseFlags(SPECS, ['--foo'])).toMatchObject({ ok: false, error: 'unknown flag: --foo' });
    expect(parseFlags(SPECS, ['-ax'])).toMatchObject({ ok: false, error: "unknown shorthand flag: 'x' in -x" });
    expect(parseFlags(SPECS, ['--name'])).toMatchObject({ ok: false, error: 'flag needs an argument: --name' });
    expect(parseFlags(SPECS, ['-m'])).toMatchObject({ ok: false, error: "flag needs an argument: 'm' in -m" });
    expect(parseFlags(SPECS, ['-m', 'foo'])).toMatchObject({ ok: false, error: 'invalid argument "foo" for "-m, --memory" flag: invalid size: \'foo\'' });
    expect(parseFlags(SPECS, ['---x'])).toMatchObject({ ok: false, error: 'bad flag syntax: ---x' });
  });
  it('asks for help on --help and the deprecated -h, with the notice', () => {
    expect(parseFlags(SPECS, ['--help'])).toMatchObject({ ok: true, help: true, notices: [] });
    expect(parseFlags(SPECS, ['-h'])).toMatchObject({ ok: true, help: true, notices: ['Flag shorthand -h has been deprecated, use --help\n'] });
  });
});
