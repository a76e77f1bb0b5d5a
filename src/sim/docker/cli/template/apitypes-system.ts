/**
 * The Go structs behind `docker info --format` and `docker version --format`
 * (docker 28.2.2, API v1.50): moby's system.Info (api/types/system/info.go)
 * with registry.ServiceConfig, swarm.Info and the runtime and commit types,
 * types.Version (api/types/types.go), and the docker CLI's wrappers that the
 * templates actually run on: cli/command/system/info.go's dockerInfo
 * (embedding *system.Info) and clientInfo, version.go's versionInfo and
 * clientVersion. Field orders were checked against the real client through
 * `container-sim serve` (`docker info --format '{{printf "%+v" .Info}}'`).
 * registry.ServiceConfig has a MarshalJSON that goes through a map, so its
 * JSON keys come out sorted, also inside IndexConfigs.
 * SIMPLIFICATIONS: named basic types are written as their underlying type;
 * []*registry.NetIPNet as []string (NetIPNet prints and marshals as its CIDR
 * text); types reached only through a nested pointer or an empty slice
 * (swarm.ClusterInfo, manager.Plugin, swarm.GenericResource's parts) list
 * just their first fields.
 */

import { declareStructs, goTyped, type GoTypes } from './gotypes.ts';

const TYPES: GoTypes = {};

declareStructs(
  'system',
  {
    Info: `
      ID string
      Containers int
      ContainersRunning int
      ContainersPaused int
      ContainersStopped int
      Images int
      Driver string
      DriverStatus [][2]string
      SystemStatus [][2]string ,omitempty
      Plugins PluginsInfo
      MemoryLimit bool
      SwapLimit bool
      KernelMemory bool ,omitempty
      KernelMemoryTCP bool ,omitempty
      CPUCfsPeriod bool CpuCfsPeriod
      CPUCfsQuota bool CpuCfsQuota
      CPUShares bool
      CPUSet bool
      PidsLimit bool
      IPv4Forwarding bool
      Debug bool
      NFd int
      OomKillDisable bool
      NGoroutines int
      SystemTime string
      LoggingDriver string
      CgroupDriver string
      CgroupVersion string ,omitempty
      NEventsListener int
      KernelVersion string
      OperatingSystem string
      OSVersion string
      OSType string
      Architecture string
      IndexServerAddress string
      RegistryConfig *registry.ServiceConfig
      NCPU int
      MemTotal int64
      GenericResources []swarm.GenericResource
      DockerRootDir string
      HTTPProxy string HttpProxy
      HTTPSProxy string HttpsProxy
      NoProxy string
      Name string
      Labels []string
      ExperimentalBuild bool
      ServerVersion string
      Runtimes map[string]RuntimeWithStatus
      DefaultRuntime string
      Swarm swarm.Info
      LiveRestoreEnabled bool
      Isolation string
      InitBinary string
      ContainerdCommit Commit
      RuncCommit Commit
      InitCommit Commit
      SecurityOptions []string
      ProductLicense string ,omitempty
      DefaultAddressPools []NetworkAddressPool ,omitempty
      FirewallBackend *FirewallInfo FirewallBackend,omitempty
      CDISpecDirs []string
      DiscoveredDevices []DeviceInfo ,omitempty
      Containerd *ContainerdInfo ,omitempty
      Warnings []string`,
    PluginsInfo: 'Volume []string\nNetwork []string\nAuthorization []string\nLog []string',
    Commit: 'ID string\nExpected string ,omitempty',
    NetworkAddressPool: 'Base string\nSize int',
    FirewallInfo: 'Driver string Driver\nInfo [][2]string Info,omitempty',
    DeviceInfo: 'Source string\nID string',
    ContainerdInfo: 'Address string ,omitempty\nNamespaces ContainerdNamespaces',
    ContainerdNamespaces: 'Containers string\nPlugins string',
    RuntimeWithStatus: 'Runtime\nStatus map[string]string status,omitempty',
    Runtime: 'Path string path,omitempty\nArgs []string runtimeArgs,omitempty\nType string runtimeType,omitempty\nOptions map[string]any options,omitempty',
    // cli/command/system/info.go and version.go (package system of docker/cli).
    dockerInfo: `
      *system.Info ,omitempty
      ServerErrors []string ,omitempty
      UserName string -
      ClientInfo *clientInfo ,omitempty
      ClientErrors []string ,omitempty`,
    sparseInfo: 'ClientInfo *clientInfo ,omitempty\nClientErrors []string ,omitempty',
    clientInfo: 'Debug bool\nclientVersion\nPlugins []manager.Plugin\nWarnings []string',
    versionInfo: 'Client clientVersion\nServer *types.Version',
    platformInfo: 'Name string Name,omitempty',
    clientVersion: `
      Platform *platformInfo Platform,omitempty
      Version string Version,omitempty
      APIVersion string ApiVersion,omitempty
      DefaultAPIVersion string DefaultAPIVersion,omitempty
      GitCommit string GitCommit,omitempty
      GoVersion string GoVersion,omitempty
      Os string Os,omitempty
      Arch string Arch,omitempty
      BuildTime string BuildTime,omitempty
      Context string Context`,
  },
  TYPES,
);

