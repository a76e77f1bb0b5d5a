/**
 * What a `docker run` (or `docker create`, `docker start`) did, step by step,
 * read off the host's event log: the CLI, its Engine API requests, dockerd,
 * the image pull, containerd and its shim, runc, the kernel calls (cgroup,
 * clone with namespace flags, veth pair, mounts and pivot_root, hostname,
 * capabilities) and the container's process starting. The Engine view shows
 * these steps and reveals each one as the playback cursor reaches its event.
 *
 * Every step names the event it is read from (`seq`). The Engine API requests
 * are not events of their own in the core: they are inferred from the engine
 * events each request causes (a pull after a 404 on create, the container
 * record, the waiter, the rootfs mount that starts a start), with the paths
 * and API version the simulated CLI uses (moby's client).
 */

import type { LoggedEvent } from '../../sim/events.ts';
import { API_VERSION } from '../../sim/docker/cli/api/client.ts';
import { CAPABILITIES, namesOf } from '../../sim/kernel/caps/caps.ts';
import { shortId } from '../layout/format.ts';

export type Lane = 'cli' | 'api' | 'dockerd' | 'containerd' | 'shim' | 'runc' | 'kernel' | 'container';

export const LANES: ReadonlyArray<{ id: Lane; title: string; what: string }> = [
  { id: 'cli', title: 'docker CLI', what: 'parses the command line' },
  { id: 'api', title: 'Engine API', what: 'HTTP requests on /var/run/docker.sock' },
  { id: 'dockerd', title: 'dockerd', what: 'images, container records, networking' },
  { id: 'containerd', title: 'containerd', what: 'starts a shim per container' },
  { id: 'shim', title: 'containerd-shim', what: "holds the container's process" },
  { id: 'runc', title: 'runc', what: 'builds the container from the OCI spec' },
  { id: 'kernel', title: 'kernel', what: 'namespaces, cgroups, mounts, veth, capabilities' },
  { id: 'container', title: 'container process', what: "the image's command as PID 1" },
];

export interface EngineStep {
  /** Sequence number of the event the step is read from: the playback reaches the step there. */
  seq: number;
  lane: Lane;
  /** What was called, as it would be typed or traced ("POST /v1.50/containers/create?name=web"). */
  call: string;
  /** What it did, in a sentence. */
  text: string;
}

export interface EngineRun {
  /** The command line as typed ("docker run -d nginx"). */
  command: string;
  cliPid: number;
  steps: EngineStep[];
}

type Ev<T extends LoggedEvent['type']> = Extract<LoggedEvent, { type: T }>;

const ENGINE_COMMANDS = new Set(['run', 'create', 'start']);

const CLONE_FLAG: Record<string, string> = {
  mnt: 'CLONE_NEWNS',
  uts: 'CLONE_NEWUTS',
  ipc: 'CLONE_NEWIPC',
  pid: 'CLONE_NEWPID',
  net: 'CLONE_NEWNET',
  cgroup: 'CLONE_NEWCGROUP',
  user: 'CLONE_NEWUSER',
  time: 'CLONE_NEWTIME',
};

/** The docker subcommand of an exec'd docker CLI, if it is one whose steps this module reads. */
export function engineCommand(e: LoggedEvent): string | null {
  if (e.type !== 'process.execed' || e.comm !== 'docker') return null;
  const sub = e.argv[1] === 'container' ? e.argv[2] : e.argv[1];
  return sub && ENGINE_COMMANDS.has(sub) ? sub : null;
}

function flagValue(argv: readonly string[], flag: string): string | null {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === flag) return argv[i + 1] ?? null;
    if (a.startsWith(`${flag}=`)) return a.slice(flag.length + 1);
  }
  return null;
}

/** "nginx:latest" -> fromImage=nginx&tag=latest (the query `docker pull` sends). */
function pullQuery(ref: string): string {
  const at = ref.indexOf('@');
  if (at >= 0) return `fromImage=${encodeURIComponent(ref.slice(0, at))}&tag=${encodeURIComponent(ref.slice(at + 1))}`;
  const colon = ref.lastIndexOf(':');
  if (colon > ref.lastIndexOf('/')) return `fromImage=${encodeURIComponent(ref.slice(0, colon))}&tag=${encodeURIComponent(ref.slice(colon + 1))}`;
  return `fromImage=${encodeURIComponent(ref)}&tag=latest`;
}

