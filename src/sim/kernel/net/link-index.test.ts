import { describe, expect, it } from 'vitest';
import { createHost } from '../../host/host.ts';
import { clonePlain } from '../plain.ts';
import { findLink } from './netns.ts';
import type { NetNs } from './types.ts';

/** findLink by the name index must agree with a scan of the links, whatever happened to them. */
function agrees(ns: NetNs, extra: string[] = []): void {
  const names = new Set([...Object.values(ns.links).map((l) => l.name), ...extra]);
  for (const name of names) {
    const scan = Object.values(ns.links).find((l) => l.name === name);
    expect(findLink(ns, name)?.ifindex, name).toBe(scan?.ifindex);
  }
}

describe('the link name index', () => {
  it('follows creates, renames, moves and deletes', () => {
    const host = createHost({ seed: 3 });
    const k = host.kernel;
    const init = () => k.state.net.byNs[k.state.ns.initial.net] as NetNs;
    agrees(init());
    const steps = [
      'ip link add va type veth peer name vb',
      'ip link set va name vc',
      'ip netns add n1',
      'ip link set vb netns n1',
      'ip link add va type veth peer name vd',
      'ip link del vc',
      'ip link add br9 type bridge',
      'ip link set vd name vb',
    ];
    for (const s of steps) {
      expect(host.run(s).exitCode, s).toBe(0);
      agrees(init(), ['va', 'vb', 'vc', 'vd', 'br9']);
      for (const ns of Object.values(k.state.net.byNs)) agrees(ns, ['vb']);
    }
    expect(findLink(init(), 'vc')).toBeUndefined();
    expect(findLink(init(), 'vb')?.kind).toBe('veth');
  });

  it('is rebuilt for a restored snapshot', () => {
    const host = createHost({ seed: 3 });
    const snap = host.snapshot();
    expect(host.run('ip link add x1 type bridge').exitCode).toBe(0);
    const ns = () => host.kernel.state.net.byNs[host.kernel.state.ns.initial.net] as NetNs;
    expect(findLink(ns(), 'x1')).toBeDefined();
    host.restore(clonePlain(snap));
    expect(findLink(ns(), 'x1')).toBeUndefined();
    agrees(ns(), ['x1']);
  });
});

describe('link-netnsids', () => {
  it('are the lowest free ids, also after one was freed', () => {
    const host = createHost({ seed: 4 });
    const k = host.kernel;
    for (const n of ['a', 'b', 'c']) {
      expect(host.run(`ip netns add ${n} && ip link add v${n} type veth peer name p${n} && ip link set p${n} netns ${n}`).exitCode).toBe(0);
    }
    const init = k.state.net.byNs[k.state.ns.initial.net] as NetNs;
    const ids = () => Object.values(init.nsids).sort((x, y) => x - y);
    expect(ids()).toEqual([0, 1, 2]);
    expect(host.run('ip netns del b').exitCode).toBe(0);
    expect(ids()).toEqual([0, 2]);
    expect(host.run('ip netns add d && ip link add vd type veth peer name pd && ip link set pd netns d').exitCode).toBe(0);
    expect(ids()).toEqual([0, 1, 2]);
    expect(host.run('ip netns add e && ip link add ve type veth peer name pe && ip link set pe netns e').exitCode).toBe(0);
    expect(ids()).toEqual([0, 1, 2, 3]);
  });
});
