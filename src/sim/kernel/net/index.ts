/**
 * The network stack of the simulated kernel: network namespaces, links, addresses,
 * routes, sysctls, iptables, sockets, the packet path and DNS (see types.ts for the model).
 * This file only re-exports the module's public API.
 */

export type * from './types.ts';
export { BUILTIN_CHAINS, IPT_TABLES, NETNS_SYSCTL_DEFAULTS, FIRST_SOCKET_INODE, createInitialNetState } from './types.ts';
export type { NetEvent, Hop, LinkRef, RuleHit } from './events.ts';
export { applyNetEvent } from './apply.ts';
export { installNet, destroyPeersOf } from './install.ts';
export { linkAdd, linkSet, linkDel, validIfname, type LinkAddOpts, type LinkAddResult, type LinkSetOpts } from './link.ts';
export { tunCreate, tunClose, qdiscReplace, type TunCreateOpts } from './tun.ts';
export { addrAdd, addrDel, type AddrAddOpts } from './addr.ts';
export { routeAdd, routeDel, routeLookup, decideRoute, selectSource, type RouteSpec, type RouteDecision } from './route.ts';
export { sysctlSet, sysctlGet, sysctlAll, canonicalSysctl } from './sysctl.ts';
export { iptables, isIptTable, type IptCommand, type IptResult } from './iptables/ops.ts';
export { parseRuleSpec, IPTABLES_VERSION, type IptError } from './iptables/parse.ts';
export { listen, closeSocket, closeSocketsOf, sockets } from './socket.ts';
export { connect, ping, canPing, icmpSocket, traceFlow, type ConnectOk, type PingOk, type Listener } from './connect.ts';
export { trace, type Trace, type Flow, type Endpoint } from './datapath.ts';
export { resolveName, registerDnsServer, unregisterDnsServer, lookupHostsFile, internetLookup, type ResolveResult } from './dns.ts';
export { netAdminCheck, nsCapable } from './perm.ts';
export { findLink, linksInOrder, isLocalAddr, operstate, hasCarrier } from './netns.ts';
export { SLIRP, defaultInternet } from './internet.ts';
export { ipAddrShow, ipLinkShow, ipRouteShow, ipRouteGet } from './render/ip.ts';
export { iptablesList, iptablesListRules, iptablesSave } from './render/iptables.ts';