/** A command line as a shell would show it; 64-hex IDs shortened to 12 (as docker ps does). */
function quoteArgv(argv: readonly string[]): string {
  return argv
    .map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`))
    .join(' ')
    .replace(/\b([0-9a-f]{12})[0-9a-f]{52}\b/g, '$1…');
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Facts gathered in one pass before the steps are written (some steps need what comes after them). */
interface Facts {
  nsByCreator: Map<number, Ev<'ns.created'>[]>;
  childOf: Map<number, Ev<'process.spawned'>>;
  limits: Map<string, Ev<'cgroup.limitSet'>[]>;
  layers: number;
  pulledRef: string | null;
  task: Ev<'container.taskCreated'> | null;
  lastCaps: Map<number, Ev<'process.capsChanged'>>;
  addr: Map<string, Ev<'net.addrAdded'>>;
  routes: Map<number, Ev<'net.routeAdded'>>;
  mountsByNs: Map<number, Ev<'fs.mounted'>[]>;
  ports: Ev<'network.portsPublished'> | null;
  initExecs: Ev<'process.execed'>[];
}

function gather(events: readonly LoggedEvent[]): Facts {
  const f: Facts = {
    nsByCreator: new Map(),
    childOf: new Map(),
    limits: new Map(),
    layers: 0,
    pulledRef: null,
    task: null,
    lastCaps: new Map(),
    addr: new Map(),
    routes: new Map(),
    mountsByNs: new Map(),
    ports: null,
    initExecs: [],
  };
  const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => {
    const list = m.get(k);
    if (list) list.push(v);
    else m.set(k, [v]);
  };
  for (const e of events) {
    switch (e.type) {
      case 'ns.created':
        push(f.nsByCreator, e.ns.creator, e);
        break;
      case 'process.spawned':
        if (!f.childOf.has(e.proc.ppid)) f.childOf.set(e.proc.ppid, e);
        break;
      case 'cgroup.limitSet':
        push(f.limits, e.path, e);
        break;
      case 'image.layerCreated':
        f.layers++;
        break;
      case 'image.pulled':
        f.pulledRef ??= e.ref;
        break;
      case 'container.taskCreated':
        f.task ??= e;
        break;
      case 'process.capsChanged':
        f.lastCaps.set(e.pid, e);
        break;
      case 'net.addrAdded':
        if (!f.addr.has(`${e.netns}:${e.ifindex}`)) f.addr.set(`${e.netns}:${e.ifindex}`, e);
        break;
      case 'net.routeAdded':
        if (!f.routes.has(e.netns)) f.routes.set(e.netns, e);
        break;
      case 'fs.mounted':
        push(f.mountsByNs, e.ns, e);
        break;
      case 'network.portsPublished':
        f.ports ??= e;
        break;
      default:
        break;
    }
  }
  const initPid = f.task?.task.initPid;
  if (initPid !== undefined) for (const e of events) if (e.type === 'process.execed' && e.pid === initPid) f.initExecs.push(e);
  return f;
}

/**
 * The steps of one docker CLI invocation. `events` starts with the CLI's
 * `process.execed` (see EngineRunTracker) and runs to its exit or the end of
 * the log. Returns null when `events[0]` is not a docker run/create/start.
 */
export function engineSteps(events: readonly LoggedEvent[]): EngineRun | null {
  const ex = events[0];
  if (!ex || ex.type !== 'process.execed') return null;
  const sub = engineCommand(ex);
  if (!sub) return null;
  const argv = ex.argv;
  const V = `/v${API_VERSION}`;
  const f = gather(events);
  const steps: EngineStep[] = [];
  const step = (seq: number, lane: Lane, call: string, text: string) => steps.push({ seq, lane, call, text });

  step(ex.seq, 'cli', quoteArgv(argv), 'The docker CLI parses the flags and arguments, then sends Engine API requests (HTTP) to dockerd over the unix socket /var/run/docker.sock.');

  const name = flagValue(argv, '--name');
  const createPath = `POST ${V}/containers/create${name ? `?name=${encodeURIComponent(name)}` : ''}`;
  let id = '';
  let pullShown = false;
  let createShown = false;
  let startShown = false;
  let shimStarter = -1;
  let runcPid = -1;
  let cloneShown = false;
  let containerMnt = -1;
  let containerUts = -1;
  let containerNet = -1;
  let mountsShown = false;
  let capsShown = false;
  let natShown = false;
  let runningShown = false;
  const initPid = f.task?.task.initPid ?? -1;
  const idPath = () => (id ? shortId(id) : '{id}');

  const showPull = (seq: number) => {
    if (pullShown || !f.pulledRef) return;
    pullShown = true;
    if (sub !== 'start') step(seq, 'api', createPath, `404 Not Found: "No such image: ${f.pulledRef}". The CLI prints "Unable to find image '${f.pulledRef}' locally" and asks dockerd to pull it.`);
    step(seq, 'api', `POST ${V}/images/create?${pullQuery(f.pulledRef)}`, 'The pull request: dockerd answers with a stream of progress lines, the ones the terminal shows.');
    step(seq, 'dockerd', `pull ${f.pulledRef}`, `dockerd fetches the image's manifest and config from the registry, then downloads and unpacks ${plural(f.layers, 'layer')} into /var/lib/docker/overlay2, one directory per layer.`);
  };
  const showStart = (seq: number) => {
    if (startShown) return;
    startShown = true;
    step(seq, 'api', `POST ${V}/containers/${idPath()}/start`, '204 No Content when it is done: dockerd mounts the root filesystem and asks containerd to create and start the task.');
  };

  for (const e of events) {
    switch (e.type) {
      case 'image.layerCreated':
        showPull(e.seq);
        break;
      case 'image.pulled':
        showPull(e.seq);
        step(e.seq, 'dockerd', `image ${shortId(e.id.replace(/^sha256:/, ''))}`, `${e.ref} is now a local image: its layers are shared by every container made from it.`);
        break;
      case 'image.rwLayerCreated':
        if (!createShown) {
          createShown = true;
          step(e.seq, 'api', createPath, 'The create request: the container configuration (image, command, environment, limits, ports) as JSON.');
        }
        step(e.seq, 'dockerd', 'overlay2: new writable layer', "dockerd makes the container's own writable layer (upperdir) on top of the image's layers (lowerdirs).");
        break;
      case 'container.created': {
        id = e.container.Id;
        if (!createShown) {
          createShown = true;
          step(e.seq, 'api', createPath, 'The create request: the container configuration as JSON.');
        }
        step(e.seq, 'dockerd', `container ${shortId(id)} ${e.container.Name}`, `201 Created: dockerd stores the container's record (config.v2.json, hostconfig.json) under /var/lib/docker/containers/${shortId(id)}…; the CLI gets its ID.`);
        break;
      }
      case 'container.waiterAdded':
        if (sub === 'run' && !startShown) step(e.seq, 'api', `POST ${V}/containers/${idPath()}/wait?condition=${e.condition}`, 'Before starting it, the CLI asks to be told when the container exits (the answer comes much later).');
        break;
      case 'container.attached':
        if (!startShown) step(e.seq, 'api', `POST ${V}/containers/${idPath()}/attach?stream=1&stdout=1&stderr=1`, "The CLI attaches to the container's output (and input with -i) before starting it, so nothing printed is lost.");
        break;
      case 'fs.superblockCreated':
        if (e.sb.fstype === 'overlay' && runcPid < 0) {
          showStart(e.seq);
          const lower = /lowerdir=([^,]*)/.exec(e.sb.options)?.[1]?.split(':').length ?? 0;
          step(e.seq, 'kernel', 'mount -t overlay overlay -o lowerdir=…,upperdir=…,workdir=… …/merged', `dockerd mounts the container's root filesystem: ${plural(lower, 'read-only image layer')} (lowerdir) under its writable layer (upperdir), merged into one tree.`);
        }
        break;
      case 'process.spawned': {
        const p = e.proc;
        if (p.comm === 'containerd-shim' && shimStarter < 0) {
          showStart(e.seq);
          shimStarter = p.pid;
          step(e.seq, 'containerd', quoteArgv(p.argv), `containerd starts the shim for this container (PID ${p.pid}).`);
        } else if (p.comm === 'containerd-shim' && p.ppid === shimStarter) {
          step(e.seq, 'shim', `containerd-shim-runc-v2 (PID ${p.pid})`, `The shim forks into the background and becomes the subreaper of the container's processes (PR_SET_CHILD_SUBREAPER); it stays for the container's whole life, so containerd and dockerd can restart without killing it.`);
        } else if (p.comm === 'runc' && runcPid < 0) {
          runcPid = p.pid;
          step(e.seq, 'runc', quoteArgv(p.argv), `The shim runs runc (PID ${p.pid}), which reads config.json, the OCI runtime spec dockerd wrote, and builds the container from it.`);
        } else if (p.ppid === runcPid && !cloneShown) {
          cloneShown = true;
          const made = f.nsByCreator.get(runcPid) ?? [];
          const flags = made.map((n) => CLONE_FLAG[n.ns.type] ?? n.ns.type);
          const inner = p.nspids[p.nspids.length - 1];
          step(
            made[0]?.seq ?? e.seq,
            'kernel',
            `clone(${flags.join(' | ') || 'SIGCHLD'})`,
            `runc's child (host PID ${p.pid}${p.nspids.length > 1 ? `, PID ${inner} in its new PID namespace` : ''}) starts in ${plural(made.length, 'new namespace')}: ${made.map((n) => `${n.ns.type}:[${n.ns.inum}]`).join(', ')}.`,
          );
          for (const n of made) {
            if (n.ns.type === 'mnt') containerMnt = n.ns.inum;
            if (n.ns.type === 'uts') containerUts = n.ns.inum;
            if (n.ns.type === 'net') containerNet = n.ns.inum;
          }
        }
        break;
      }
      case 'cgroup.created': {
        if (shimStarter < 0) break;
        step(e.seq, 'kernel', `mkdir /sys/fs/cgroup${e.path.replace(/\b([0-9a-f]{12})[0-9a-f]{52}\b/g, '$1…')}`, "runc makes the container's cgroup; every process of the container is counted and limited here.");
        const lim = f.limits.get(e.path) ?? [];
        if (lim.length > 0) step(lim[0]!.seq, 'kernel', lim.map((l) => `echo ${l.value} > ${l.file}`).join('; '), `The limits from the command line, written into the cgroup's files: ${lim.map((l) => `${l.file} = ${l.value}`).join(', ')}.`);
        break;
      }
      case 'net.vethCreated':
        if (containerNet < 0) break;
        step(e.seq, 'kernel', `ip link add ${e.a.ifname} type veth peer name ${e.b.ifname}`, `dockerd (libnetwork) makes a veth pair, a virtual cable; ${e.a.ifname} stays on the host and is plugged into the bridge (docker0 for the default network).`);
        break;
      case 'net.linkMoved': {
        if (e.to.netns !== containerNet) break;
        const a = f.addr.get(`${e.to.netns}:${e.to.ifindex}`);
        const r = f.routes.get(e.to.netns);
        step(
          e.seq,
          'kernel',
          `ip link set ${e.from.ifname} netns net:[${e.to.netns}] name ${e.to.ifname}`,
          `The other end moves into the container's network namespace as ${e.to.ifname}${a ? `, with address ${a.addr.local}/${a.addr.prefixlen}` : ''}${r?.route.via ? ` and a default route via ${r.route.via}` : ''}.`,
        );
        break;
      }
      case 'net.ruleAppended':
      case 'net.ruleInserted':
        if (natShown || e.table !== 'nat' || e.rule.target.kind !== 'DNAT' || !f.ports) break;
        natShown = true;
        step(
          e.seq,
          'dockerd',
          `iptables -t nat -A DOCKER … -j DNAT`,
          `Published ports: ${f.ports.mappings.map((m) => `${m.hostIp}:${m.hostPort}/${m.proto} → ${m.containerIp}:${m.containerPort}`).join(', ')}, by a DNAT rule in the nat table (and docker-proxy for connections from the host itself).`,
        );
        break;
      case 'fs.mounted':
        if (mountsShown || e.ns !== containerMnt) break;
        if (e.fstype === 'overlay') break;
        {
          mountsShown = true;
          const kinds = [...new Set((f.mountsByNs.get(containerMnt) ?? []).map((m) => m.fstype).filter((t) => t !== 'overlay'))];
          step(e.seq, 'kernel', `mount ${kinds.join(', ')}`, `In the new mount namespace, runc mounts what a Linux system expects: ${kinds.join(', ')} (/proc for the new PID namespace, /dev, /sys, /sys/fs/cgroup, ...).`);
        }
        break;
      case 'fs.rootPivoted':
        if (e.ns !== containerMnt) break;
        step(e.seq, 'kernel', `pivot_root("${e.newRootPath}", …)`, "The overlay's merged tree becomes the container's /; the host's root is unmounted from it (umount2 MNT_DETACH), so the host's files are out of reach.");
        break;
      case 'ns.hostnameSet':
        if (e.inum !== containerUts) break;
        step(e.seq, 'kernel', `sethostname("${e.hostname}")`, 'In its own UTS namespace the container gets its own hostname (the short container ID by default).');
        break;
      case 'process.capsChanged': {
        if (capsShown || e.pid !== initPid) break;
        capsShown = true;
        const last = f.lastCaps.get(e.pid) ?? e;
        const keep = namesOf(last.caps.bounding);
        const dropsAdmin = !keep.includes('CAP_SYS_ADMIN');
        step(
          e.seq,
          'kernel',
          `capset(…); prctl(PR_CAPBSET_DROP, …)`,
          `Capabilities: the container's root keeps ${keep.length} of ${CAPABILITIES.length} (${keep.slice(0, 4).join(', ')}${keep.length > 4 ? ', …' : ''})${dropsAdmin ? '; CAP_SYS_ADMIN, CAP_NET_ADMIN and the rest are dropped, so root inside is not root of the host' : ''}.`,
        );
        break;
      }
      case 'container.taskCreated':
        step(e.seq, 'runc', 'runc create: done', `The container's init (host PID ${e.task.initPid}) waits in its namespaces for the start; runc has exited, the shim (PID ${e.task.shimPid}) is its parent.`);
        break;
      case 'container.stateChanged':
        if (runningShown || e.state.Status !== 'running') break;
        runningShown = true;
        step(e.seq, 'runc', 'runc start', 'The init is told to go on; dockerd marks the container running.');
        break;
      default:
        break;
    }
  }

  const first = f.initExecs[0];
  if (first) {
    const inner = initPid;
    steps.push({ seq: first.seq, lane: 'container', call: `execve(${quoteArgv(first.argv)})`, text: `The image's command runs as PID 1 of the container's PID namespace (host PID ${inner}).` });
    const next = f.initExecs.find((x) => x.comm !== first.comm);
    if (next) {
      steps.push({ seq: next.seq, lane: 'container', call: `execve(${quoteArgv(next.argv)})`, text: `The entrypoint script hands over: ${next.comm} replaces it, still PID 1, and runs until the container stops.` });
    }
  }
  steps.sort((a, b) => a.seq - b.seq);
  return { command: quoteArgv(argv), cliPid: ex.pid, steps };
}

