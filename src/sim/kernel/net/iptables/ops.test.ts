import { describe, expect, it } from 'vitest';
import { becomeUser, fork } from '../../process/testkit.ts';
import { bootNet, must } from '../testkit.ts';
import { iptables, type IptCommand } from './ops.ts';
import { parseRuleSpec } from './parse.ts';
import { saveRule } from './format.ts';
import { iptablesListRules } from '../render/iptables.ts';
import type { IptRule } from '../types.ts';

const HINT = "\nTry `iptables -h' or 'iptables --help' for more information.";

function canon(spec: string): string {
  const r = parseRuleSpec(spec.split(' '));
  if ('message' in r) return r.message;
  return saveRule('X', r as IptRule);
}

describe('rule specifications', () => {
  it('are stored in the canonical form iptables -S prints', () => {
    expect(canon('-p tcp --dport 80 -j ACCEPT')).toBe('-A X -p tcp -m tcp --dport 80 -j ACCEPT');
    expect(canon('-j ACCEPT -p TCP -s 10.1.2.3/8')).toBe('-A X -s 10.0.0.0/8 -p tcp -j ACCEPT');
    expect(canon('-d 172.17.0.2 -o docker0 ! -i docker0 -p 6 --dport 80 -j ACCEPT')).toBe(
      '-A X -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT',
    );
    expect(canon('-p all -s 192.168.0.0/255.255.0.0 -j DROP')).toBe('-A X -s 192.168.0.0/16 -j DROP');
    expect(canon('-m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT')).toBe('-A X -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT');
    expect(canon('-p udp ! --sport 1000:2000 -j RETURN')).toBe('-A X -p udp -m udp ! --sport 1000:2000 -j RETURN');
    expect(canon('-m comment --comment hello -j LOG')).toBe('-A X -m comment --comment hello -j LOG');
    expect(canon('-j REJECT')).toBe('-A X -j REJECT --reject-with icmp-port-unreachable');
    expect(canon('-p icmp --icmp-type echo-request -j ACCEPT')).toBe('-A X -p icmp -m icmp --icmp-type 8 -j ACCEPT');
    expect(canon('-p tcp --dport http -g OTHER')).toBe('-A X -p tcp -m tcp --dport 80 -g OTHER');
  });

  it('fail with the messages of iptables 1.8.10', () => {
    expect(canon('--dport 80 -j ACCEPT')).toBe(`iptables v1.8.10 (nf_tables): unknown option "--dport"${HINT}`);
    expect(canon('-p foo -j ACCEPT')).toBe(`iptables v1.8.10 (nf_tables): unknown protocol "foo" specified${HINT}`);
    expect(canon('-s 10.0.0.300 -j ACCEPT')).toBe(`iptables v1.8.10 (nf_tables): host/network \`10.0.0.300' not found${HINT}`);
    expect(canon('-m nosuch -j ACCEPT')).toBe(`iptables v1.8.10 (nf_tables): Couldn't load match \`nosuch':No such file or directory${HINT}`);
    expect(canon('-p tcp --dport 99999 -j ACCEPT')).toBe(`iptables v1.8.10 (nf_tables): invalid port/service \`99999' specified${HINT}`);
    expect(canon('-j DNAT')).toBe(`iptables v1.8.10 (nf_tables): DNAT: option "--to-destination" must be specified${HINT}`);
    expect(canon('-j ACCEPT extra')).toBe(`iptables v1.8.10 (nf_tables): Bad argument \`extra'${HINT}`);
  });
});

