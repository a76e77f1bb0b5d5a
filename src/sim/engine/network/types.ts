/**
 * dockerd's network state as plain data: libnetwork's networks, the
 * endpoints containers have on them, each running container's sandbox
 * (its network namespace, /etc/hosts and /etc/resolv.conf), the port
 * allocator and the published ports (docs.docker.com "Networking overview",
 * moby daemon/libnetwork: network.go, endpoint.go, sandbox.go, portallocator).
 *
 * Models: a network record as `docker network inspect` shows it (Name, Id,
 * Created, Scope, Driver, EnableIPv4/6, IPAM, Internal, Attachable, Ingress,
 * ConfigFrom, ConfigOnly, Options, Labels) plus what the daemon keeps beside
 * it (the bridge device, the addresses IPAM handed out); endpoints (one per
 * container and network: veth names, address, MAC, DNS names); sandboxes.
 * SIMPLIFICATIONS:
 * - IPv4 only (the kernel model has no inet6): EnableIPv6 is always false.
 * - Drivers: bridge, host and null. No overlay, macvlan, ipvlan or swarm scope.
 * - Endpoints exist only while their container runs, as in Docker; the
 *   configuration a stopped container keeps is the containers slice's business.
 */

export type NetworkDriver = 'bridge' | 'host' | 'null';

export interface IpamConfig {
  Subnet: string;
  IPRange?: string;
  Gateway?: string;
}

/** One network (libnetwork's Network) with Docker's inspect fields and the daemon's private ones. */
export interface NetworkRecord {
  Name: string;
  Id: string;
  /** RFC 3339 with nanoseconds, as Go's time.Time marshals. */
  Created: string;
  Scope: 'local';
  Driver: NetworkDriver;
  EnableIPv4: boolean;
  EnableIPv6: boolean;
  IPAM: { Driver: string; Options: Record<string, string> | null; Config: IpamConfig[] | null };
  Internal: boolean;
  Attachable: boolean;
  Ingress: boolean;
  ConfigFrom: { Network: string };
  ConfigOnly: boolean;
  Options: Record<string, string>;
  Labels: Record<string, string>;

  /** The Linux bridge (docker0, br-<12 hex>), or null for host/none. */
  bridge: string | null;
  /** One of the three networks the daemon creates itself (bridge, host, none). */
  predefined: boolean;
  /** The subnet was given by the user (--subnet): only then may containers ask for --ip. */
  userSubnet: boolean;
  /** IPAM: address → owner ("gateway" or an endpoint id). */
  allocated: Record<string, string>;
  /** IPAM search hint: every address below it (as a uint32) is taken; 0 = from the start. */
  ipHint: number;
  /** Endpoints on this network by container id, in attach order. */
  endpoints: Record<string, EndpointRecord>;
}

/** A container's endpoint on one network (libnetwork's Endpoint). */
export interface EndpointRecord {
  containerId: string;
  /** Container name without the leading slash. */
  name: string;
  networkId: string;
  endpointId: string;
  /** Interface inside the container (eth0, eth1 ...), null for host/none. */
  ifname: string | null;
  /** Host end of the veth pair (veth + 7 hex), null for host/none. */
  hostIfname: string | null;
  mac: string;
  ip: string | null;
  prefixLen: number;
  gateway: string | null;
  /** User-specified --network-alias values (EndpointSettings.Aliases). */
  aliases: string[];
  /** Every name the embedded DNS answers for this endpoint (EndpointSettings.DNSNames). */
  dnsNames: string[];
  /** --ip given by the user (EndpointSettings.IPAMConfig.IPv4Address). */
  requestedIp: string | null;
  /** A MAC address given by the user. */
  requestedMac: string | null;
  /** EndpointSettings.GwPriority: the highest wins the default route. */
  gwPriority: number;
}

/** A running container's network sandbox (libnetwork's Sandbox). */
export interface SandboxRecord {
  containerId: string;
  name: string;
  hostname: string;
  domainname: string;
  /** 64 hex, NetworkSettings.SandboxID. */
  sandboxId: string;
  /** /var/run/docker/netns/<12 hex>, NetworkSettings.SandboxKey ('' for host mode). */
  sandboxKey: string;
  /** A process living in the sandbox's network namespace (the container's init). */
  pid: number;
  /** Inode of the network namespace. */
  netns: number;
  mode: 'bridge' | 'host' | 'none' | 'container';
  /** For container:<id> mode, the container whose sandbox is shared. */
  sharedWith: string | null;
  /** Network ids this sandbox has endpoints on, in attach order. */
  networks: string[];
  /** The network whose gateway is the default route, or null. */
  gatewayNetwork: string | null;
  dns: string[];
  dnsSearch: string[];
  dnsOptions: string[];
  /** --add-host entries as "name:ip". */
  extraHosts: string[];
  /** Legacy links as [alias, target container id]. */
  links: Array<[string, string]>;
  hosts: string;
  resolvConf: string;
  hostsPath: string;
  resolvConfPath: string;
}

/** One published port: rules in the host's netns and the docker-proxy that listens. */
export interface PortMapping {
  proto: 'tcp' | 'udp';
  hostIp: string;
  hostPort: number;
  containerIp: string;
  containerPort: number;
  bridge: string;
  /** Host pid of the docker-proxy serving it, or null. */
  proxyPid: number | null;
}

export interface NetworkState {
  /** dockerd's host pid, set when the daemon's networking was set up; null before. */
  daemonPid: number | null;
  networks: Record<string, NetworkRecord>;
  /** Network ids in creation order (the order `GET /networks` answers). */
  order: string[];
  sandboxes: Record<string, SandboxRecord>;
  /** Published ports by container id. */
  published: Record<string, PortMapping[]>;
  /** The port allocator: "tcp/0.0.0.0/8080" → container id. */
  portsInUse: Record<string, string>;
  /** Last ephemeral port handed out per protocol (the allocator continues after it). */
  lastEphemeral: { tcp: number; udp: number };
}

export function createInitialNetworkState(): NetworkState {
  return { daemonPid: null, networks: {}, order: [], sandboxes: {}, published: {}, portsInUse: {}, lastEphemeral: { tcp: 0, udp: 0 } };
}