/** How many events after the CLI's exec a run may span (an interactive `docker run -it` never ends). */
const MAX_WINDOW = 20_000;

/** The host's event log as readers see it (positions count every event since boot; an array fits too). */
export interface LogReader {
  readonly length: number;
  slice(start?: number, end?: number): LoggedEvent[];
}

/**
 * Finds the latest docker run/create/start in a host's log, reading only
 * what was appended since the last call (the log grows by thousands of
 * events; the view asks after every command). One per view instance.
 */
export class EngineRunTracker {
  private log: LogReader | null = null;
  /** Log position read up to. */
  private scanned = 0;
  /** Position of the latest run's CLI exec, its pid, and the position after its exit (-1: still running). */
  private start = -1;
  private cliPid = -1;
  private end = -1;
  private cached: EngineRun | null = null;
  private cachedKey = '';

  /** The latest run's steps, recomputed only when its events changed. */
  latest(log: LogReader): EngineRun | null {
    if (log !== this.log || log.length < this.scanned) {
      this.log = log;
      this.scanned = 0;
      this.start = -1;
      this.end = -1;
      this.cachedKey = '';
    }
    const fresh = log.slice(this.scanned);
    const base = log.length - fresh.length;
    fresh.forEach((e, i) => {
      if (engineCommand(e)) {
        this.start = base + i;
        this.cliPid = (e as Ev<'process.execed'>).pid;
        this.end = -1;
      } else if (this.start >= 0 && this.end < 0 && e.type === 'process.exited' && e.pid === this.cliPid) {
        this.end = base + i + 1;
      }
    });
    this.scanned = log.length;
    if (this.start < 0) return null;
    const stop = Math.min(this.end >= 0 ? this.end : log.length, this.start + MAX_WINDOW);
    const key = `${this.start}:${stop}`;
    if (key !== this.cachedKey) {
      this.cached = engineSteps(log.slice(this.start, stop));
      this.cachedKey = key;
    }
    return this.cached;
  }
}
