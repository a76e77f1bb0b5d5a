/**
 * docker version and docker info texts (cli/command/system/version.go,
 * info.go): the Client and Server sections, laid out with a tabwriter
 * (minwidth 20, padding 1) for version, and docker 28's info sections; and
 * the data their --format templates run on, decoded into the CLI's Go types
 * (template/apitypes-system.ts: versionInfo, dockerInfo).
 */

import { tabwrite } from './tabwriter.ts';
import { bytesSize } from './units.ts';
import { CLIENT_COMMIT, CLIENT_VERSION } from '../client-version.ts';
import { typedInfo, typedVersion } from '../template/index.ts';

export const CLIENT_GO_VERSION = 'go1.24.3';
export const CLIENT_BUILT = 'Fri May 30 12:07:14 2025';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** time.ANSIC of an RFC 3339 time ("Fri May 30 12:07:14 2025"); unparsable input is kept. */
export function ansic(s: string): string {
  const t = Date.parse(s);
  if (Number.isNaN(t)) return s;
  const d = new Date(t);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

type Obj = Record<string, unknown>;

/** The client half of docker version (cli/command/system/version.go clientVersion), as JSON keys; `api` is the negotiated version ('' in docker info). */
function clientJson(api: string): Obj {
  return { Platform: null, Version: CLIENT_VERSION, ApiVersion: api, DefaultAPIVersion: '1.50', GitCommit: CLIENT_COMMIT, GoVersion: CLIENT_GO_VERSION, Os: 'linux', Arch: 'amd64', BuildTime: CLIENT_BUILT, Context: 'default' };
}

/**
 * What docker version's template runs on: a system.versionInfo (Client, and
 * Server as a *types.Version, nil when the daemon did not answer) with the
 * Engine component's BuildTime reformatted as time.ANSIC, as the CLI does.
 */
export function versionData(server: Obj | null): Obj {
  let srv: Obj | null = null;
  if (server) {
    const comps = ((server.Components as Obj[] | undefined) ?? []).map((c) => {
      const details = { ...((c.Details as Obj | undefined) ?? {}) };
      if (c.Name === 'Engine' && typeof details.BuildTime === 'string') details.BuildTime = ansic(details.BuildTime);
      return { ...c, Details: details };
    });
    srv = { ...server, Components: comps };
  }
  return typedVersion({ Client: clientJson('1.50'), Server: srv }) as Obj;
}

/**
 * What docker info's --format runs on: a system.dockerInfo (the /info answer
 * embedded, and the client's section); with `info` null, the client's half
 * alone (info.go's sparseInfo, to see whether a template needs the daemon).
 */
export function infoData(info: Obj | null): Obj {
  const client = { Debug: false, ...clientJson(''), Plugins: [], Warnings: null };
  return typedInfo(info, client) as Obj;
}

/** The default `docker version` text. */
export function versionText(v: Obj): string {
  const c = v.Client as Obj;
  let t = `Client:\n Version:\t${c.Version}\n API version:\t${c.APIVersion}\n Go version:\t${c.GoVersion}\n Git commit:\t${c.GitCommit}\n Built:\t${c.BuildTime}\n OS/Arch:\t${c.Os}/${c.Arch}\n Context:\t${c.Context}\n`;
  const s = v.Server as Obj | null;
  if (s) {
    const name = (s.Platform as Obj | undefined)?.Name;
    t += `\nServer:${name ? ` ${name}` : ''}\n`;
    for (const comp of (s.Components as Obj[]) ?? []) {
      const d = (comp.Details as Obj) ?? {};
      t += ` ${comp.Name}:\n`;
      if (comp.Name === 'Engine') {
        t += `  Version:\t${comp.Version}\n  API version:\t${d.ApiVersion} (minimum version ${d.MinAPIVersion})\n  Go version:\t${d.GoVersion}\n  Git commit:\t${d.GitCommit}\n  Built:\t${d.BuildTime}\n  OS/Arch:\t${d.Os}/${d.Arch}\n  Experimental:\t${d.Experimental}\n`;
      } else {
        t += `  Version:\t${comp.Version}\n`;
        for (const k of Object.keys(d).sort()) t += `  ${k}:\t${d[k]}\n`;
      }
    }
  }
  return tabwrite(t, { minwidth: 20, padding: 1 });
}

/** The Server section of `docker info` (after "Server:\n"), and warnings for stderr. */
export function infoText(i: Obj): { out: string; warnings: string } {
  const L: string[] = [];
  const p = (s: string) => L.push(s);
  const str = (k: string) => String(i[k] ?? '');
  p(` Containers: ${i.Containers ?? 0}`);
  p(`  Running: ${i.ContainersRunning ?? 0}`);
  p(`  Paused: ${i.ContainersPaused ?? 0}`);
  p(`  Stopped: ${i.ContainersStopped ?? 0}`);
  p(` Images: ${i.Images ?? 0}`);
  p(` Server Version: ${str('ServerVersion')}`);
  p(` Storage Driver: ${str('Driver')}`);
  for (const pair of (i.DriverStatus as string[][] | null) ?? []) p(`  ${pair[0]}: ${pair[1]}`);
  p(` Logging Driver: ${str('LoggingDriver')}`);
  p(` Cgroup Driver: ${str('CgroupDriver')}`);
  p(` Cgroup Version: ${str('CgroupVersion')}`);
  const plugins = (i.Plugins as Record<string, string[] | null> | undefined) ?? {};
  p(' Plugins:');
  p(`  Volume: ${(plugins.Volume ?? []).join(' ')}`);
  p(`  Network: ${(plugins.Network ?? []).join(' ')}`);
  if (plugins.Authorization?.length) p(`  Authorization: ${plugins.Authorization.join(' ')}`);
  p(`  Log: ${(plugins.Log ?? []).join(' ')}`);
  const cdi = (i.CDISpecDirs as string[] | null) ?? [];
  if (cdi.length) {
    p(' CDI spec directories:');
    for (const d of cdi) p(`  ${d}`);
  }
  const swarm = (i.Swarm as Obj | undefined) ?? {};
  p(` Swarm: ${swarm.LocalNodeState ?? 'inactive'}`);
  p(` Runtimes: ${Object.keys((i.Runtimes as Obj | undefined) ?? {}).sort().join(' ')}`);
  p(` Default Runtime: ${str('DefaultRuntime')}`);
  p(` Init Binary: ${str('InitBinary')}`);
  const id = (k: string) => String(((i[k] as Obj | undefined) ?? {}).ID ?? '');
  p(` containerd version: ${id('ContainerdCommit')}`);
  p(` runc version: ${id('RuncCommit')}`);
  p(` init version: ${id('InitCommit')}`);
  const sec = (i.SecurityOptions as string[] | null) ?? [];
  if (sec.length) {
    p(' Security Options:');
    for (const o of sec) {
      const kv = Object.fromEntries(o.split(',').map((f) => [f.slice(0, f.indexOf('=')), f.slice(f.indexOf('=') + 1)]));
      p(`  ${kv.name ?? o}`);
      for (const [k, v] of Object.entries(kv)) if (k !== 'name') p(`   ${k[0]?.toUpperCase()}${k.slice(1)}: ${v}`);
    }
  }
  p(` Kernel Version: ${str('KernelVersion')}`);
  p(` Operating System: ${str('OperatingSystem')}`);
  p(` OSType: ${str('OSType')}`);
  p(` Architecture: ${str('Architecture')}`);
  p(` CPUs: ${i.NCPU ?? 0}`);
  p(` Total Memory: ${bytesSize(Number(i.MemTotal ?? 0))}`);
  p(` Name: ${str('Name')}`);
  p(` ID: ${str('ID')}`);
  p(` Docker Root Dir: ${str('DockerRootDir')}`);
  p(` Debug Mode: ${i.Debug ? 'true' : 'false'}`);
  for (const [k, label] of [['HttpProxy', 'HTTP Proxy'], ['HttpsProxy', 'HTTPS Proxy'], ['NoProxy', 'No Proxy']] as const) if (i[k]) p(` ${label}: ${i[k]}`);
  const labels = (i.Labels as string[] | null) ?? [];
  if (labels.length) {
    p(' Labels:');
    for (const l of labels) p(`  ${l}`);
  }
  p(` Experimental: ${i.ExperimentalBuild ? 'true' : 'false'}`);
  const reg = (i.RegistryConfig as Obj | undefined) ?? {};
  const insecure = (reg.InsecureRegistryCIDRs as string[] | null) ?? [];
  if (insecure.length) {
    p(' Insecure Registries:');
    for (const r of insecure) p(`  ${r}`);
  }
  const mirrors = (reg.Mirrors as string[] | null) ?? [];
  if (mirrors.length) {
    p(' Registry Mirrors:');
    for (const m of mirrors) p(`  ${m}`);
  }
  p(` Live Restore Enabled: ${i.LiveRestoreEnabled ? 'true' : 'false'}`);
  const warnings = ((i.Warnings as string[] | null) ?? []).map((w) => `${w}\n`).join('');
  return { out: `${L.join('\n')}\n\n`, warnings };
}
