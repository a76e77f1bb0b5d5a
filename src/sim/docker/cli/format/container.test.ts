import { describe, expect, it } from 'vitest';
import { CONTAINER_METHOD_NAMES, containerContext } from './container.ts';
import { GO_TYPE, renderGoTemplate } from '../template/index.ts';

const SUMMARY = { Id: 'a'.repeat(64), Names: ['/web'], Image: 'alpine', ImageID: `sha256:${'b'.repeat(64)}`, Command: 'sleep 1000', Created: 0, State: 'running', Status: 'Up 5 seconds', Labels: { b: '2', a: '1' } };

describe('docker ps rows (formatter.ContainerContext)', () => {
  it('have every method of the table as own properties, in its order, and are Go structs', () => {
    const ctx = containerContext(SUMMARY, { trunc: true, nowMs: 0 }) as Record<string | symbol, unknown>;
    expect(Object.keys(ctx)).toEqual([...CONTAINER_METHOD_NAMES]);
    expect(ctx[GO_TYPE]).toBe('*formatter.ContainerContext');
    expect(renderGoTemplate('{{.ID}} {{.Names}} {{.Labels}} {{.Label "a"}}', ctx)).toEqual({ text: 'aaaaaaaaaaaa web a=1,b=2 1' });
  });

  it('record the fields a template uses (docker ps --format probes for .Size)', () => {
    const used = new Set<string>();
    const ctx = containerContext(SUMMARY, { trunc: true, nowMs: 0, used });
    expect(renderGoTemplate('{{.Names}}\t{{.Size}}', ctx)).toEqual({ text: 'web\t0B' });
    expect([...used].sort()).toEqual(['Names', 'Size']);
  });
});
