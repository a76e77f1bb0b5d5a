/**
 * Docker inside a VM: the guest gets its own Docker engine (dockerd,
 * containerd, runc) on its own kernel, so a container in a VM is a process of
 * the guest kernel, inside the VMM process of the host: both layers at once.
 *
 * Models: `apt install docker.io` in the guest and systemd starting
 * containerd.service and docker.service: the same engine the host runs
 * (src/sim/engine), attached to the guest kernel and userland.
 * SIMPLIFICATIONS: the engine and its daemons start with the guest's services.
 */

import { isErr } from '../kernel/errno.ts';
import { mkdirCgroup } from '../kernel/cgroup/dir.ts';
import { Engine } from '../engine/engine.ts';
import { daemonPrograms } from '../engine/daemon.ts';
import { ensureRuntime } from '../engine/containers/hooks.ts';
import { dockerProxyProgram } from '../engine/network/index.ts';
import { helloProgram } from '../engine/images/programs/hello.ts';
import { dockerProgram } from '../docker/cli/program.ts';
import type { ProgramDef, ProcWrap } from '../userland/types.ts';
import { kClone, kSetPgid } from '../userland/kapi.ts';
import type { LinuxGuest } from './guest-linux.ts';

/** The programs a guest with Docker needs in its registry (as the host has them). */
export const GUEST_DOCKER_PROGRAMS = [dockerProgram, ...daemonPrograms, dockerProxyProgram, helloProgram] as unknown as ProgramDef<never>[];

const DAEMONS = [
  { comm: 'containerd', exe: '/usr/bin/containerd', argv: ['/usr/bin/containerd'], cgroup: '/system.slice/containerd.service', program: 'containerd' },
  { comm: 'dockerd', exe: '/usr/bin/dockerd', argv: ['/usr/bin/dockerd', '-H', 'fd://', '--containerd=/run/containerd/containerd.sock'], cgroup: '/system.slice/docker.service', program: 'dockerd' },
];

/** Attach an engine to the guest and start its daemons (containerd first: dockerd connects to it). */
export function startGuestDocker(g: LinuxGuest): Engine {
  const k = g.kernel;
  const engine = new Engine(k, g.ul);
  ensureRuntime(engine);
  for (const d of DAEMONS) {
    let cur = '';
    for (const c of d.cgroup.split('/').filter(Boolean)) {
      cur += '/' + c;
      if (!k.state.cgroup.byPath[cur]) mkdirCgroup(k, cur);
    }
    const w: ProcWrap = { fds: { 0: { k: 'null' }, 1: { k: 'null' }, 2: { k: 'null' } }, fl: 'gnu', s: null };
    const pid = kClone(k, 1, { flags: 0, comm: d.comm, argv: d.argv, exe: d.exe, env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8' }, program: { name: d.program, state: w }, cgroup: d.cgroup });
    if (isErr(pid)) continue;
    kSetPgid(k, pid, pid, pid, null);
    g.ul.runMain(pid);
  }
  g.ul.drain();
  return engine;
}

/**
 * An engine for a guest rebuilt from a snapshot (a new kernel object): the
 * caller puts the engine state back. dockerd's API socket is registered again
 * only when dockerd (re)starts: see the report's gaps.
 */
export function restoreGuestEngine(g: LinuxGuest): Engine {
  const engine = new Engine(g.kernel, g.ul);
  ensureRuntime(engine);
  return engine;
}
