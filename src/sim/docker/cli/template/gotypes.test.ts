import { describe, expect, it } from 'vitest';
import { executeGoTemplate, parseGoTemplate, typedInspect } from './index.ts';
import { declareStructs, goTyped } from './gotypes.ts';
import { goTimeString } from './govalues.ts';
import { inspectRefs } from '../format/inspect.ts';

// Expected texts are what the real docker 28.2.2 client printed for the same
// JSON (served by `container-sim serve`): `docker inspect -f TEMPLATE x`.
const CONTAINER = {
  Id: 'abc123',
  Created: '2026-01-15T09:00:00.5Z',
  Path: 'sleep',
  Args: ['1000'],
  State: { Status: 'running', Running: true, Paused: false, Restarting: false, OOMKilled: false, Dead: false, Pid: 4242, ExitCode: 0, Error: '', StartedAt: '2026-01-15T09:00:01.25Z', FinishedAt: '0001-01-01T00:00:00Z', Health: { Status: 'starting', FailingStreak: 0, Log: [] } },
  Image: 'sha256:706d',
  Name: '/r1',
  HostConfig: {
    Binds: ['data:/data'],
    LogConfig: { Type: 'json-file', Config: {} },
    NetworkMode: 'bridge',
    PortBindings: { '80/tcp': [{ HostIp: '', HostPort: '8080' }] },
    RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 },
    ConsoleSize: [0, 0],
    CapAdd: null,
    Memory: 67108864,
    PidsLimit: 100,
    Ulimits: [{ Name: 'nofile', Hard: 200, Soft: 100 }],
    Mounts: [{ Type: 'tmpfs', Target: '/tmp2' }],
  },
  GraphDriver: { Data: { MergedDir: '/m' }, Name: 'overlay2' },
  Mounts: [{ Type: 'volume', Name: 'data', Source: '/var/lib/docker/volumes/data/_data', Destination: '/data', Driver: 'local', Mode: 'z', RW: true, Propagation: '' }],
  Config: { Hostname: 'abc123', Env: ['A=1'], Cmd: ['sleep', '1000'], Healthcheck: { Test: ['CMD-SHELL', 'true'], Interval: 90e9, Timeout: 1.5e9 }, Image: 'alpine', Volumes: null, WorkingDir: '/', Entrypoint: null, OnBuild: null, Labels: { zz: '1' }, StopTimeout: 5, ExposedPorts: { '80/tcp': {} } },
  NetworkSettings: {
    Bridge: '',
    SandboxID: 'sb',
    SandboxKey: '/var/run/docker/netns/sb',
    Ports: { '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }], '9000/tcp': null },
    EndpointID: 'ep',
    Gateway: '172.17.0.1',
    IPAddress: '172.17.0.2',
    IPPrefixLen: 16,
    MacAddress: 'ba:3a',
    Networks: { bridge: { IPAMConfig: null, MacAddress: 'ba:3a', NetworkID: 'net', EndpointID: 'ep', Gateway: '172.17.0.1', IPAddress: '172.17.0.2', IPPrefixLen: 16 } },
  },
};

function render(src: string, data: unknown): string {
  const t = parseGoTemplate(src);
  if ('error' in t) return `PARSE: ${t.error}`;
  const r = executeGoTemplate(t, data);
  return 'error' in r ? `EXEC: ${r.error}` : r.text;
}

const c = () => typedInspect('container', CONTAINER);

