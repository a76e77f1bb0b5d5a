import { describe, expect, it } from 'vitest';
import { createHost } from '../../sim/host/host.ts';
import { EngineRunTracker, engineSteps } from './engine-steps.ts';

describe('engineSteps', () => {
  it('reads docker run, pull included, step by step from the log, in event order', () => {
    const host = createHost({ seed: 1 });
    const tracker = new EngineRunTracker();
    expect(tracker.latest(host.log)).toBeNull();
    host.run('docker run -d --name web -p 8080:80 nginx');
    const run = tracker.latest(host.log);
    expect(run?.command).toBe('docker run -d --name web -p 8080:80 nginx');
    const steps = run!.steps;
    const calls = steps.map((s) => `${s.lane}: ${s.call}`);
    const at = (re: RegExp) => {
      const i = calls.findIndex((c) => re.test(c));
      expect(i, `no step matches ${re}:\n${calls.join('\n')}`).toBeGreaterThanOrEqual(0);
      return i;
    };
    const order = [
      at(/^cli: docker run -d --name web -p 8080:80 nginx$/),
      at(/^api: POST \/v1\.50\/containers\/create\?name=web$/),
      at(/^api: POST \/v1\.50\/images\/create\?fromImage=nginx&tag=latest$/),
      at(/^dockerd: container [0-9a-f]{12} \/web$/),
      at(/^api: POST \/v1\.50\/containers\/[0-9a-f]{12}\/start$/),
      at(/^kernel: mount -t overlay/),
      at(/^containerd: \/usr\/bin\/containerd-shim-runc-v2 -namespace moby -id [0-9a-f]{12}… /),
      at(/^shim: containerd-shim-runc-v2 \(PID \d+\)$/),
      at(/^runc: \/usr\/bin\/runc .*create --bundle/),
      at(/^kernel: mkdir \/sys\/fs\/cgroup\/system\.slice\/docker-[0-9a-f]{12}…\.scope$/),
      at(/^kernel: clone\(CLONE_NEWNS \| CLONE_NEWUTS \| CLONE_NEWIPC \| CLONE_NEWPID \| CLONE_NEWCGROUP \| CLONE_NEWNET\)$/),
      at(/^kernel: ip link add veth\w+ type veth peer name veth\w+$/),
      at(/^kernel: ip link set veth\w+ netns net:\[\d+\] name eth0$/),
      at(/^dockerd: iptables -t nat/),
      at(/^kernel: pivot_root\(/),
      at(/^kernel: sethostname\("[0-9a-f]{12}"\)$/),
      at(/^kernel: capset/),
      at(/^runc: runc create: done$/),
      at(/^runc: runc start$/),
      at(/^container: execve\(\/bin\/sh \/docker-entrypoint\.sh nginx -g 'daemon off;'\)$/),
      at(/^container: execve\(nginx -g 'daemon off;'\)$/),
    ];
    // The first 404 on create comes before the pull; the order of everything else is the order of events.
    expect(order.slice(2)).toEqual([...order.slice(2)].sort((a, b) => a - b));
    expect(steps.map((s) => s.seq)).toEqual([...steps.map((s) => s.seq)].sort((a, b) => a - b));
    const clone = steps.find((s) => s.call.startsWith('clone('))!;
    expect(clone.text).toMatch(/PID 1 in its new PID namespace/);
    expect(steps.find((s) => s.call.startsWith('ip link set'))!.text).toMatch(/172\.17\.0\.2\/16 and a default route via 172\.17\.0\.1/);
    expect(steps.find((s) => s.call.startsWith('capset'))!.text).toMatch(/keeps 14 of 41/);
  });

  it('shows the cgroup limits of -m and no pull when the image is there; follows the latest run', () => {
    const host = createHost({ seed: 2 });
    host.run('docker pull redis');
    const tracker = new EngineRunTracker();
    host.run('docker run -d --name cache -m 64m redis');
    const steps = tracker.latest(host.log)!.steps;
    expect(steps.some((s) => s.call.includes('images/create'))).toBe(false);
    expect(steps.find((s) => s.call.includes('memory.max'))?.text).toContain('memory.max = 67108864');
    host.run('echo unrelated');
    expect(tracker.latest(host.log)!.command).toBe('docker run -d --name cache -m 64m redis');
    host.run('docker create --name c2 redis');
    const create = tracker.latest(host.log)!;
    expect(create.command).toBe('docker create --name c2 redis');
    expect(create.steps.some((s) => s.call.startsWith('clone('))).toBe(false);
    host.run('docker start c2');
    const start = tracker.latest(host.log)!.steps.map((s) => s.call);
    expect(start.some((c) => /^POST \/v1\.50\/containers\/\{id\}\/start$|\/start$/.test(c))).toBe(true);
    expect(start.some((c) => c.startsWith('clone('))).toBe(true);
  });

  it('is null for anything but docker run/create/start', () => {
    const host = createHost({ seed: 3 });
    const r = host.run('docker ps');
    const ex = r.events.find((e) => e.type === 'process.execed' && e.comm === 'docker')!;
    expect(engineSteps(r.events.slice(r.events.indexOf(ex)))).toBeNull();
    expect(new EngineRunTracker().latest(host.log)).toBeNull();
  });
});
