import { describe, expect, it } from 'vitest';
import { CONTAINER_METHOD_NAMES, containerContext } from './container.ts';
import { GO_TYPE, renderGoTemplate } from '../template/index.ts';

const SUMMARY = { Id: 'a'.repeat(64), Names: ['/web'], Image: 'alpine', ImageID: `sha256:${'b'.repeat(64)}`, Command: 'sleep 1000', Created: 1768467601, State: 'running', Status: 'Up 5 seconds', Labels: { b: '2', a: '1' }, Ports: [{ IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' }], HostConfig: { NetworkMode: 'bridge' }, NetworkSettings: { Networks: {} } };

describe('docker ps rows (formatter.ContainerContext)', () => {
  it('are pointers to Go structs {HeaderContext, trunc, c, FieldsUsed} with the methods beside them', () => {
    const ctx = containerContext(SUMMARY, { trunc: true, nowMs: 0 }) as Record<string | symbol, unknown>;
    expect(Object.keys(ctx)).toEqual(['HeaderContext', 'trunc', 'c', 'FieldsUsed']);
    for (const m of CONTAINER_METHOD_NAMES) expect(typeof ctx[m]).toBe('function');
    expect(ctx[GO_TYPE]).toBe('*formatter.ContainerContext');
    expect(renderGoTemplate('{{.ID}} {{.Names}} {{.Labels}} {{.Label "a"}}', ctx)).toEqual({ text: 'aaaaaaaaaaaa web a=1,b=2 1' });
  });

  it('print as docker/cli prints the struct: the container.Summary in declaration order, FieldsUsed after', () => {
    const ctx = containerContext(SUMMARY, { trunc: false, nowMs: 0 });
    expect(renderGoTemplate('{{.}}', ctx)).toEqual({ text: `{{<nil>} false {${'a'.repeat(64)} [/web] alpine sha256:${'b'.repeat(64)} <nil> sleep 1000 1768467601 [{0.0.0.0 80 8080 tcp}] 0 0 map[a:1 b:2] running Up 5 seconds {bridge map[]} 0xc000010000 []} map[]}` });
    // .Size records itself in FieldsUsed, as ContainerContext.Size does; print shows the pointer.
    const r = renderGoTemplate('{{.Size}} {{print .FieldsUsed}} {{printf "%.15s" (print .)}}', ctx);
    expect(r).toEqual({ text: '0B map[Size:{}] &{{<nil>} false' });
  });

  it('keep their unexported fields and the promoted nil Header as Go does', () => {
    const ctx = containerContext(SUMMARY, { trunc: true, nowMs: 0 });
    expect(renderGoTemplate('{{.Header}}|{{.HeaderContext}}|{{.FieldsUsed}}', ctx)).toEqual({ text: '<no value>|{<nil>}|map[]' });
    expect(renderGoTemplate('{{.c}}', ctx)).toEqual({ error: 'template: :1:2: executing "" at <.c>: c is an unexported field of struct type *formatter.ContainerContext', partial: '' });
  });

  it('marshal through their methods ({{json .}})', () => {
    const ctx = containerContext(SUMMARY, { trunc: true, nowMs: 0 });
    const r = renderGoTemplate('{{json .}}', ctx) as { text: string };
    expect(Object.keys(JSON.parse(r.text))).toEqual(['Command', 'CreatedAt', 'ID', 'Image', 'Labels', 'LocalVolumes', 'Mounts', 'Names', 'Networks', 'Platform', 'Ports', 'RunningFor', 'Size', 'State', 'Status']);
  });

  it('record the fields a template uses (docker ps --format probes for .Size)', () => {
    const used = new Set<string>();
    const ctx = containerContext(SUMMARY, { trunc: true, nowMs: 0, used });
    expect(renderGoTemplate('{{.Names}}\t{{.Size}}', ctx)).toEqual({ text: 'web\t0B' });
    expect([...used].sort()).toEqual(['Names', 'Size']);
    expect(Object.keys(ctx)).toEqual(['HeaderContext', 'trunc', 'c', 'FieldsUsed']);
  });
});
