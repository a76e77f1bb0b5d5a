import { describe, expect, it } from 'vitest';
import { vmTestHost, type VmTestHost } from '../testkit.ts';
import { GUEST_OSES, bootTotalMs } from '../guest-os.ts';
import { vshTable, meterEnd, formatNumber } from './format.ts';

const BOOT_MS = bootTotalMs(GUEST_OSES['ubuntu22.04']);
const INSTALL = 'virt-install --name web1 --memory 2048 --vcpus 2 --disk size=20 --os-variant ubuntu22.04 --import --noautoconsole';

function installed(): VmTestHost {
  const h = vmTestHost();
  expect(h.run(INSTALL).exitCode).toBe(0);
  return h;
}

describe('vshTable', () => {
  it('pads cells to the widest plus two and rules (width + 3) dashes per column', () => {
    expect(vshTable(['Id', 'Name', 'State'], [])).toBe(' Id   Name   State\n--------------------\n');
    expect(vshTable(['Id', 'Name', 'State'], [['1', 'web-server', 'running'], ['-', 'db', 'shut off']])).toBe(
      ' Id   Name         State\n' + '-----------------------------\n' + ' 1    web-server   running\n' + ' -    db           shut off\n',
    );
  });
});

describe('virt-install', () => {
  it('prints the install steps with the progress meter lines', () => {
    const h = vmTestHost();
    const r = h.run(INSTALL);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      '\nStarting install...\n' +
        "Allocating 'web1.qcow2'" + ' '.repeat(59 - 23) + ' |  20 GB  00:00     \n' +
        'Creating domain...' + ' '.repeat(59 - 18) + ' |         00:00     \n' +
        'Domain creation completed.\n',
    );
    expect(h.hv.status('web1')).toBe('booting');
  });

  it('meter lines are 80 columns wide; sizes are urlgrabber\u2019s 1024-based numbers', () => {
    expect(meterEnd("Allocating 'web1.qcow2'", 20 * 1024 ** 3).length).toBe(81);
    expect(formatNumber(20 * 1024 ** 3)).toBe('20 G');
    expect(formatNumber(5 * 1024 ** 3)).toBe('5.0 G');
    expect(formatNumber(512)).toBe('512 ');
  });

  it('refuses a name in use, an unknown OS and a missing install method, as virt-install words it', () => {
    const h = installed();
    expect(h.run(INSTALL)).toMatchObject({ exitCode: 1, stdout: '', stderr: "ERROR    Guest name 'web1' is already in use.\n" });
    expect(h.run('virt-install --name x --disk size=5 --os-variant plan9 --import').stderr).toBe("ERROR    Unknown OS name 'plan9'. See `osinfo-query os` for valid values.\n");
    expect(h.run('virt-install --name x --disk size=5 --os-variant debian12').stderr).toContain('ERROR    An install method must be specified\n');
    expect(h.run('virt-install --memory 512').stderr).toBe('ERROR    --name is required\n');
    const bad = h.run('virt-install --name x --frobnicate');
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toBe('usage: virt-install --name NAME --memory MB STORAGE INSTALL [options]\nvirt-install: error: unrecognized arguments: --frobnicate\n');
  });

  it('warns when there is no KVM acceleration', () => {
    const h = vmTestHost({ config: { assist: { vtx: false, ept: false } } });
    expect(h.run(INSTALL).stdout.startsWith("WARNING  KVM acceleration not available, using 'qemu'\n\nStarting install...\n")).toBe(true);
  });

  it('warns about the missing graphical console when given neither --graphics none nor --noautoconsole', () => {
    const h = vmTestHost();
    const out = h.run('virt-install --name w --disk size=10 --os-variant debian12 --import').stdout;
    expect(out.startsWith("WARNING  Unable to connect to graphical console: virt-viewer not installed. Please install the 'virt-viewer' package.\nWARNING  No console to launch for the guest, defaulting to --wait -1\n")).toBe(true);
  });
});

