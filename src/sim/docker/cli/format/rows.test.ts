import { describe, expect, it } from 'vitest';
import { imageContext } from './image.ts';
import { historyContext, networkContext, volumeContext } from './objects.ts';
import { renderGoTemplate } from '../template/index.ts';

const IMAGE = { Id: `sha256:${'7'.repeat(64)}`, ParentId: '', RepoTags: ['alpine:latest'], RepoDigests: [`alpine@sha256:${'c'.repeat(64)}`], Created: 1759921537, Size: 8311000, SharedSize: -1, Labels: null, Containers: -1 };
const NETWORK = { Name: 'bridge', Id: 'f'.repeat(64), Created: '2026-11-22T15:24:11.65886132Z', Scope: 'local', Driver: 'bridge', EnableIPv4: true, IPAM: { Driver: 'default', Config: [{ Subnet: '172.17.0.0/16', Gateway: '172.17.0.1' }] }, Options: { 'com.docker.network.bridge.name': 'docker0' }, Labels: {} };
const VOLUME = { Name: 'data', Driver: 'local', Mountpoint: '/var/lib/docker/volumes/data/_data', CreatedAt: '2026-11-22T15:24:12Z', Labels: {}, Scope: 'local', Options: {} };

describe('list rows print as docker/cli formatter contexts', () => {
  it('docker images: *formatter.imageContext {HeaderContext, trunc, i, repo, tag, digest}', () => {
    const ctx = imageContext(IMAGE, ['alpine', 'latest', '<none>'], { trunc: true, nowMs: 0 });
    expect(renderGoTemplate('{{.}}', ctx)).toEqual({ text: `{{<nil>} true {-1 1759921537 sha256:${'7'.repeat(64)} map[]  <nil> [] [alpine@sha256:${'c'.repeat(64)}] [alpine:latest] -1 8311000 0} alpine latest <none>}` });
    expect(renderGoTemplate('{{printf "%+v" .}}', ctx)).toMatchObject({ text: expect.stringMatching(/^&\{HeaderContext:\{Header:<nil>\} trunc:true i:\{Containers:-1 Created:1759921537 ID:sha256:7+ Labels:map\[\] ParentID: Descriptor:<nil> /) });
    expect(renderGoTemplate('{{.ID}} {{.Repository}}:{{.Tag}} {{.Size}}', ctx)).toEqual({ text: '777777777777 alpine:latest 8.31MB' });
    expect(renderGoTemplate('{{.repo}}', ctx)).toMatchObject({ error: 'template: :1:2: executing "" at <.repo>: repo is an unexported field of struct type *formatter.imageContext' });
    expect(JSON.parse((renderGoTemplate('{{json .}}', ctx) as { text: string }).text)).toMatchObject({ Repository: 'alpine', Tag: 'latest', Digest: '<none>', Size: '8.31MB' });
  });

  it('docker network ls: *network.networkContext, its time.Time printed raw (an unexported field: no String method)', () => {
    const ctx = networkContext(NETWORK, { trunc: true });
    expect(renderGoTemplate('{{.}}', ctx)).toEqual({
      text: `{{<nil>} true {bridge ${'f'.repeat(64)} {658861320 63930957851 <nil>} local bridge true false {default map[] [{172.17.0.0/16  172.17.0.1 map[]}]} false false false {} false map[] map[com.docker.network.bridge.name:docker0] map[] [] map[]}}`,
    });
    expect(renderGoTemplate('{{.Name}} {{.ID}} {{.CreatedAt}}', ctx)).toEqual({ text: 'bridge ffffffffffff 2026-11-22 15:24:11.65886132 +0000 UTC' });
    expect(renderGoTemplate('{{.trunc}}', ctx)).toMatchObject({ error: expect.stringContaining('trunc is an unexported field of struct type *network.networkContext') });
  });

  it('docker volume ls: *formatter.volumeContext {HeaderContext, v}', () => {
    const ctx = volumeContext(VOLUME);
    expect(renderGoTemplate('{{.}}|{{print .}}', ctx)).toEqual({
      text: '{{<nil>} {<nil> 2026-11-22T15:24:12Z local map[] /var/lib/docker/volumes/data/_data data map[] local map[] <nil>}}|&{{<nil>} {<nil> 2026-11-22T15:24:12Z local map[] /var/lib/docker/volumes/data/_data data map[] local map[] <nil>}}',
    });
    expect(renderGoTemplate('{{.Name}} {{.Links}} {{.Header}}', ctx)).toEqual({ text: 'data N/A <no value>' });
    expect(renderGoTemplate('{{json .}}', ctx)).toEqual({ text: '{"Availability":"N/A","Driver":"local","Group":"N/A","Labels":"","Links":"N/A","Mountpoint":"/var/lib/docker/volumes/data/_data","Name":"data","Scope":"local","Size":"N/A","Status":"N/A"}' });
  });

  it('docker history: *image.historyContext {HeaderContext, trunc, human, h}; no Tags method, so no Tags in its JSON', () => {
    const ctx = historyContext({ Id: '<missing>', Created: 1759921537, CreatedBy: 'ADD x /', Size: 8311000, Comment: '', Tags: null }, { trunc: true, human: true, nowMs: 0 });
    expect(renderGoTemplate('{{.}}', ctx)).toEqual({ text: '{{<nil>} true true { 1759921537 ADD x / <missing> 8311000 []}}' });
    expect(renderGoTemplate('{{.Tags}}', ctx)).toMatchObject({ error: expect.stringContaining("can't evaluate field Tags in type *image.historyContext") });
    expect(Object.keys(JSON.parse((renderGoTemplate('{{json .}}', ctx) as { text: string }).text))).toEqual(['Comment', 'CreatedAt', 'CreatedBy', 'CreatedSince', 'ID', 'Size']);
  });
});
