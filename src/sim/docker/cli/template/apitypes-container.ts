/**
 * The container-side Go structs of docker's API types (v1.50, Docker 28.2):
 * container.InspectResponse and what it holds (State, Config, HostConfig with
 * Resources, NetworkSettings, MountPoint), plus storage.DriverData,
 * nat.PortBinding, blkiodev, units.Ulimit and mount.Mount. See apitypes.ts.
 */

import { declareStructs, type GoTypes } from './gotypes.ts';

/** Add the container structs to `types`. */
export function declareContainerTypes(TYPES: GoTypes): void {

  declareStructs(
    'container',
    {
      InspectResponse: `
        *ContainerJSONBase
        Mounts []MountPoint
        Config *Config
        NetworkSettings *NetworkSettings
        ImageManifestDescriptor *v1.Descriptor ,omitempty`,
      ContainerJSONBase: `
        ID string Id
        Created string
        Path string
        Args []string
        State *State
        Image string
        ResolvConfPath string
        HostnamePath string
        HostsPath string
        LogPath string
        Name string
        RestartCount int
        Driver string
        Platform string
        MountLabel string
        ProcessLabel string
        AppArmorProfile string
        ExecIDs []string
        HostConfig *HostConfig
        GraphDriver storage.DriverData
        SizeRw *int64 ,omitempty
        SizeRootFs *int64 ,omitempty`,
      State: `
        Status string
        Running bool
        Paused bool
        Restarting bool
        OOMKilled bool
        Dead bool
        Pid int
        ExitCode int
        Error string
        StartedAt string
        FinishedAt string
        Health *Health ,omitempty`,
      Health: `
        Status string
        FailingStreak int
        Log []*HealthcheckResult`,
      HealthcheckResult: `
        Start time.Time
        End time.Time
        ExitCode int
        Output string`,
      MountPoint: `
        Type string ,omitempty
        Name string ,omitempty
        Source string
        Destination string
        Driver string ,omitempty
        Mode string
        RW bool
        Propagation string`,
      Config: `
        Hostname string
        Domainname string
        User string
        AttachStdin bool
        AttachStdout bool
        AttachStderr bool
        ExposedPorts map[string]struct{} ,omitempty
        Tty bool
        OpenStdin bool
        StdinOnce bool
        Env []string
        Cmd []string
        Healthcheck *HealthConfig ,omitempty
        ArgsEscaped bool ,omitempty
        Image string
        Volumes map[string]struct{}
        WorkingDir string
        Entrypoint []string
        NetworkDisabled bool ,omitempty
        MacAddress string ,omitempty
        OnBuild []string
        Labels map[string]string
        StopSignal string ,omitempty
        StopTimeout *int ,omitempty
        Shell []string ,omitempty`,
      HealthConfig: `
        Test []string ,omitempty
        Interval time.Duration ,omitempty
        Timeout time.Duration ,omitempty
        StartPeriod time.Duration ,omitempty
        StartInterval time.Duration ,omitempty
        Retries int ,omitempty`,
      HostConfig: `
        Binds []string
        ContainerIDFile string
        LogConfig LogConfig
        NetworkMode string
        PortBindings map[string][]nat.PortBinding
        RestartPolicy RestartPolicy
        AutoRemove bool
        VolumeDriver string
        VolumesFrom []string
        ConsoleSize [2]uint
        Annotations map[string]string ,omitempty
        CapAdd []string
        CapDrop []string
        CgroupnsMode string
        DNS []string Dns
        DNSOptions []string DnsOptions
        DNSSearch []string DnsSearch
        ExtraHosts []string
        GroupAdd []string
        IpcMode string
        Cgroup string
        Links []string
        OomScoreAdj int
        PidMode string
        Privileged bool
        PublishAllPorts bool
        ReadonlyRootfs bool
        SecurityOpt []string
        StorageOpt map[string]string ,omitempty
        Tmpfs map[string]string ,omitempty
        UTSMode string
        UsernsMode string
        ShmSize int64
        Sysctls map[string]string ,omitempty
        Runtime string ,omitempty
        Isolation string
        Resources
        Mounts []mount.Mount ,omitempty
        MaskedPaths []string
        ReadonlyPaths []string
        Init *bool ,omitempty`,
      LogConfig: `
        Type string
        Config map[string]string`,
      RestartPolicy: `
        Name string
        MaximumRetryCount int`,
      Resources: `
        CPUShares int64 CpuShares
        Memory int64
        NanoCPUs int64 NanoCpus
        CgroupParent string
        BlkioWeight uint16
        BlkioWeightDevice []*blkiodev.WeightDevice
        BlkioDeviceReadBps []*blkiodev.ThrottleDevice
        BlkioDeviceWriteBps []*blkiodev.ThrottleDevice
        BlkioDeviceReadIOps []*blkiodev.ThrottleDevice
        BlkioDeviceWriteIOps []*blkiodev.ThrottleDevice
        CPUPeriod int64 CpuPeriod
        CPUQuota int64 CpuQuota
        CPURealtimePeriod int64 CpuRealtimePeriod
        CPURealtimeRuntime int64 CpuRealtimeRuntime
        CpusetCpus string
        CpusetMems string
        Devices []DeviceMapping
        DeviceCgroupRules []string
        DeviceRequests []DeviceRequest
        KernelMemory int64 ,omitempty
        KernelMemoryTCP int64 ,omitempty
        MemoryReservation int64
        MemorySwap int64
        MemorySwappiness *int64
        OomKillDisable *bool
        PidsLimit *int64
        Ulimits []*units.Ulimit
        CPUCount int64 CpuCount
        CPUPercent int64 CpuPercent
        IOMaximumIOps uint64
        IOMaximumBandwidth uint64`,
      DeviceMapping: `
        PathOnHost string
        PathInContainer string
        CgroupPermissions string`,
      DeviceRequest: `
        Driver string
        Count int
        DeviceIDs []string
        Capabilities [][]string
        Options map[string]string`,
      NetworkSettings: `
        NetworkSettingsBase
        DefaultNetworkSettings
        Networks map[string]*network.EndpointSettings`,
      NetworkSettingsBase: `
        Bridge string
        SandboxID string
        SandboxKey string
        Ports map[string][]nat.PortBinding
        HairpinMode bool
        LinkLocalIPv6Address string
        LinkLocalIPv6PrefixLen int
        SecondaryIPAddresses []network.Address
        SecondaryIPv6Addresses []network.Address`,
      DefaultNetworkSettings: `
        EndpointID string
        Gateway string
        GlobalIPv6Address string
        GlobalIPv6PrefixLen int
        IPAddress string
        IPPrefixLen int
        IPv6Gateway string
        MacAddress string`,
    },
    TYPES,
  );

  declareStructs('storage', { DriverData: 'Data map[string]string\nName string' }, TYPES);
  declareStructs('nat', { PortBinding: 'HostIP string HostIp\nHostPort string' }, TYPES);
  declareStructs('blkiodev', { WeightDevice: 'Path string\nWeight uint16', ThrottleDevice: 'Path string\nRate uint64' }, TYPES);
  declareStructs('units', { Ulimit: 'Name string\nHard int64\nSoft int64' }, TYPES);
  // (*units.Ulimit).String: fmt prints a ulimit as "nofile=100:200".
  (TYPES['units.Ulimit'] as { str?: (o: Record<string, unknown>) => string }).str = (o) => `${String(o.Name)}=${String(o.Soft)}:${String(o.Hard)}`;

  declareStructs(
    'mount',
    {
      Mount: `
        Type string ,omitempty
        Source string ,omitempty
        Target string ,omitempty
        ReadOnly bool ,omitempty
        Consistency string ,omitempty
        BindOptions *BindOptions ,omitempty
        VolumeOptions *VolumeOptions ,omitempty
        ImageOptions *ImageOptions ,omitempty
        TmpfsOptions *TmpfsOptions ,omitempty
        ClusterOptions *ClusterOptions ,omitempty`,
      BindOptions: `
        Propagation string ,omitempty
        NonRecursive bool ,omitempty
        CreateMountpoint bool ,omitempty
        ReadOnlyNonRecursive bool ,omitempty
        ReadOnlyForceRecursive bool ,omitempty`,
      VolumeOptions: `
        NoCopy bool ,omitempty
        Labels map[string]string ,omitempty
        Subpath string ,omitempty
        DriverConfig *Driver ,omitempty`,
      Driver: 'Name string ,omitempty\nOptions map[string]string ,omitempty',
      ImageOptions: 'Subpath string ,omitempty',
      TmpfsOptions: 'SizeBytes int64 ,omitempty\nMode uint32 ,omitempty\nOptions [][]string ,omitempty',
      ClusterOptions: '',
    },
    TYPES,
  );
}