declareStructs(
  'registry',
  {
    ServiceConfig: `
      AllowNondistributableArtifactsCIDRs []string ,omitempty
      AllowNondistributableArtifactsHostnames []string ,omitempty
      InsecureRegistryCIDRs []string InsecureRegistryCIDRs
      IndexConfigs map[string]*IndexInfo
      Mirrors []string
      ExtraFields map[string]any -`,
    IndexInfo: 'Name string\nMirrors []string\nSecure bool\nOfficial bool',
  },
  TYPES,
);
(TYPES['registry.ServiceConfig'] as { jsonSorted?: boolean }).jsonSorted = true;

declareStructs(
  'swarm',
  {
    Info: `
      NodeID string
      NodeAddr string
      LocalNodeState string
      ControlAvailable bool
      Error string
      RemoteManagers []Peer
      Nodes int ,omitempty
      Managers int ,omitempty
      Cluster *ClusterInfo ,omitempty
      Warnings []string ,omitempty`,
    Peer: 'NodeID string\nAddr string',
    ClusterInfo: 'ID string',
    GenericResource: 'NamedResourceSpec *NamedGenericResource ,omitempty\nDiscreteResourceSpec *DiscreteGenericResource ,omitempty',
    NamedGenericResource: 'Kind string ,omitempty\nValue string ,omitempty',
    DiscreteGenericResource: 'Kind string ,omitempty\nValue int64 ,omitempty',
  },
  TYPES,
);

declareStructs('manager', { Plugin: 'Name string ,omitempty\nPath string ,omitempty' }, TYPES);

declareStructs(
  'types',
  {
    Version: `
      Platform Platform ,omitempty
      Components []ComponentVersion ,omitempty
      Version string
      APIVersion string ApiVersion
      MinAPIVersion string MinAPIVersion,omitempty
      GitCommit string
      GoVersion string
      Os string
      Arch string
      KernelVersion string ,omitempty
      Experimental bool ,omitempty
      BuildTime string ,omitempty`,
    Platform: 'Name string',
    ComponentVersion: 'Name string\nVersion string\nDetails map[string]string ,omitempty',
  },
  TYPES,
);
// types.Version's Platform is an anonymous struct type.
(TYPES['types.Platform'] as { name: string }).name = 'struct { Name string }';

/**
 * What `docker info --format` runs on: the /info answer and the client's
 * section (`client`: Debug, Version, ..., Plugins, Warnings as JSON keys)
 * decoded into a system.dockerInfo; with `info` null, the client's half alone
 * (info.go's sparseInfo, run first to see whether a template needs the daemon).
 */
export function typedInfo(info: unknown, client: Record<string, unknown>): unknown {
  if (info === null || typeof info !== 'object') return goTyped({ ClientInfo: client }, 'system.sparseInfo', TYPES);
  return goTyped({ ...(info as Record<string, unknown>), ClientInfo: client }, 'system.dockerInfo', TYPES);
}

/** What `docker version --format` runs on: a system.versionInfo from {Client, Server} JSON (Server null when the daemon did not answer). */
export function typedVersion(raw: { Client: unknown; Server: unknown }): unknown {
  return goTyped(raw, 'system.versionInfo', TYPES);
}

export { TYPES as SYSTEM_TYPES };
