import { describe, expect, it } from 'vitest';
import { bootNet, inNewNetns } from '../testkit.ts';
import { iptables } from '../iptables/ops.ts';
import { ctime, iptablesList, iptablesListRules, iptablesSave } from './iptables.ts';
import { kmg } from '../iptables/format.ts';

function withRules(lines: Array<[string, string]>) {
  const b = bootNet();
  for (const [table, line] of lines) {
    const [cmd, chain, ...rule] = line.split(' ');
    const c = cmd === '-N' ? { cmd: '-N' as const, chain: chain! } : cmd === '-P' ? { cmd: '-P' as const, chain: chain!, policy: rule[0]! } : { cmd: '-A' as const, chain: chain!, rule };
    const r = iptables(b.k, b.host, table, c);
    if (!('ok' in r) || !r.ok) throw new Error(`${line}: ${JSON.stringify(r)}`);
  }
  return b;
}

const DOCKER_NAT: Array<[string, string]> = [
  ['nat', '-N DOCKER'],
  ['nat', '-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER'],
  ['nat', '-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER'],
  ['nat', '-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE'],
  ['nat', '-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80'],
];

const HDR = 'target     prot opt source               destination         \n';

describe('iptables -L', () => {
  it('prints iptables -t nat -L -n as 1.8.10 (nf_tables) does', () => {
    const { k, hostNs } = withRules(DOCKER_NAT);
    expect(iptablesList(k.state, hostNs, 'nat', undefined, { numeric: true })).toBe(
      'Chain PREROUTING (policy ACCEPT)\n' +
        HDR +
        'DOCKER     0    --  0.0.0.0/0            0.0.0.0/0            ADDRTYPE match dst-type LOCAL\n' +
        '\n' +
        'Chain INPUT (policy ACCEPT)\n' +
        HDR +
        '\n' +
        'Chain OUTPUT (policy ACCEPT)\n' +
        HDR +
        'DOCKER     0    --  0.0.0.0/0           !127.0.0.0/8          ADDRTYPE match dst-type LOCAL\n' +
        '\n' +
        'Chain POSTROUTING (policy ACCEPT)\n' +
        HDR +
        'MASQUERADE  0    --  172.17.0.0/16        0.0.0.0/0           \n' +
        '\n' +
        'Chain DOCKER (2 references)\n' +
        HDR +
        'DNAT       6    --  0.0.0.0/0            0.0.0.0/0            tcp dpt:8080 to:172.17.0.2:80\n',
    );
  });

  it('names things without -n, numbers lines, and shows counters with -v', () => {
    const { k, hostNs } = withRules([
      ['filter', '-N DOCKER-USER'],
      ['filter', '-P FORWARD DROP'],
      ['filter', '-A FORWARD -j DOCKER-USER'],
      ['filter', '-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT'],
      ['filter', '-A FORWARD -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT'],
    ]);
    expect(iptablesList(k.state, hostNs, 'filter', 'FORWARD', { lineNumbers: true })).toBe(
      'Chain FORWARD (policy DROP)\n' +
        'num  ' +
        HDR +
        '1    DOCKER-USER  all  --  anywhere             anywhere            \n' +
        '2    ACCEPT     all  --  anywhere             anywhere             ctstate RELATED,ESTABLISHED\n' +
        '3    ACCEPT     tcp  --  anywhere             172.17.0.2           tcp dpt:http\n',
    );
    expect(iptablesList(k.state, hostNs, 'filter', 'FORWARD', { numeric: true, verbose: true })).toBe(
      'Chain FORWARD (policy DROP 0 packets, 0 bytes)\n' +
        ' pkts bytes target     prot opt in     out     source               destination         \n' +
        '    0     0 DOCKER-USER  0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n' +
        '    0     0 ACCEPT     0    --  *      docker0  0.0.0.0/0            0.0.0.0/0            ctstate RELATED,ESTABLISHED\n' +
        '    0     0 ACCEPT     6    --  !docker0 docker0  0.0.0.0/0            172.17.0.2           tcp dpt:80\n',
    );
    expect(iptablesList(k.state, hostNs, 'filter', 'DOCKER-USER', { numeric: true, verbose: true, exact: true })).toBe(
      'Chain DOCKER-USER (1 references)\n    pkts      bytes target     prot opt in     out     source               destination         \n',
    );
    expect(iptablesList(k.state, hostNs, 'filter', 'NOPE')).toBeNull();
  });

  it('abbreviates big counters as xtables_print_num does', () => {
    expect(kmg(99999)).toBe('99999 ');
    expect(kmg(100000)).toBe(' 100K ');
    expect(kmg(12_345_678)).toBe('  12M ');
  });
});

describe('iptables -S and iptables-save', () => {
  it('lists -P and -N lines first, then the rules', () => {
    const { k, hostNs } = withRules(DOCKER_NAT);
    expect(iptablesListRules(k.state, hostNs, 'nat', 'DOCKER')).toBe(
      '-N DOCKER\n-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80\n',
    );
    expect(iptablesListRules(k.state, hostNs, 'filter', undefined, { verbose: true })).toBe('-P INPUT ACCEPT -c 0 0\n-P FORWARD ACCEPT -c 0 0\n-P OUTPUT ACCEPT -c 0 0\n');
  });

  it('saves only the tables in use, each with its header, chains and COMMIT', () => {
    const { k, hostNs } = withRules([...DOCKER_NAT, ['raw', '-A PREROUTING -d 172.17.0.2/32 ! -i docker0 -j DROP']]);
    const when = 'Thu Jan 15 09:00:00 2026';
    expect(iptablesSave(k.state, hostNs)).toBe(
      `# Generated by iptables-save v1.8.10 (nf_tables) on ${when}\n` +
        '*raw\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n' +
        '-A PREROUTING -d 172.17.0.2/32 ! -i docker0 -j DROP\n' +
        `COMMIT\n# Completed on ${when}\n` +
        `# Generated by iptables-save v1.8.10 (nf_tables) on ${when}\n` +
        '*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n:DOCKER - [0:0]\n' +
        '-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER\n' +
        '-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER\n' +
        '-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE\n' +
        '-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80\n' +
        `COMMIT\n# Completed on ${when}\n`,
    );
    expect(iptablesSave(k.state, inNewNetns(k).netns)).toBe('');
    expect(iptablesSave(k.state, hostNs, { table: 'nat', counters: true })).toContain('[0:0] -A DOCKER ! -i docker0');
  });

  it('formats dates as ctime(3)', () => {
    expect(ctime(Date.UTC(2026, 2, 7, 9, 25, 55))).toBe('Sat Mar  7 09:25:55 2026');
  });
});
