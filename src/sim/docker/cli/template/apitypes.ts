/**
 * The Go structs the docker 28.2 CLI decodes `docker inspect` answers into
 * (github.com/docker/docker/api/types at API v1.50: container.InspectResponse,
 * image.InspectResponse, network.Inspect, volume.Volume, and what they hold),
 * with their fields in declaration order, as the structs print with fmt's %v.
 * Each line is "Field Type [json tag]"; a type alone is an embedded struct.
 * Checked against the real client: `docker inspect -f '{{.HostConfig}}' c`
 * and friends against `container-sim serve` print these fields in this order.
 * SIMPLIFICATIONS: named basic types are written as their underlying type
 * (container.ContainerState as string, os.FileMode as uint32); types reached
 * only through a nested pointer (ClusterVolume, ManifestSummary's parts) list
 * just their first fields.
 */

import { declareStructs, goTyped, type GoTypes } from './gotypes.ts';
import { declareContainerTypes } from './apitypes-container.ts';

const TYPES: GoTypes = {};
declareContainerTypes(TYPES);

declareStructs(
  'network',
  {
    EndpointSettings: `
      IPAMConfig *EndpointIPAMConfig
      Links []string
      Aliases []string
      MacAddress string
      DriverOpts map[string]string
      GwPriority int
      NetworkID string
      EndpointID string
      Gateway string
      IPAddress string
      IPPrefixLen int
      IPv6Gateway string
      GlobalIPv6Address string
      GlobalIPv6PrefixLen int
      DNSNames []string`,
    EndpointIPAMConfig: 'IPv4Address string\nIPv6Address string\nLinkLocalIPs []string',
    Address: 'Addr string\nPrefixLen int',
    Inspect: `
      Name string
      ID string Id
      Created time.Time
      Scope string
      Driver string
      EnableIPv4 bool
      EnableIPv6 bool
      IPAM IPAM
      Internal bool
      Attachable bool
      Ingress bool
      ConfigFrom ConfigReference
      ConfigOnly bool
      Containers map[string]EndpointResource
      Options map[string]string
      Labels map[string]string
      Peers []PeerInfo ,omitempty
      Services map[string]ServiceInfo ,omitempty`,
    IPAM: 'Driver string\nOptions map[string]string\nConfig []IPAMConfig',
    IPAMConfig: 'Subnet string ,omitempty\nIPRange string ,omitempty\nGateway string ,omitempty\nAuxAddress map[string]string AuxiliaryAddresses,omitempty',
    ConfigReference: 'Network string',
    EndpointResource: 'Name string\nEndpointID string\nMacAddress string\nIPv4Address string\nIPv6Address string',
    PeerInfo: 'Name string\nIP string',
    ServiceInfo: 'VIP string\nPorts []string\nLocalLBIndex int\nTasks []Task',
    Task: 'Name string\nEndpointID string\nEndpointIP string\nInfo map[string]string',
  },
  TYPES,
);

declareStructs(
  'image',
  {
    InspectResponse: `
      ID string Id
      RepoTags []string
      RepoDigests []string
      Parent string
      Comment string
      Created string ,omitempty
      Container string ,omitempty
      ContainerConfig *container.Config ,omitempty
      DockerVersion string
      Author string
      Config *dockerspec.DockerOCIImageConfig
      Architecture string
      Variant string ,omitempty
      Os string
      OsVersion string ,omitempty
      Size int64
      VirtualSize int64 ,omitempty
      GraphDriver storage.DriverData
      RootFS RootFS
      Metadata Metadata
      Descriptor *v1.Descriptor ,omitempty
      Manifests []ManifestSummary ,omitempty`,
    RootFS: 'Type string\nLayers []string ,omitempty',
    Metadata: 'LastTagTime time.Time',
    ManifestSummary: 'ID string\nDescriptor v1.Descriptor\nAvailable bool\nKind string',
  },
  TYPES,
);

declareStructs(
  'dockerspec',
  {
    DockerOCIImageConfig: 'v1.ImageConfig\nDockerOCIImageConfigExt',
    DockerOCIImageConfigExt: 'Healthcheck *container.HealthConfig ,omitempty\nOnBuild []string ,omitempty\nShell []string ,omitempty',
  },
  TYPES,
);

declareStructs(
  'v1',
  {
    ImageConfig: `
      User string ,omitempty
      ExposedPorts map[string]struct{} ,omitempty
      Env []string ,omitempty
      Entrypoint []string ,omitempty
      Cmd []string ,omitempty
      Volumes map[string]struct{} ,omitempty
      WorkingDir string ,omitempty
      Labels map[string]string ,omitempty
      StopSignal string ,omitempty
      ArgsEscaped bool ,omitempty`,
    Descriptor: `
      MediaType string mediaType
      Digest string digest
      Size int64 size
      URLs []string urls,omitempty
      Annotations map[string]string annotations,omitempty
      Data []uint8 data,omitempty
      Platform *Platform platform,omitempty
      ArtifactType string artifactType,omitempty`,
    Platform: 'Architecture string architecture\nOS string os\nOSVersion string os.version,omitempty\nOSFeatures []string os.features,omitempty\nVariant string variant,omitempty',
  },
  TYPES,
);

declareStructs(
  'volume',
  {
    Volume: `
      ClusterVolume *ClusterVolume ,omitempty
      CreatedAt string ,omitempty
      Driver string
      Labels map[string]string
      Mountpoint string
      Name string
      Options map[string]string
      Scope string
      Status map[string]any ,omitempty
      UsageData *UsageData ,omitempty`,
    ClusterVolume: 'ID string',
    UsageData: 'RefCount int64\nSize int64',
  },
  TYPES,
);

/** The Go type docker's CLI decodes each inspected object kind into. */
export const INSPECT_TYPES: Readonly<Record<string, string>> = {
  container: 'container.InspectResponse',
  image: 'image.InspectResponse',
  network: 'network.Inspect',
  volume: 'volume.Volume',
};

/** The typed form of an inspected object (`kind` as in INSPECT_TYPES), or undefined for kinds without a schema. */
export function typedInspect(kind: string, raw: unknown): unknown {
  const t = INSPECT_TYPES[kind];
  return t === undefined ? undefined : goTyped(raw, t, TYPES);
}

export { TYPES as API_TYPES };
