import { describe, expect, it } from 'vitest';
import { bootNet } from '../testkit.ts';
import { iptables } from './ops.ts';
import { runChain, addrType, type PktView } from './eval.ts';
import type { RuleHit } from '../events.ts';

function setup(lines: Array<[string, string]>) {
  const b = bootNet();
  for (const [table, line] of lines) {
    const [cmd, chain, ...rule] = line.split(' ');
    const c = cmd === '-N' ? { cmd: '-N' as const, chain: chain! } : cmd === '-P' ? { cmd: '-P' as const, chain: chain!, policy: rule[0]! } : { cmd: '-A' as const, chain: chain!, rule };
    const r = iptables(b.k, b.host, table, c);
    if (!('ok' in r) || !r.ok) throw new Error(`${line}: ${JSON.stringify(r)}`);
  }
  return { ...b, ns: b.k.state.net.byNs[b.hostNs]! };
}

const pkt = (o: Partial<PktView>): PktView => ({
  proto: 6,
  src: '192.168.1.5',
  dst: '10.0.2.15',
  sport: 40000,
  dport: 80,
  icmpType: null,
  inIface: 'eth0',
  outIface: '',
  ctstate: 'NEW',
  ...o,
});

describe('chain traversal', () => {
  it('jumps into user chains, returns on RETURN or at the end, applies the policy last', () => {
    const { ns } = setup([
      ['filter', '-N WEB'],
      ['filter', '-P INPUT DROP'],
      ['filter', '-A INPUT -p tcp -j WEB'],
      ['filter', '-A WEB -s 192.168.1.0/24 -j RETURN'],
      ['filter', '-A WEB -p tcp --dport 80 -j ACCEPT'],
      ['filter', '-A INPUT -i eth+ -j LOG'],
    ]);
    const hits: RuleHit[] = [];
    expect(runChain(ns, 'filter', 'INPUT', pkt({}), hits)).toEqual({ v: 'DROP' });
    expect(hits.map((h) => `${h.chain}:${h.rule}`)).toEqual(['INPUT:0', 'WEB:0', 'INPUT:1', 'INPUT:-1']);
    expect(runChain(ns, 'filter', 'INPUT', pkt({ src: '8.8.8.8' }), [])).toEqual({ v: 'ACCEPT' });
    expect(runChain(ns, 'filter', 'INPUT', pkt({ src: '8.8.8.8', dport: 81 }), [])).toEqual({ v: 'DROP' });
  });

  it('returns from a goto to the caller of the chain that jumped', () => {
    const { ns } = setup([
      ['filter', '-N A'],
      ['filter', '-N B'],
      ['filter', '-A INPUT -j A'],
      ['filter', '-A INPUT -j DROP'],
      ['filter', '-A A -g B'],
      ['filter', '-A A -j ACCEPT'],
    ]);
    // B is empty: back to INPUT (not to A), so the DROP applies.
    expect(runChain(ns, 'filter', 'INPUT', pkt({}), [])).toEqual({ v: 'DROP' });
  });

  it('matches negations, conntrack states, addrtype and NAT targets', () => {
    const { ns } = setup([
      ['nat', '-N DOCKER'],
      ['nat', '-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER'],
      ['nat', '-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80'],
      ['filter', '-A FORWARD -m conntrack ! --ctstate NEW -j ACCEPT'],
      ['filter', '-A FORWARD -j REJECT --reject-with icmp-host-unreachable'],
    ]);
    expect(runChain(ns, 'nat', 'PREROUTING', pkt({ dport: 8080 }), [])).toEqual({ v: 'DNAT', to: '172.17.0.2:80' });
    expect(runChain(ns, 'nat', 'PREROUTING', pkt({ dport: 8080, inIface: 'docker0' }), [])).toEqual({ v: 'ACCEPT' });
    expect(runChain(ns, 'nat', 'PREROUTING', pkt({ dport: 8080, dst: '8.8.8.8' }), [])).toEqual({ v: 'ACCEPT' });
    expect(runChain(ns, 'filter', 'FORWARD', pkt({ ctstate: 'ESTABLISHED' }), [])).toEqual({ v: 'ACCEPT' });
    expect(runChain(ns, 'filter', 'FORWARD', pkt({}), [])).toEqual({ v: 'REJECT', with: 'icmp-host-unreachable' });
    expect(addrType(ns, '127.9.9.9')).toBe('LOCAL');
    expect(addrType(ns, '10.0.2.255')).toBe('BROADCAST');
    expect(addrType(ns, '239.1.1.1')).toBe('MULTICAST');
    expect(addrType(ns, '8.8.8.8')).toBe('UNICAST');
  });
});
