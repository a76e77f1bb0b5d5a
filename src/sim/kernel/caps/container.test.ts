import { describe, expect, test } from 'vitest';
import { capSetsForContainer } from './container.ts';
import { CAP_FULL, capHex, namesOf, type CapSets } from './caps.ts';

function sets(o: Parameters<typeof capSetsForContainer>[0]): CapSets {
  const r = capSetsForContainer(o);
  if (typeof r === 'string') throw new Error(r);
  return r;
}

describe('Docker capability sets (--cap-add, --cap-drop, --privileged)', () => {
  test('defaults: the 14, mask a80425fb, in bounding, permitted and effective', () => {
    const s = sets({});
    expect(capHex(s.effective)).toBe('00000000a80425fb');
    expect(s.bounding).toBe(s.effective);
    expect(s.permitted).toBe(s.effective);
    expect(s.inheritable).toBe(0);
    expect(s.ambient).toBe(0);
    expect(namesOf(s.effective)).toHaveLength(14);
  });
  test('names are case-insensitive, CAP_ optional', () => {
    const s = sets({ capAdd: ['net_admin', 'CAP_SYS_TIME'], capDrop: ['Chown'] });
    const names = namesOf(s.effective);
    expect(names).toContain('CAP_NET_ADMIN');
    expect(names).toContain('CAP_SYS_TIME');
    expect(names).not.toContain('CAP_CHOWN');
    expect(names).toHaveLength(15);
  });
  test('ALL: add ALL minus drops; drop ALL keeps just the adds', () => {
    expect(namesOf(sets({ capAdd: ['ALL'], capDrop: ['NET_RAW'] }).effective)).toHaveLength(40);
    expect(namesOf(sets({ capDrop: ['all'], capAdd: ['NET_BIND_SERVICE'] }).effective)).toEqual(['CAP_NET_BIND_SERVICE']);
    expect(sets({ capDrop: ['ALL'] }).effective).toBe(0);
  });
  test('--privileged: all 41', () => {
    expect(sets({ privileged: true, capDrop: ['CHOWN'] }).effective).toBe(CAP_FULL);
  });
  test('unknown names are rejected with the daemon\'s message', () => {
    expect(capSetsForContainer({ capAdd: ['chpass'] })).toBe('invalid CapAdd: unknown capability: "CAP_CHPASS"');
    expect(capSetsForContainer({ capDrop: ['CAP_FOO'] })).toBe('invalid CapDrop: unknown capability: "CAP_FOO"');
  });
});
