import { describe, expect, it } from 'vitest';
import { CAPABILITIES, CAP_FULL, capAnd, capAndNot, capBit, capNumber, capOr, hasCap, maskOf, namesOf, DOCKER_DEFAULT_CAPS, type CapName } from './caps.ts';

describe('capability masks (41 bits in a double)', () => {
  it('numbers capabilities as <linux/capability.h> does', () => {
    expect(capNumber('CAP_CHOWN')).toBe(0);
    expect(capNumber('CAP_SYS_ADMIN')).toBe(21);
    expect(capNumber('CAP_CHECKPOINT_RESTORE')).toBe(40);
    CAPABILITIES.forEach((n, i) => expect(capNumber(n)).toBe(i));
  });

  it('knows no other names, not even those Object.prototype has', () => {
    for (const n of ['CAP_NOPE', 'constructor', 'toString', '__proto__']) {
      expect(capNumber(n as CapName)).toBe(-1);
      expect(hasCap(CAP_FULL, n as CapName)).toBe(false);
    }
  });

  it('tests bits below and above 32', () => {
    const m = capOr(capBit('CAP_SYS_ADMIN'), capBit('CAP_BPF'));
    expect(hasCap(m, 'CAP_SYS_ADMIN')).toBe(true);
    expect(hasCap(m, 'CAP_BPF')).toBe(true);
    expect(hasCap(m, 'CAP_CHOWN')).toBe(false);
    expect(hasCap(m, 'CAP_PERFMON')).toBe(false);
    for (const n of CAPABILITIES) expect(hasCap(CAP_FULL, n)).toBe(true);
    for (const n of CAPABILITIES) expect(hasCap(0, n)).toBe(false);
  });

  it('ands, ors and clears across both words', () => {
    const hi = capBit('CAP_CHECKPOINT_RESTORE');
    const lo = capBit('CAP_NET_ADMIN');
    expect(capAnd(CAP_FULL, capOr(hi, lo))).toBe(hi + lo);
    expect(capAndNot(CAP_FULL, hi)).toBe(CAP_FULL - hi);
    expect(capAndNot(capOr(hi, lo), lo)).toBe(hi);
    expect(capOr(hi, hi)).toBe(hi);
    expect(namesOf(capOr(hi, lo))).toEqual(['CAP_NET_ADMIN', 'CAP_CHECKPOINT_RESTORE']);
  });

  it("gives Docker's default set as moby's mask 00000000a80425fb", () => {
    expect(maskOf(DOCKER_DEFAULT_CAPS)).toBe(0xa80425fb);
    expect(maskOf([])).toBe(0);
  });
});