describe('virsh', () => {
  it('list --all: running by ID, then shut-off domains by name, with libvirt\u2019s trailing empty line', () => {
    const h = installed();
    h.hv.define({ name: 'db', memoryMiB: 1024, vcpus: 1, diskGB: 10, os: 'debian12' });
    expect(h.run('virsh list --all').stdout).toBe(' Id   Name   State\n' + '-----------------------\n' + ' 1    web1   running\n' + ' -    db     shut off\n' + '\n');
    expect(h.run('virsh list').stdout).toBe(' Id   Name   State\n----------------------\n 1    web1   running\n\n');
    expect(h.run('virsh list --all --name').stdout).toBe('web1\ndb\n\n');
    // -q drops the header, and vshTable then sizes the columns by the rows alone.
    expect(h.run('virsh -q list --all').stdout).toBe(' 1   web1   running\n -   db     shut off\n');
  });

  it('an empty list is the header alone', () => {
    const h = vmTestHost();
    expect(h.run('virsh list --all').stdout).toBe(' Id   Name   State\n--------------------\n\n');
  });

  it('start, suspend, resume, shutdown and destroy report like libvirt', () => {
    const h = installed();
    h.hv.destroy('web1');
    expect(h.run('virsh start web1')).toMatchObject({ exitCode: 0, stdout: "Domain 'web1' started\n\n" });
    expect(h.run('virsh start web1')).toMatchObject({ exitCode: 1, stdout: '\n', stderr: 'error: Domain is already active\n' });
    h.advance(BOOT_MS);
    expect(h.run('virsh suspend web1').stdout).toBe("Domain 'web1' suspended\n\n");
    expect(h.run('virsh list').stdout).toContain(' 2    web1   paused\n');
    expect(h.run('virsh resume web1').stdout).toBe("Domain 'web1' resumed\n\n");
    expect(h.run('virsh shutdown web1').stdout).toBe("Domain 'web1' is being shutdown\n\n");
    expect(h.run('virsh domstate web1').stdout).toBe('running\n\n');
    h.advance(GUEST_OSES['ubuntu22.04'].shutdownMs);
    expect(h.run('virsh domstate web1').stdout).toBe('shut off\n\n');
    expect(h.run('virsh destroy web1')).toMatchObject({
      exitCode: 1,
      stderr: "error: Failed to destroy domain 'web1'\nerror: Requested operation is not valid: domain is not running\n",
    });
  });

  it('names errors for unknown domains and commands', () => {
    const h = installed();
    expect(h.run('virsh start nope')).toMatchObject({ exitCode: 1, stderr: "error: failed to get domain 'nope'\n" });
    expect(h.run('virsh dominfo')).toMatchObject({ exitCode: 1, stderr: "error: command 'dominfo' requires <domain> option\n" });
    expect(h.run('virsh frob').stderr).toBe("error: unknown command: 'frob'\n");
  });

  it('finds a domain by ID or UUID too', () => {
    const h = installed();
    const uuid = h.hv.state.vms.web1?.uuid as string;
    expect(h.run('virsh domstate 1').stdout).toBe('running\n\n');
    expect(h.run(`virsh domstate ${uuid}`).stdout).toBe('running\n\n');
  });

  it('dominfo of a running and of a shut-off domain', () => {
    const h = installed();
    const uuid = h.hv.state.vms.web1?.uuid as string;
    const running = h.run('virsh dominfo web1').stdout;
    expect(running).toBe(
      [
        'Id:             1',
        'Name:           web1',
        `UUID:           ${uuid}`,
        'OS Type:        hvm',
        'State:          running',
        'CPU(s):         2',
        'CPU time:       0.0s',
        'Max memory:     2097152 KiB',
        'Used memory:    2097152 KiB',
        'Persistent:     yes',
        'Autostart:      disable',
        'Managed save:   no',
        'Security model: apparmor',
        'Security DOI:   0',
        `Security label: libvirt-${uuid} (enforcing)`,
        '',
        '',
      ].join('\n'),
    );
    h.advance(10_000);
    expect(h.run('virsh dominfo web1').stdout).toContain('CPU time:       10.0s\n');
    h.hv.destroy('web1');
    const off = h.run('virsh dominfo web1').stdout;
    expect(off).toContain('Id:             -\n');
    expect(off).toContain('State:          shut off\n');
    expect(off).not.toContain('CPU time');
    expect(off).not.toContain('Security label');
  });

  it('managedsave, then undefine refuses until told about the save image; --remove-all-storage deletes the disk', () => {
    const h = installed();
    h.advance(BOOT_MS);
    expect(h.run('virsh managedsave web1').stdout).toBe("\nDomain 'web1' state saved by libvirt\n\n");
    expect(h.run('virsh dominfo web1').stdout).toContain('Managed save:   yes\n');
    expect(h.run('virsh undefine web1').stderr).toBe('error: Refusing to undefine while domain managed save image exists\n');
    expect(h.run('virsh undefine web1 --managed-save --remove-all-storage').stdout).toBe(
      "Domain 'web1' has been undefined\nVolume 'vda'(/var/lib/libvirt/images/web1.qcow2) removed.\n\n",
    );
    expect(h.run('ls /var/lib/libvirt/images /var/lib/libvirt/qemu/save').stdout).toBe('/var/lib/libvirt/images:\n\n/var/lib/libvirt/qemu/save:\n');
    expect(h.run('virsh list --all').stdout).toBe(' Id   Name   State\n--------------------\n\n');
  });

  it('dommemstat: actual (the balloon) and the VMM\u2019s rss; refused for a domain that is not running', () => {
    const h = installed();
    const rss = Math.floor((h.k.proc(h.hv.state.vms.web1?.vmmPid as number)?.rssBytes ?? 0) / 1024);
    expect(rss).toBeGreaterThan(2097152);
    expect(h.run('virsh dommemstat web1').stdout).toBe(`actual 2097152\nrss ${rss}\n\n`);
    h.hv.destroy('web1');
    expect(h.run('virsh dommemstat web1')).toMatchObject({
      exitCode: 1,
      stderr: 'error: Failed to get memory statistics for domain web1\nerror: Requested operation is not valid: domain is not running\n',
    });
  });

  it('net-list shows libvirt\u2019s default network', () => {
    const h = installed();
    expect(h.run('virsh net-list').stdout).toBe(
      ' Name      State    Autostart   Persistent\n' + '--------------------------------------------\n' + ' default   active   yes         yes\n\n',
    );
  });

  it('the VM\u2019s NIC is a tap (kind tun) on virbr0 while it runs, gone when it stops', () => {
    const h = installed();
    expect(h.run('ip link show vnet0').stdout).toMatch(/^\d+: vnet0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master virbr0 state UNKNOWN mode DEFAULT group default qlen 1000\n {4}link\/ether fe:54:00:/);
    const tap = Object.values(h.k.state.net.byNs[h.k.state.ns.initial.net]?.links ?? {}).find((l) => l.name === 'vnet0');
    expect(tap?.tun).toMatchObject({ type: 'tap', vnetHdr: true, attached: true });
    h.hv.destroy('web1');
    expect(h.run('ip link show vnet0').stderr).toBe('Device "vnet0" does not exist.\n');
  });

  it('without libvirtd\u2019s socket, virsh cannot connect', () => {
    const h = installed();
    h.run('rm /run/libvirt/libvirt-sock');
    expect(h.run('virsh list')).toMatchObject({ exitCode: 1, stderr: "error: failed to connect to the hypervisor\nerror: Failed to connect socket to '/var/run/libvirt/libvirt-sock': No such file or directory\n" });
  });

  it('console needs a terminal', () => {
    const h = installed();
    h.advance(BOOT_MS);
    expect(h.run('virsh console web1')).toMatchObject({ exitCode: 1, stderr: 'error: Cannot run interactive console without a controlling TTY\n' });
    h.hv.destroy('web1');
    expect(h.run('virsh console web1').stderr).toBe('error: The domain is not running\n');
  });

  it('console attaches the terminal to the guest\u2019s shell until ^]', () => {
    const h = installed();
    h.advance(BOOT_MS);
    const t = h.terminal();
    let out = '';
    t.onData((d) => (out += d));
    t.input('virsh console web1\r');
    expect(out).toContain("Connected to domain 'web1'\r\nEscape character is ^] (Ctrl + ])\r\nroot@web1:~# ");
    out = '';
    t.input('hostname; uname -r\r');
    expect(out).toBe('hostname; uname -r\r\nweb1\r\n5.15.0-105-generic\r\nroot@web1:~# ');
    out = '';
    t.input('\x1d');
    t.input('hostname\r');
    expect(out).toContain('docker-host');
    expect(h.ul.tty('pts/0').raw).toBe(false);
  });

  it('virt-install --graphics none runs virsh console on the terminal', () => {
    const h = vmTestHost();
    const t = h.terminal();
    let out = '';
    t.onData((d) => (out += d));
    t.input('virt-install --name c1 --memory 1024 --disk size=8 --os-variant debian12 --import --graphics none\r');
    expect(out).toContain("Running text console command: virsh --connect qemu:///system console c1\r\nConnected to domain 'c1'\r\n");
    h.advance(bootTotalMs(GUEST_OSES.debian12));
    out = '';
    t.input('\r');
    expect(out).toContain('root@c1:~# ');
    t.input('\x1d');
    expect(out).toContain('Domain creation completed.');
  });
});
