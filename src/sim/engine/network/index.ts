/**
 * The engine's network area: libnetwork's bridge driver, IPAM, port
 * publishing, the embedded DNS and the /networks routes. This file only
 * re-exports the public API (see each file's header for what it models).
 */

export type * from './types.ts';
export { createInitialNetworkState } from './types.ts';
export type { NetworkEvent } from './events.ts';
export { applyNetworkEvent, portKey } from './apply.ts';
export { setupDaemonNetworking, DEFAULT_BRIDGE_OPTIONS } from './daemon-net.ts';
export { attachContainer, detachContainer, connectContainer, disconnectContainer, findSandbox, networkSettings, type AttachRequest, type AttachResult } from './attach.ts';
export { endpointSettings, type EndpointConfigIn, type EndpointSettings } from './endpoint.ts';
export { publishPorts, unpublishPorts, publishedPorts, proxyArgv, DOCKER_PROXY, type PortBindingsIn, type PortMap } from './ports.ts';
export { dockerProxyProgram, forwardConnection, parseProxyArgs, type ProxyState } from './docker-proxy.ts';
export { findNetwork, createNetwork, removeNetwork, isUserDefined, isNetError, PREDEFINED, type NetError, type CreateRequest } from './networks.ts';
export { networkJson, parseFilters } from './inspect.ts';
export { networkRoutes } from './routes.ts';
export { generateResolvConf, generateHosts, parseResolvConf, HOSTS_DEFAULT, RESOLV_HEADER } from './etcfiles.ts';
export { renderFiles, dnsRecords, pickGateway, containerDir } from './sandbox.ts';
export { networkSeams, seamAttachContainer, seamIdleNetworkSettings, seamContainerRenamed } from './seams.ts';
