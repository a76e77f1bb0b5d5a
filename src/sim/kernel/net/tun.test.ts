import { describe, expect, it } from 'vitest';
import { becomeUser, fork } from '../process/testkit.ts';
import { bootNet, must } from './testkit.ts';
import { linkAdd, linkSet } from './link.ts';
import { qdiscReplace, tunClose, tunCreate } from './tun.ts';
import { findLink, hasCarrier, operstate } from './netns.ts';
import { ipLinkShow } from './render/ip.ts';

const MAC = 'fe:54:00:12:34:56';

/** A tap on br0 as libvirt plugs a VM's NIC in: TUNSETIFF, master, up, qdisc noqueue. */
function tapOnBridge() {
  const b = bootNet();
  must(linkAdd(b.k, b.host, { name: 'virbr0', kind: 'bridge', mac: '52:54:00:aa:bb:cc' }));
  must(linkSet(b.k, b.host, 'virbr0', { up: true }));
  const r = must(tunCreate(b.k, b.host, { type: 'tap', name: 'vnet0', mac: MAC, vnetHdr: true }));
  must(linkSet(b.k, b.host, 'vnet0', { master: 'virbr0', up: true }));
  must(qdiscReplace(b.k, b.host, 'vnet0', 'noqueue'));
  return { ...b, r };
}

describe('tun/tap devices', () => {
  it('TUNSETIFF makes a device of kind tun, down, with its descriptor attached', () => {
    const { k, host, hostNs } = bootNet();
    const r = must(tunCreate(k, host, { type: 'tap' }));
    expect(r.name).toBe('tap0');
    const l = findLink(k.state.net.byNs[hostNs]!, 'tap0')!;
    expect(l).toMatchObject({ kind: 'tun', up: false, qdisc: 'noop', txqueuelen: 1000, tun: { type: 'tap', pi: false, vnetHdr: false, persist: false, attached: true } });
    expect(must(tunCreate(k, host, { type: 'tap' })).name).toBe('tap1');
    expect(tunCreate(k, host, { type: 'tap', name: 'tap0' })).toEqual({ errno: 'EBUSY' });
  });

  it('needs CAP_NET_ADMIN', () => {
    const { k } = bootNet();
    const user = fork(k, 1).pid;
    becomeUser(k, user, 1000);
    expect(tunCreate(k, user, { type: 'tap' })).toEqual({ errno: 'EPERM' });
  });

  it('has carrier while up with its descriptor held; operstate stays UNKNOWN', () => {
    const { k, hostNs } = tapOnBridge();
    const ns = k.state.net.byNs[hostNs]!;
    const l = findLink(ns, 'vnet0')!;
    expect(hasCarrier(k.state.net, ns, l)).toBe(true);
    expect(operstate(k.state.net, ns, l)).toBe('UNKNOWN');
    // A tap port gives the bridge its carrier.
    expect(operstate(k.state.net, ns, findLink(ns, 'virbr0')!)).toBe('UP');
  });

  it('ip link shows the tap as libvirt leaves it, and ip -d the tun kind', () => {
    const { k, hostNs, r } = tapOnBridge();
    expect(ipLinkShow(k.state, hostNs, 'vnet0')).toBe(
      `${r.ifindex}: vnet0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master virbr0 state UNKNOWN mode DEFAULT group default qlen 1000\n` +
        `    link/ether ${MAC} brd ff:ff:ff:ff:ff:ff\n`,
    );
    const d = ipLinkShow(k.state, hostNs, 'vnet0', { details: true })!.split('\n');
    expect(d[1]).toBe(`    link/ether ${MAC} brd ff:ff:ff:ff:ff:ff promiscuity 1 minmtu 68 maxmtu 65521 `);
    expect(d[2]).toBe('    tun type tap pi off vnet_hdr on persist off ');
    expect(d[3]).toMatch(/^ {4}bridge_slave state forwarding priority 32 cost 100 .*addrgenmode eui64 numtxqueues 1 /);
  });

  it('a tap left without qdisc replace gets the default fq_codel when it comes up', () => {
    const { k, host, hostNs } = bootNet();
    must(tunCreate(k, host, { type: 'tap', name: 'tap9' }));
    must(linkSet(k, host, 'tap9', { up: true }));
    expect(findLink(k.state.net.byNs[hostNs]!, 'tap9')!.qdisc).toBe('fq_codel');
  });

  it('goes away when its descriptor closes, leaving the bridge without carrier', () => {
    const { k, hostNs } = tapOnBridge();
    tunClose(k, hostNs, 'vnet0');
    const ns = k.state.net.byNs[hostNs]!;
    expect(findLink(ns, 'vnet0')).toBeUndefined();
    expect(hasCarrier(k.state.net, ns, findLink(ns, 'virbr0')!)).toBe(false);
  });

  it('the logged event does not alias the live device', () => {
    const { k, hostNs, log } = tapOnBridge();
    const e = log.find((x) => x.type === 'net.linkCreated' && x.link.name === 'vnet0');
    if (e?.type !== 'net.linkCreated') throw new Error('no net.linkCreated');
    findLink(k.state.net.byNs[hostNs]!, 'vnet0')!.tun!.persist = true;
    expect(e.link.tun?.persist).toBe(false);
  });
});
