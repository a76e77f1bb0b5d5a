/**
 * Which events the playback shows as steps, how long each step lasts at 1x,
 * and which objects an event brings into existence (so a view can hold them
 * back until the cursor reaches that event).
 *
 * Bookkeeping events (a process waiting, its program state, memory and CPU
 * accounting, time passing) change numbers the views read live; they are not
 * steps of their own.
 */

import type { LoggedEvent } from '../../sim/events.ts';

const QUIET = new Set<string>([
  'clock.advanced',
  'process.waitChanged',
  'process.programStateChanged',
  'process.memoryChanged',
  'process.cpuDemandChanged',
  'process.cpuCharged',
  'process.dispositionChanged',
  'process.pgidChanged',
  'process.envChanged',
  'process.cwdChanged',
  'process.reaped',
  'process.renamed',
  'process.prctlSet',
  'ns.held',
  'cgroup.cpuAccounted',
  'cgroup.memoryEventCounted',
  'fs.attrChanged',
  'fs.linked',
  'fs.renamed',
  'fs.treeCreated',
  'fs.superblockCreated',
  'fs.propagationChanged',
  'fs.mountFlagsChanged',
  'net.countersZeroed',
  'net.socketClosed',
  'net.dnsServerRegistered',
  'net.dnsServerUnregistered',
  'net.sysctlSet',
  'container.logged',
  'container.attached',
  'container.attachmentsClosed',
  'container.stdinChanged',
  'container.waiterAdded',
  'container.waitersAnswered',
  'container.runtimeChanged',
  'container.pathsSet',
  'image.buildCacheUsed',
  'image.buildUpdated',
  'image.digestAdded',
  'image.pullStarted',
  'image.pullAdvanced',
  'image.pullEnded',
  'container.networkSettingsChanged',
  'container.mountsChanged',
  'network.sandboxUpdated',
  'system.eventRecorded',
  'volume.referenced',
]);

/** Is this event a step of its own in the playback? */
export function isSignificant(e: LoggedEvent): boolean {
  if (QUIET.has(e.type)) return false;
  // Plain file writes and creations are steps only inside an overlay (copy-up territory).
  if (e.type === 'fs.created' || e.type === 'fs.fileWritten' || e.type === 'fs.removed') return e.overlay !== undefined;
  if (e.type === 'process.signalled') return e.action !== 'ignore' && e.action !== 'handle';
  return true;
}

/** Base duration of a step at 1x, ms. A packet takes longer: it travels. */
export function baseDurationMs(e: LoggedEvent): number {
  switch (e.type) {
    case 'net.packetTraced':
      return 500 + 220 * e.hops.length;
    case 'cgroup.oomKilled':
      return 1200;
    case 'fs.copiedUp':
    case 'fs.whiteoutCreated':
      return 700;
    default:
      return 320;
  }
}

/**
 * Keys of the objects an event creates: "p:<pid>", "ns:<inum>", "cg:<path>",
 * "if:<netns>:<ifindex>", "m:<mount id>", "c:<container id>".
 */
export function createdKeys(e: LoggedEvent): string[] {
  switch (e.type) {
    case 'process.spawned':
      return [`p:${e.proc.pid}`];
    case 'ns.created':
      return [`ns:${e.ns.inum}`];
    case 'cgroup.created':
      return [`cg:${e.path}`];
    case 'net.linkCreated':
      return [`if:${e.netns}:${e.link.ifindex}`];
    case 'net.vethCreated':
      return [`if:${e.a.netns}:${e.a.ifindex}`, `if:${e.b.netns}:${e.b.ifindex}`];
    case 'net.linkMoved':
      return [`if:${e.to.netns}:${e.to.ifindex}`];
    case 'fs.mounted':
      return [`m:${e.mountId}`];
    case 'container.created':
      return [`c:${e.container.Id}`];
    default:
      return [];
  }
}

/** The process an event is about, if any (for highlights). */
export function pidOf(e: LoggedEvent): number | null {
  if (e.type === 'process.spawned') return e.proc.pid;
  if (e.type.startsWith('process.') && 'pid' in e && typeof e.pid === 'number') return e.pid;
  if (e.type === 'cgroup.oomKilled') return e.pid;
  return null;
}
