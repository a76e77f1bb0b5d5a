/**
 * A few words for one playback step ("clone: new pid namespace",
 * "exec nginx"), for step lists such as the Engine view's.
 */

import type { LoggedEvent } from '../../sim/events.ts';
import { shortPath } from './summary.ts';

export function stepText(e: LoggedEvent): string {
  switch (e.type) {
    case 'process.spawned':
      return `fork: PID ${e.proc.pid} (${e.proc.comm})`;
    case 'process.execed':
      return `exec ${e.argv.join(' ').slice(0, 60) || e.comm} (PID ${e.pid})`;
    case 'process.exited':
      return `PID ${e.pid} exited`;
    case 'process.nsChanged':
      return `PID ${e.pid} switched namespaces`;
    case 'process.capsChanged':
      return `PID ${e.pid} capabilities set`;
    case 'process.credsChanged':
      return `PID ${e.pid} credentials set (uid ${e.cred.euid})`;
    case 'process.cgroupMoved':
      return `PID ${e.pid} moved to ${shortPath(e.to)}`;
    case 'process.containerTagged':
      return `PID ${e.pid} is the container's init`;
    case 'ns.created':
      return `new ${e.ns.type} namespace ${e.ns.type}:[${e.ns.inum}]`;
    case 'ns.hostnameSet':
      return `hostname ${e.hostname}`;
    case 'cgroup.created':
      return `cgroup ${shortPath(e.path)}`;
    case 'cgroup.limitSet':
      return `${e.file} = ${e.value}`;
    case 'fs.mounted':
      return `mount ${e.fstype} on ${shortPath(e.target)}`;
    case 'fs.unmounted':
      return `umount ${shortPath(e.target)}`;
    case 'fs.rootPivoted':
      return 'pivot_root into the container root';
    case 'fs.copiedUp':
      return `copy-up ${e.path}`;
    case 'fs.whiteoutCreated':
      return `whiteout ${e.path}`;
    case 'net.vethCreated':
      return `veth pair ${e.a.ifname} / ${e.b.ifname}`;
    case 'net.linkMoved':
      return `${e.from.ifname} moved into net:[${e.to.netns}] as ${e.to.ifname}`;
    case 'net.addrAdded':
      return `${e.addr.local}/${e.addr.prefixlen} on ${e.ifname}`;
    case 'net.ruleAppended':
    case 'net.ruleInserted':
      return `iptables -t ${e.table} ${e.chain}: ${e.rule.target.kind === 'jump' ? e.rule.target.chain : e.rule.target.kind}`;
    case 'net.packetTraced':
      return `packet ${e.kind} ${e.src} → ${e.dst}`;
    case 'container.created':
      return `container record ${e.container.Name.replace(/^\//, '')}`;
    case 'container.taskCreated':
      return 'runc created the task';
    case 'container.stateChanged':
      return `container ${e.state.Status}`;
    case 'image.pulled':
      return `pulled ${e.ref}`;
    case 'image.layerCreated':
      return `layer ${e.layer.diffId.replace(/^sha256:/, '').slice(0, 12)} unpacked`;
    default:
      return e.type;
  }
}
