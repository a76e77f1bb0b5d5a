import { describe, expect, it } from 'vitest';
import { dfText } from './df.ts';

// Expected texts are what the real docker 28.2.2 client printed against
// `container-sim serve` after pull alpine, run -d -v data:/data, volume create v2.
const NOW = Date.parse('2026-01-15T09:00:10Z');
const BODY = {
  LayersSize: 8311000,
  Images: [{ Id: 'sha256:706db57fb206d0bcfae8a5bd21d14a5339ab356aff1d0de826b647df2021a280', RepoTags: ['alpine:latest'], RepoDigests: ['alpine@sha256:cae1'], Created: 1759921537, Size: 8311000, SharedSize: 0, Containers: 1 }],
  Containers: [{ Id: '3431ff5cd14e458ee9e2523f5d81528e31f1f899364809d6b7dfb0067d2898c0', Names: ['/r1'], Image: 'alpine', Command: 'sleep 1000', Created: 1768467605, State: 'running', Status: 'Up 5 seconds', SizeRw: 0, Mounts: [{ Type: 'volume', Name: 'data', Driver: 'local' }] }],
  Volumes: [
    { Name: 'data', Driver: 'local', Mountpoint: '/var/lib/docker/volumes/data/_data', UsageData: { Size: 0, RefCount: 1 } },
    { Name: 'v2', Driver: 'local', Mountpoint: '/var/lib/docker/volumes/v2/_data', UsageData: { Size: 0, RefCount: 0 } },
  ],
  BuildCache: [],
};

function df(format: string, verbose = false) {
  const r = dfText(BODY, { verbose, format, nowMs: NOW });
  return 'text' in r ? r.text.replace(/0xc[0-9a-f]{9}/g, '<addr>') : r;
}

describe('docker system df templates', () => {
  it('prints the summary rows as the formatter structs, methods by JSON', () => {
    expect(df('{{.}}')).toBe('{{<nil>} 8311000 [<addr>]}\n{{<nil>} [<addr>]}\n{{<nil>} [<addr> <addr>]}\n{{<nil>} 0 []}\n');
    expect(df('{{json .}}')).toBe(
      '{"Active":"1","Reclaimable":"0B (0%)","Size":"8.311MB","TotalCount":"1","Type":"Images"}\n' +
        '{"Active":"1","Reclaimable":"0B","Size":"0B","TotalCount":"1","Type":"Containers"}\n' +
        '{"Active":"1","Reclaimable":"0B","Size":"0B","TotalCount":"2","Type":"Local Volumes"}\n' +
        '{"Active":"0","Reclaimable":"0B","Size":"0B","TotalCount":"0","Type":"Build Cache"}\n',
    );
    expect(df('raw')).toMatch(/^type: Images\ntotal: 1\nactive: 1\nsize: 8.311MB\nreclaimable: 0B \(0%\)\n\ntype: Containers\n/);
  });

  it('words errors as the formatter does, unexported fields included', () => {
    expect(df('{{.images}}')).toEqual({ error: 'template parsing error: template: :1:2: executing "" at <.images>: images is an unexported field of struct type *formatter.diskUsageImagesContext' });
    expect(df('{{.Nope}}')).toEqual({ error: 'template parsing error: template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type *formatter.diskUsageImagesContext' });
  });

  it('-v runs the template once on a *diskUsageContext, IDs untruncated, no newline after', () => {
    expect(df('{{.}}', true)).toBe('{[<addr>] [<addr>] [<addr> <addr>] []}');
    expect(df('table {{.Images}}', true)).toBe('[<addr>]');
    expect(df('{{range .Containers}}{{.ID}} {{.Names}}|{{end}}{{range .Volumes}}{{.Name}} {{.Links}}|{{end}}{{range .Images}}{{.Repository}}:{{.Tag}} {{.Containers}}{{end}}', true)).toBe(
      '3431ff5cd14e458ee9e2523f5d81528e31f1f899364809d6b7dfb0067d2898c0 r1|data 1|v2 0|alpine:latest 1',
    );
    expect(df('json', true)).toMatch(/^\{"Images":\[\{"Containers":"1",.*"Repository":"alpine",.*\],"Volumes":\[\{"Availability":"N\/A",.*\],"BuildCache":\[\]\}$/);
    expect(df('{{.Images}}{{.Nope}}', true)).toEqual({ error: 'template: :1:13: executing "" at <.Nope>: can\'t evaluate field Nope in type *formatter.diskUsageContext', partial: '[0xc000200000]' });
  });
});