describe('iptables commands', () => {
  function setup() {
    const b = bootNet();
    const run = (table: string, c: IptCommand) => iptables(b.k, b.host, table, c);
    return { ...b, run };
  }

  it('appends, inserts and deletes rules by specification or number', () => {
    const { k, hostNs, run } = setup();
    expect(run('filter', { cmd: '-A', chain: 'INPUT', rule: ['-p', 'tcp', '--dport', '22', '-j', 'ACCEPT'] })).toEqual({ ok: true });
    expect(run('filter', { cmd: '-I', chain: 'INPUT', rule: ['-i', 'lo', '-j', 'ACCEPT'] })).toEqual({ ok: true });
    expect(run('filter', { cmd: '-I', chain: 'INPUT', pos: 3, rule: ['-j', 'DROP'] })).toEqual({ ok: true });
    expect(run('filter', { cmd: '-I', chain: 'INPUT', pos: 9, rule: ['-j', 'DROP'] })).toEqual({ ok: false, exitCode: 1, message: 'iptables: Index of insertion too big.' });
    expect(iptablesListRules(k.state, hostNs, 'filter', 'INPUT')).toBe(
      '-P INPUT ACCEPT\n-A INPUT -i lo -j ACCEPT\n-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n-A INPUT -j DROP\n',
    );
    expect(run('filter', { cmd: '-C', chain: 'INPUT', rule: ['-p', 'tcp', '-m', 'tcp', '--dport', '22', '-j', 'ACCEPT'] })).toEqual({ ok: true });
    expect(run('filter', { cmd: '-D', chain: 'INPUT', rule: ['-p', 'tcp', '--dport', '22', '-j', 'ACCEPT'] })).toEqual({ ok: true });
    expect(run('filter', { cmd: '-D', chain: 'INPUT', rule: ['-p', 'tcp', '--dport', '22', '-j', 'ACCEPT'] })).toEqual({
      ok: false,
      exitCode: 1,
      message: 'iptables: Bad rule (does a matching rule exist in that chain?).',
    });
    expect(run('filter', { cmd: '-D', chain: 'INPUT', pos: 1 })).toEqual({ ok: true });
    expect(run('filter', { cmd: '-D', chain: 'INPUT', pos: 5 })).toEqual({ ok: false, exitCode: 1, message: 'iptables: Index of deletion too big.' });
    expect(iptablesListRules(k.state, hostNs, 'filter', 'INPUT')).toBe('-P INPUT ACCEPT\n-A INPUT -j DROP\n');
  });

  it('manages user chains: create, refuse duplicates, refuse deleting referenced or non-empty ones, rename', () => {
    const { k, hostNs, run } = setup();
    expect(run('nat', { cmd: '-N', chain: 'DOCKER' })).toEqual({ ok: true });
    expect(run('nat', { cmd: '-N', chain: 'DOCKER' })).toEqual({ ok: false, exitCode: 1, message: 'iptables: Chain already exists.' });
    expect(run('nat', { cmd: '-N', chain: 'ACCEPT' })).toMatchObject({ ok: false, exitCode: 2 });
    must(run('nat', { cmd: '-A', chain: 'PREROUTING', rule: ['-j', 'DOCKER'] }));
    expect(run('nat', { cmd: '-X', chain: 'DOCKER' })).toEqual({ ok: false, exitCode: 1, message: 'iptables: Too many links.' });
    must(run('nat', { cmd: '-E', chain: 'DOCKER', to: 'DOCKER2' }));
    expect(iptablesListRules(k.state, hostNs, 'nat', 'PREROUTING')).toBe('-P PREROUTING ACCEPT\n-A PREROUTING -j DOCKER2\n');
    must(run('nat', { cmd: '-F', chain: 'PREROUTING' }));
    must(run('nat', { cmd: '-X', chain: 'DOCKER2' }));
    expect(run('nat', { cmd: '-X', chain: 'PREROUTING' })).toEqual({ ok: false, exitCode: 1, message: 'iptables: Invalid argument.' });
    expect(run('nat', { cmd: '-F', chain: 'NOPE' })).toEqual({ ok: false, exitCode: 1, message: 'iptables: No chain/target/match by that name.' });
  });

  it('checks jumps, interfaces per hook, NAT targets per table and policies', () => {
    const { run } = setup();
    expect(run('filter', { cmd: '-A', chain: 'INPUT', rule: ['-j', 'NOPE'] })).toEqual({
      ok: false,
      exitCode: 2,
      message: `iptables v1.8.10 (nf_tables): Chain 'NOPE' does not exist${HINT}`,
    });
    expect(run('filter', { cmd: '-A', chain: 'NOPE', rule: ['-j', 'ACCEPT'] })).toEqual({ ok: false, exitCode: 1, message: 'iptables: No chain/target/match by that name.' });
    expect(run('filter', { cmd: '-A', chain: 'OUTPUT', rule: ['-i', 'eth0', '-j', 'ACCEPT'] })).toMatchObject({ ok: false, exitCode: 2, message: expect.stringContaining("Can't use -i with OUTPUT") });
    expect(run('nat', { cmd: '-A', chain: 'PREROUTING', rule: ['-o', 'eth0', '-j', 'ACCEPT'] })).toMatchObject({ message: expect.stringContaining("Can't use -o with PREROUTING") });
    expect(run('filter', { cmd: '-A', chain: 'FORWARD', rule: ['-j', 'MASQUERADE'] })).toEqual({
      ok: false,
      exitCode: 4,
      message: 'iptables v1.8.10 (nf_tables): RULE_APPEND failed (Invalid argument): rule in chain FORWARD',
    });
    expect(run('nat', { cmd: '-A', chain: 'PREROUTING', rule: ['-j', 'MASQUERADE'] })).toMatchObject({ ok: false, exitCode: 4 });
    must(run('filter', { cmd: '-N', chain: 'A' }));
    must(run('filter', { cmd: '-N', chain: 'B' }));
    must(run('filter', { cmd: '-A', chain: 'A', rule: ['-j', 'B'] }));
    expect(run('filter', { cmd: '-A', chain: 'B', rule: ['-j', 'A'] })).toMatchObject({ ok: false, message: expect.stringContaining('Too many levels of symbolic links') });
    expect(run('filter', { cmd: '-P', chain: 'A', policy: 'DROP' })).toEqual({ ok: false, exitCode: 1, message: 'iptables: Bad built-in chain name.' });
    expect(run('nat', { cmd: '-P', chain: 'OUTPUT', policy: 'DROP' })).toMatchObject({ ok: false, exitCode: 1 });
    expect(run('filter', { cmd: '-P', chain: 'FORWARD', policy: 'DROP' })).toEqual({ ok: true });
    expect(run('security', { cmd: '-F' })).toMatchObject({ ok: false, exitCode: 3 });
  });

  it('needs CAP_NET_ADMIN over the netns', () => {
    const { k } = bootNet();
    const user = fork(k, 1).pid;
    becomeUser(k, user, 1000);
    expect(iptables(k, user, 'filter', { cmd: '-F' })).toEqual({ errno: 'EPERM' });
  });
});