describe('typed Go values: docker inspect templates print structs as Go does', () => {
  it('prints a struct reached through a pointer without & at the top, fields in declaration order', () => {
    expect(render('{{.State}}', c())).toBe('{running true false false false false 4242 0  2026-01-15T09:00:01.25Z 0001-01-01T00:00:00Z 0xc000010080}');
  });

  it('prints nested pointers as addresses, nil pointers as <nil>, nil maps as map[] and nil slices as []', () => {
    expect(render('{{.Config}}', c())).toBe('{abc123   false false false map[80/tcp:{}] false false false [A=1] [sleep 1000] 0xc000010380 false alpine map[] / [] false  [] map[zz:1]  0xc000010400 []}');
    expect(render('{{.}}', c())).toMatch(/^\{0xc[0-9a-f]{9} \[\{volume data \/var\/lib\/docker\/volumes\/data\/_data \/data local z true \}\] 0xc[0-9a-f]{9} 0xc[0-9a-f]{9} <nil>\}$/);
  });

  it('keeps .State.Status and promoted fields of embedded structs reachable', () => {
    expect(render('{{.State.Status}} {{.Name}} {{.ID}} {{.NetworkSettings.IPAddress}} {{.HostConfig.Memory}} {{.HostConfig.LogConfig.Type}}', c())).toBe('running /r1 abc123 172.17.0.2 67108864 json-file');
  });

  it('prints embedded value structs inline and pointers inside maps as addresses', () => {
    expect(render('{{.NetworkSettings}}', c())).toBe('{{ sb /var/run/docker/netns/sb map[80/tcp:[{0.0.0.0 8080}] 9000/tcp:[]] false  0 [] []} {ep 172.17.0.1  0 172.17.0.2 16  ba:3a} map[bridge:0xc000010500]}');
    expect(render('{{range .NetworkSettings.Networks}}{{.}}{{end}}', c())).toBe('{<nil> [] [] ba:3a map[] 0 net ep 172.17.0.1 172.17.0.2 16   0 []}');
  });

  it('dereferences pointers to values at the top, formats Durations and Stringers', () => {
    expect(render('{{.HostConfig.PidsLimit}} {{.Config.StopTimeout}} {{.HostConfig.Init}}', c())).toBe('100 5 <nil>');
    expect(render('{{.Config.Healthcheck}}|{{.Config.Healthcheck.Interval}}', c())).toBe('{[CMD-SHELL true] 1m30s 1.5s 0s 0s 0}|1m30s');
    expect(render('{{.HostConfig.Ulimits}} {{index .HostConfig.Ulimits 0}}', c())).toBe('[nofile=100:200] nofile=100:200');
    expect(render('{{.HostConfig.RestartPolicy}} {{.HostConfig.Mounts}}', c())).toBe('{on-failure 3} [{tmpfs  /tmp2 false  <nil> <nil> <nil> <nil> <nil>}]');
  });

  it('print and printf see the pointer (&{...}); %+v names the fields', () => {
    expect(render('{{print .State.Health}} {{printf "%+v" .HostConfig.RestartPolicy}}', c())).toBe('&{starting 0 []} {Name:on-failure MaximumRetryCount:3}');
    expect(render('{{println .State.Health}}', c())).toBe('&{starting 0 []}\n');
  });

  it('index of a missing key in a typed map gives the element zero value; a field lookup gives <no value>', () => {
    expect(render('{{index .Config.Labels "x"}}|{{.Config.Labels.x}}|{{index .Config.Labels "zz"}}', c())).toBe('|<no value>|1');
    expect(render('{{if .Config.Volumes}}y{{else}}n{{end}} {{len .Config.Labels}} {{len .Config.Volumes}}', c())).toBe('n 1 0');
  });

  it('marshals typed values as encoding/json does: omitempty, nil as null, sorted map keys', () => {
    expect(render('{{json .HostConfig.RestartPolicy}} {{json .Config.Healthcheck}} {{json .Config.Volumes}} {{json .HostConfig.Mounts}}', c())).toBe(
      '{"Name":"on-failure","MaximumRetryCount":3} {"Test":["CMD-SHELL","true"],"Interval":90000000000,"Timeout":1500000000} null [{"Type":"tmpfs","Target":"/tmp2"}]',
    );
    expect(render('{{json .State}}', c())).toBe(
      '{"Status":"running","Running":true,"Paused":false,"Restarting":false,"OOMKilled":false,"Dead":false,"Pid":4242,"ExitCode":0,"Error":"","StartedAt":"2026-01-15T09:00:01.25Z","FinishedAt":"0001-01-01T00:00:00Z","Health":{"Status":"starting","FailingStreak":0,"Log":[]}}',
    );
    // Fields the JSON left out come back with Go's zero values (not omitempty) ...
    expect(render('{{json .NetworkSettings.Networks.bridge}}', c())).toBe(
      '{"IPAMConfig":null,"Links":null,"Aliases":null,"MacAddress":"ba:3a","DriverOpts":null,"GwPriority":0,"NetworkID":"net","EndpointID":"ep","Gateway":"172.17.0.1","IPAddress":"172.17.0.2","IPPrefixLen":16,"IPv6Gateway":"","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"DNSNames":null}',
    );
    // ... and embedded structs are flattened.
    expect(render('{{json .NetworkSettings}}', c())).toMatch(/^\{"Bridge":"","SandboxID":"sb",.*"HairpinMode":false,.*"EndpointID":"ep",.*"MacAddress":"ba:3a","Networks":\{"bridge":\{"IPAMConfig":null,/);
  });

  it('prints time.Time by its String method and marshals it in RFC 3339', () => {
    const n = typedInspect('network', { Name: 'n1', Id: 'x', Created: '2026-01-15T09:00:00.000529500Z', IPAM: { Driver: 'default', Options: {}, Config: [{ Subnet: '172.18.0.0/16', Gateway: '172.18.0.1' }] } });
    expect(render('{{.Created}}|{{.IPAM}}|{{.ConfigFrom}}|{{json .Created}}', n)).toBe('2026-01-15 09:00:00.0005295 +0000 UTC|{default map[] [{172.18.0.0/16  172.18.0.1 map[]}]}|{}|"2026-01-15T09:00:00.0005295Z"');
    expect(goTimeString('0001-01-01T00:00:00Z')).toBe('0001-01-01 00:00:00 +0000 UTC');
    expect(goTimeString('2026-01-15T10:00:00.5+01:00')).toBe('2026-01-15 10:00:00.5 +0100 +0100');
  });

  it('types images and volumes (dockerspec image config, metadata time)', () => {
    const img = typedInspect('image', { Id: 'sha256:1', RepoTags: ['alpine:latest'], Config: { Env: ['PATH=/bin'], Cmd: ['/bin/sh'], WorkingDir: '/' }, RootFS: { Type: 'layers', Layers: ['sha256:9a'] }, Metadata: { LastTagTime: '0001-01-01T00:00:00Z' } });
    expect(render('{{.Config}} {{.RootFS}} {{.Metadata}}', img)).toBe('{{ map[] [PATH=/bin] [] [/bin/sh] map[] / map[]  false} {<nil> [] []}} {layers [sha256:9a]} {0001-01-01 00:00:00 +0000 UTC}');
    const vol = typedInspect('volume', { CreatedAt: '2026-01-15T09:00:17Z', Driver: 'local', Labels: null, Mountpoint: '/var/lib/docker/volumes/v1/_data', Name: 'v1', Options: null, Scope: 'local' });
    expect(render('{{.}}', vol)).toBe('{<nil> 2026-01-15T09:00:17Z local map[] /var/lib/docker/volumes/v1/_data v1 map[] local map[] <nil>}');
    expect(render('{{json .}}', vol)).toBe('{"CreatedAt":"2026-01-15T09:00:17Z","Driver":"local","Labels":null,"Mountpoint":"/var/lib/docker/volumes/v1/_data","Name":"v1","Options":null,"Scope":"local"}');
  });

  it('gives stable addresses: the same object typed twice prints the same', () => {
    expect(render('{{.}}', c())).toBe(render('{{.}}', c()));
  });

  it('declares structs from Go-like field lists (json tags, omitempty, embedding)', () => {
    const types = declareStructs('t', { Outer: 'Inner\nID string Id\nN *int ,omitempty', Inner: 'A string\nB []string' });
    const v = goTyped({ Id: 'x', A: 'a', extra: 1 }, 't.Outer', types);
    expect(render('{{.}}|{{.A}}|{{.Inner}}|{{json .}}', v)).toBe('{{a []} x <nil>}|a|{a []}|{"A":"a","B":null,"Id":"x"}');
  });
});

describe('docker inspect --format: the typed pass, then the raw JSON', () => {
  const get = () => ({ ok: true as const, obj: CONTAINER, kind: 'container' });

  it('runs on the typed struct first', () => {
    expect(inspectRefs(['r1'], '{{.HostConfig.RestartPolicy}} {{.ID}}', get)).toEqual({ out: '{on-failure 3} abc123\n', err: '', exit: 0 });
  });

  it('falls back to the raw JSON with missingkey=error when the typed pass fails (.Id is no Go field)', () => {
    expect(inspectRefs(['r1'], '{{.Id}}|{{.HostConfig.RestartPolicy}}|{{.Config.Volumes}}|{{index .Config.Labels "x"}}', get).out).toBe('abc123|map[MaximumRetryCount:3 Name:on-failure]|<no value>|<no value>\n');
    expect(inspectRefs(['r1'], '{{.Id}} {{.Config.Labels.x}}', get).err).toBe('template parsing error: template: :1:17: executing "" at <.Config.Labels.x>: map has no entry for key "x"\n');
  });
});
