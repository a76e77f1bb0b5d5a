import { describe, expect, it } from 'vitest';
import { createHost } from '../../host/host.ts';
import { capText } from './capsh.ts';
import { CAP_FULL, maskOf } from '../../kernel/caps/caps.ts';

describe('cap_to_text (as libcap 2.66 prints it; checked against the real capsh)', () => {
  it('groups capabilities around the most common flag combination', () => {
    expect(capText({ effective: CAP_FULL, permitted: CAP_FULL, inheritable: 0 })).toBe('=ep');
    const noRes = CAP_FULL - 2 ** 24; // all but cap_sys_resource, as this machine's own shell has them
    expect(capText({ effective: noRes, permitted: noRes, inheritable: 0 })).toBe('=ep cap_sys_resource-ep');
    expect(capText({ effective: 0, permitted: 0, inheritable: 0 })).toBe('=');
    const docker = maskOf(['CAP_CHOWN', 'CAP_KILL']);
    expect(capText({ effective: docker, permitted: docker, inheritable: 0 })).toBe('cap_chown,cap_kill=ep');
  });
});

describe('capsh and getpcaps', () => {
  it('decode the hex masks of /proc/PID/status', () => {
    const h = createHost({ seed: 6 });
    expect(h.run('capsh --decode=00000000a80425fb').stdout).toBe(
      '0x00000000a80425fb=cap_chown,cap_dac_override,cap_fowner,cap_fsetid,cap_kill,cap_setgid,cap_setuid,cap_setpcap,cap_net_bind_service,cap_net_raw,cap_sys_chroot,cap_mknod,cap_audit_write,cap_setfcap\n',
    );
  });
  it('print a root shell, a user and a process by PID', () => {
    const h = createHost({ seed: 6 });
    const out = h.run('capsh --print').stdout;
    expect(out.startsWith('Current: =ep\nBounding set =cap_chown,cap_dac_override,')).toBe(true);
    expect(out).toContain("Ambient set =\nCurrent IAB: \nSecurebits: 00/0x0/1'b0 (no-new-privs=0)\n secure-noroot: no (unlocked)\n");
    expect(out.endsWith('uid=0(root) euid=0(root)\ngid=0(root)\ngroups=0(root)\nGuessed mode: HYBRID (4)\n')).toBe(true);
    expect(h.run("su learner -c 'capsh --current'").stdout).toBe('Current: =\nCurrent IAB: \n');
    expect(h.run('getpcaps 1').stdout).toBe('1: =ep\n');
    expect(h.run('getpcaps 999999')).toMatchObject({ exitCode: 1, stderr: "Failed to get cap's for process 999999: (No such process)\n" });
  });
  it('--drop removes from the bounding set of what -- runs; needs CAP_SETPCAP', () => {
    const h = createHost({ seed: 6 });
    expect(h.run("capsh --drop=cap_net_raw -- -c 'grep CapBnd /proc/self/status'").stdout).toBe('CapBnd:\t000001ffffffdfff\n');
    expect(h.run('capsh --drop=nosuch')).toMatchObject({ exitCode: 1, stderr: 'capability [nosuch] is unknown to libcap\n' });
    expect(h.run("su learner -c 'capsh --drop=cap_net_raw'")).toMatchObject({ exitCode: 1, stderr: 'unable to raise CAP_SETPCAP for BSET changes: Operation not permitted\n' });
  });
  it('show a container\'s Docker default set, with the dropped ones as !cap in the IAB', () => {
    const h = createHost({ seed: 6 });
    h.run('docker pull debian');
    const r = h.run("docker run --rm debian sh -c 'apt-get update >/dev/null; apt-get install -y libcap2-bin >/dev/null; capsh --current; getpcaps 1'");
    const dflt = 'cap_chown,cap_dac_override,cap_fowner,cap_fsetid,cap_kill,cap_setgid,cap_setuid,cap_setpcap,cap_net_bind_service,cap_net_raw,cap_sys_chroot,cap_mknod,cap_audit_write,cap_setfcap=ep';
    expect(r.stdout).toContain(`Current: ${dflt}\nCurrent IAB: !cap_dac_read_search,!cap_linux_immutable,`);
    expect(r.stdout.endsWith(`1: ${dflt}\n`)).toBe(true);
  });
});
