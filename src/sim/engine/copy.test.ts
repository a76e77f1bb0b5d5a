import { describe, expect, it } from 'vitest';
import { clonePlain } from '../kernel/plain.ts';
import { copyContainerRecord, copyMessage, copyNetworkSettings, copyPlain } from './copy.ts';

/** Every object and array reached from `v` (to check that a copy shares none of them). */
function objectsOf(v: unknown, out = new Set<object>()): Set<object> {
  if (typeof v !== 'object' || v === null || out.has(v)) return out;
  out.add(v);
  for (const x of Object.values(v)) objectsOf(x, out);
  return out;
}

const sparse: number[] = new Array<number>(3);
sparse[0] = 1;
sparse[2] = 3;

const record = {
  Id: 'abc',
  Args: ['1000'],
  State: { Status: 'created', Running: false, Pid: 0, Health: { Status: 'starting', Log: [{ ExitCode: 0 }] } },
  HostConfig: Object.fromEntries([...Array(40).keys()].map((i) => [`K${i}`, i % 3 ? [`v${i}`] : { n: i, u: undefined }])),
  Config: { Env: ['A=1'], Labels: { b: '2', a: '1', 10: 'x', 2: 'y' }, Volumes: null },
  NetworkSettings: { Networks: { bridge: { IPAddress: '172.17.0.2', Aliases: null } }, Ports: {} },
  rt: { lifecycle: { value: 'created', context: { restartCount: 0 } }, attachments: [], task: null, waiters: [] },
  sparse,
  ExecIDs: null,
};

describe('copyPlain and the per-record copies', () => {
  it('make what clonePlain makes: the same keys in the same order, the same values', () => {
    for (const copy of [copyPlain, copyContainerRecord, copyNetworkSettings, copyMessage]) {
      const c = copy(record);
      expect(JSON.stringify(c)).toBe(JSON.stringify(clonePlain(record)));
      expect(c).toEqual(clonePlain(record));
      expect(Object.keys(c.HostConfig)).toEqual(Object.keys(record.HostConfig));
      expect(Object.keys(c.Config.Labels)).toEqual(['2', '10', 'b', 'a']);
      expect('u' in (c.HostConfig.K0 as object)).toBe(true);
      expect(c.sparse).toEqual([1, undefined, 3]);
    }
  });

  it('share no object or array with the source', () => {
    for (const copy of [copyPlain, copyContainerRecord]) {
      const src = objectsOf(record);
      for (const o of objectsOf(copy(record))) expect(src.has(o)).toBe(false);
    }
    const c = copyContainerRecord(record);
    c.rt.attachments.push('x' as never);
    (c.HostConfig.K1 as string[]).push('y');
    c.State.Health.Log[0]!.ExitCode = 1;
    expect(record.rt.attachments).toEqual([]);
    expect(record.HostConfig.K1).toEqual(['v1']);
    expect(record.State.Health.Log[0]!.ExitCode).toBe(0);
  });

  it('copy an own "__proto__" key as clonePlain does', () => {
    const labels = JSON.parse('{"a":"1","__proto__":{"x":1},"b":"2"}') as Record<string, unknown>;
    const withProto = { Config: { Labels: labels } };
    const c = copyContainerRecord(withProto);
    const p = clonePlain(withProto);
    expect(Object.keys(c.Config.Labels)).toEqual(Object.keys(p.Config.Labels));
    expect(Object.getPrototypeOf(c.Config.Labels)).toEqual(Object.getPrototypeOf(p.Config.Labels));
  });

  it('pass primitives and null through', () => {
    expect(copyPlain(null)).toBe(null);
    expect(copyPlain('s')).toBe('s');
    expect(copyContainerRecord(null)).toBe(null);
    expect(copyNetworkSettings(undefined)).toBe(undefined);
  });
});
