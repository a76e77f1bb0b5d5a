import { describe, expect, it } from 'vitest';
import { executeGoTemplate, goJson, parseGoTemplate } from './index.ts';
import { infoData, versionData } from '../format/system.ts';

// Expected texts are what the real docker 28.2.2 client printed for the same
// daemon answers (served by `container-sim serve`).
const INFO = {
  ID: 'id-1',
  Containers: 1,
  Driver: 'overlay2',
  DriverStatus: [['Backing Filesystem', 'extfs']],
  Plugins: { Volume: ['local'], Network: ['bridge', 'host'], Authorization: null, Log: ['json-file'] },
  MemoryLimit: true,
  CpuCfsPeriod: true,
  SystemTime: '2026-01-15T09:00:00Z',
  CgroupVersion: '2',
  RegistryConfig: { IndexConfigs: { 'docker.io': { Mirrors: [], Name: 'docker.io', Official: true, Secure: true } }, InsecureRegistryCIDRs: ['::1/128', '127.0.0.0/8'], Mirrors: null },
  GenericResources: null,
  Labels: [],
  Runtimes: { runc: { path: 'runc' } },
  Swarm: { NodeID: '', NodeAddr: '', LocalNodeState: 'inactive', ControlAvailable: false, Error: '', RemoteManagers: null },
  ContainerdCommit: { ID: 'c0ffee' },
  FirewallBackend: { Driver: 'iptables' },
  CDISpecDirs: ['/etc/cdi'],
  Containerd: { Address: '/run/containerd/containerd.sock', Namespaces: { Containers: 'moby', Plugins: 'plugins.moby' } },
  Warnings: null,
};

const VERSION = {
  Platform: { Name: 'Docker Engine - Community' },
  Components: [
    { Name: 'Engine', Version: '28.2.2', Details: { ApiVersion: '1.50', BuildTime: '2025-05-30T12:07:26.000000000+00:00', MinAPIVersion: '1.24' } },
    { Name: 'runc', Version: '1.2.5', Details: { GitCommit: 'v1.2.5-0-g59923ef' } },
  ],
  Version: '28.2.2',
  ApiVersion: '1.50',
  MinAPIVersion: '1.24',
  GitCommit: '45873be',
  GoVersion: 'go1.24.3',
  Os: 'linux',
  Arch: 'amd64',
  KernelVersion: '6.1.0-37-amd64',
  BuildTime: '2025-05-30T12:07:26.000000000+00:00',
};

function run(src: string, data: unknown): string {
  const t = parseGoTemplate(src);
  if ('error' in t) throw new Error(t.error);
  const x = executeGoTemplate(t, data);
  if ('error' in x) throw new Error(x.error);
  return x.text.replace(/0xc[0-9a-f]{9}/g, '<addr>');
}

describe('docker info and version templates run on Go structs (checked against docker 28.2.2)', () => {
  const info = infoData(INFO);

  it('prints system.Info parts in field order, zero values for what the daemon left out', () => {
    expect(run('{{.Swarm}}', info)).toBe('{  inactive false  [] 0 0 <nil> []}');
    expect(run('{{.Plugins}}', info)).toBe('{[local] [bridge host] [] [json-file]}');
    expect(run('{{.RegistryConfig}}', info)).toBe('{[] [] [::1/128 127.0.0.0/8] map[docker.io:<addr>] [] map[]}');
    expect(run('{{.Runtimes}} {{.ContainerdCommit}} {{.FirewallBackend}} {{.Containerd}}', info)).toBe('map[runc:{{runc []  map[]} map[]}] {c0ffee } {iptables []} {/run/containerd/containerd.sock {moby plugins.moby}}');
    expect(run('{{.}}', info)).toBe('{<addr> []  <addr> []}');
    expect(run('{{.ClientInfo}}', info)).toBe('{false {<nil> 28.2.2  1.50 e6534b4 go1.24.3 linux amd64 Fri May 30 12:07:14 2025 default} [] []}');
  });

  it('reaches fields through the embedded *system.Info and clientVersion', () => {
    expect(run('{{.ID}} {{.Info.ID}} {{.Swarm.LocalNodeState}} {{.ClientInfo.Version}} {{.ClientInfo.Context}} {{index .RegistryConfig.IndexConfigs "docker.io"}}', info)).toBe('id-1 id-1 inactive 28.2.2 default {docker.io [] true true}');
    const t = parseGoTemplate('{{.Nope}}');
    if ('error' in t) throw new Error(t.error);
    expect(executeGoTemplate(t, info)).toMatchObject({ error: 'template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type system.dockerInfo' });
  });

  it('marshals as encoding/json does: omitempty fields left out, ServiceConfig keys sorted', () => {
    expect(goJson(info.RegistryConfig)).toBe('{"IndexConfigs":{"docker.io":{"Mirrors":[],"Name":"docker.io","Official":true,"Secure":true}},"InsecureRegistryCIDRs":["::1/128","127.0.0.0/8"],"Mirrors":null}');
    expect(goJson(info.ClientInfo, { escapeHtml: false })).toBe('{"Debug":false,"Version":"28.2.2","DefaultAPIVersion":"1.50","GitCommit":"e6534b4","GoVersion":"go1.24.3","Os":"linux","Arch":"amd64","BuildTime":"Fri May 30 12:07:14 2025","Context":"default","Plugins":[],"Warnings":null}');
    const json = goJson(info);
    expect(json).toContain('"CgroupVersion":"2","NEventsListener":0,');
    expect(json).toContain('"SecurityOptions":null,"FirewallBackend":{"Driver":"iptables"},"CDISpecDirs":["/etc/cdi"],"Containerd":');
    expect(json).not.toContain('KernelMemory');
    expect(json).not.toContain('UserName');
  });

  it('prints versionInfo, types.Version and clientVersion', () => {
    const v = versionData(VERSION);
    expect(run('{{.}}', v)).toBe('{{<nil> 28.2.2 1.50 1.50 e6534b4 go1.24.3 linux amd64 Fri May 30 12:07:14 2025 default} <addr>}');
    expect(run('{{.Server}}', v)).toBe('{{Docker Engine - Community} [{Engine 28.2.2 map[ApiVersion:1.50 BuildTime:Fri May 30 12:07:26 2025 MinAPIVersion:1.24]} {runc 1.2.5 map[GitCommit:v1.2.5-0-g59923ef]}] 28.2.2 1.50 1.24 45873be go1.24.3 linux amd64 6.1.0-37-amd64 false 2025-05-30T12:07:26.000000000+00:00}');
    expect(run('{{.Server.Version}} {{.Client.APIVersion}} {{.Client.Platform}}', v)).toBe('28.2.2 1.50 <nil>');
    expect(goJson(v.Client)).toBe('{"Version":"28.2.2","ApiVersion":"1.50","DefaultAPIVersion":"1.50","GitCommit":"e6534b4","GoVersion":"go1.24.3","Os":"linux","Arch":"amd64","BuildTime":"Fri May 30 12:07:14 2025","Context":"default"}');
    expect(run('{{.}}', versionData(null))).toBe('{{<nil> 28.2.2 1.50 1.50 e6534b4 go1.24.3 linux amd64 Fri May 30 12:07:14 2025 default} <nil>}');
  });
});
