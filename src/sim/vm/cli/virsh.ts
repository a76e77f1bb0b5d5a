/**
 * virsh: libvirt's command-line client (virsh(1), tools/virsh*.c, libvirt 9.0
 * as in Debian 12), talking to libvirtd over /run/libvirt/libvirt-sock.
 *
 * Models: `virsh [-q] [-c URI] COMMAND [ARGS]` with list [--all|--inactive]
 * [--name|--uuid], start [--console], shutdown, destroy, suspend, resume,
 * managedsave, undefine [--remove-all-storage] [--managed-save], dominfo,
 * domstate, domifaddr, dommemstat, console, net-list, version. Messages and errors are libvirt's
 * ("Domain 'web' started", "error: failed to get domain 'x'", "error: Failed
 * to start domain 'x'" followed by libvirt's reason), and like vshCommandRun
 * every command ends with an empty line unless -q is given. `console`
 * switches the terminal to raw mode and relays keystrokes to the guest's
 * serial console until ^] (Ctrl + ]).
 * SIMPLIFICATIONS: no interactive virsh shell; -c URI is accepted and ignored
 * (always qemu:///system); domains are named by name, ID or UUID.
 */

import type { Ctx, Outcome, ProgramDef } from '../../userland/types.ts';
import type { VirRequest, VirResponse, DomainView } from '../libvirt-api.ts';
import { CONNECT_ERROR, ttyOf, virCall } from './client.ts';
import { dominfoText, domifaddrText, listTable, vshTable } from './format.ts';
import { isActive, virshStateName } from '../vm.machine.ts';

interface ConsoleState {
  name: string;
  tty: string;
}

export interface VirshState {
  console: ConsoleState | null;
  quiet: boolean;
}

type C = Ctx<VirshState>;

const ESCAPE = '\x1d';

const DOMAIN_CMDS = new Set(['start', 'shutdown', 'destroy', 'suspend', 'resume', 'managedsave', 'undefine', 'dominfo', 'domstate', 'domifaddr', 'dommemstat', 'console']);

const HELP = ` Domain Management (help keyword 'domain')
    console                        connect to the guest console
    destroy                        destroy (stop) a domain
    managedsave                    managed save of a domain state
    resume                         resume a domain
    shutdown                       gracefully shutdown a domain
    start                          start a (previously defined) inactive domain
    suspend                        suspend a domain
    undefine                       undefine a domain

 Domain Monitoring (help keyword 'monitor')
    domifaddr                      Get network interfaces' addresses for a running domain
    dominfo                        domain information
    dommemstat                     get memory statistics for a domain
    domstate                       domain state
    list                           list domains

 Networking (help keyword 'network')
    net-list                       list networks

 Virsh itself (help keyword 'virsh')
    help                           print help
    version                        show version
`;

function fail(c: C, lines: string[]): Outcome {
  c.stderr.write(lines.map((l) => `error: ${l}\n`).join(''));
  if (!c.state.quiet) c.stdout.write('\n');
  return { exit: 1 };
}

function done(c: C, text = ''): Outcome {
  c.stdout.write(text + (c.state.quiet ? '' : '\n'));
  return { exit: 0 };
}

/** extra: what vshPrintExtra prints (silenced by -q). */
function extra(c: C, s: string): string {
  return c.state.quiet ? '' : s;
}

function call(c: C, req: VirRequest): VirResponse | null {
  const r = virCall(c, req);
  if (r === null) c.stderr.write(CONNECT_ERROR);
  return r;
}

function lookup(c: C, name: string): DomainView | 'failed' | 'noconn' {
  const r = call(c, { op: 'lookup', name });
  if (r === null) return 'noconn';
  if (!r.ok || !r.domain) return 'failed';
  return r.domain;
}

const ACTIONS: Record<string, { op: 'start' | 'shutdown' | 'destroy' | 'suspend' | 'resume' | 'managedsave'; ok: string; failed: string }> = {
  start: { op: 'start', ok: "Domain '%s' started\n", failed: "Failed to start domain '%s'" },
  shutdown: { op: 'shutdown', ok: "Domain '%s' is being shutdown\n", failed: "Failed to shutdown domain '%s'" },
  destroy: { op: 'destroy', ok: "Domain '%s' destroyed\n", failed: "Failed to destroy domain '%s'" },
  suspend: { op: 'suspend', ok: "Domain '%s' suspended\n", failed: "Failed to suspend domain '%s'" },
  resume: { op: 'resume', ok: "Domain '%s' resumed\n", failed: "Failed to resume domain '%s'" },
  managedsave: { op: 'managedsave', ok: "\nDomain '%s' state saved by libvirt\n", failed: "Failed to save domain '%s' state" },
};

function listCmd(c: C, args: string[]): Outcome {
  const r = call(c, { op: 'list' });
  if (!r) return { exit: 1 };
  const all = args.includes('--all');
  const inactive = args.includes('--inactive');
  let doms = (r.ok && r.domains) || [];
  const hvType = r.ok ? r.hvType : 2;
  doms = doms.filter((d) => {
    const active = d.vm.id !== null;
    if (args.includes('--state-running') && virshStateName(d.status) !== 'running') return false;
    if (args.includes('--state-paused') && d.status !== 'paused') return false;
    if (args.includes('--state-shutoff') && virshStateName(d.status) !== 'shut off') return false;
    if (inactive) return !active;
    return all || active || args.some((a) => a.startsWith('--state-'));
  });
  if (args.includes('--name') || args.includes('--uuid')) {
    const lines = doms.map((d) => [args.includes('--uuid') ? d.vm.uuid : null, args.includes('--name') ? d.vm.name : null].filter((x) => x !== null).join(' '));
    return done(c, lines.map((l) => l + '\n').join(''));
  }
  // libvirt's Xen driver lists the privileged partition itself as domain 0.
  const dom0 = hvType === 1 ? [{ id: '0', name: 'Domain-0', state: 'running' }] : [];
  return done(c, listTable(doms, !c.state.quiet, inactive ? [] : dom0));
}

function startConsole(c: C, d: DomainView, prefix: string): Outcome {
  const tty = ttyOf(c);
  if (!tty) {
    c.stdout.write(prefix);
    return fail(c, ['Cannot run interactive console without a controlling TTY']);
  }
  const r = call(c, { op: 'console.attach', name: d.vm.name, tty });
  if (!r) return { exit: 1 };
  if (!r.ok) return fail(c, [r.error.message]);
  c.stdout.write(prefix + extra(c, `Connected to domain '${d.vm.name}'\nEscape character is ^] (Ctrl + ])\n`) + (r.output ?? ''));
  c.state = { ...c.state, console: { name: d.vm.name, tty } };
  return { block: 'input' };
}

function endConsole(c: C): Outcome {
  const con = c.state.console;
  if (con) virCall(c, { op: 'console.detach', name: con.name, tty: con.tty });
  c.state = { ...c.state, console: null };
  return done(c);
}

function domainCmd(c: C, cmd: string, args: string[]): Outcome {
  const name = args.find((a) => !a.startsWith('-'));
  if (name === undefined) return fail(c, [`command '${cmd}' requires <domain> option`]);
  const d = lookup(c, name);
  if (d === 'noconn') return { exit: 1 };
  if (d === 'failed') return fail(c, [`failed to get domain '${name}'`]);
  const n = d.vm.name;
  const action = ACTIONS[cmd];
  if (action) {
    if (cmd === 'start' && d.vm.id !== null) return fail(c, ['Domain is already active']);
    const r = call(c, { op: action.op, name: n });
    if (!r) return { exit: 1 };
    if (!r.ok) return fail(c, [action.failed.replace('%s', n), r.error.message]);
    const msg = extra(c, action.ok.replace('%s', n));
    if (cmd === 'start' && args.includes('--console')) {
      const again = lookup(c, n);
      if (again === 'noconn' || again === 'failed') return { exit: 1 };
      return startConsole(c, again, msg);
    }
    c.stdout.write(msg);
    return done(c);
  }
  switch (cmd) {
    case 'dominfo':
      return done(c, dominfoText(d, d.hvType));
    case 'domstate':
      return done(c, `${virshStateName(d.status)}\n`);
    case 'dommemstat':
      // Without a balloon stats period (virt-install sets none) QEMU reports only these two.
      if (!isActive(d.status)) return fail(c, [`Failed to get memory statistics for domain ${n}`, 'Requested operation is not valid: domain is not running']);
      return done(c, `actual ${d.vm.memoryMiB * 1024}\nrss ${d.rssKiB}\n`);
    case 'domifaddr':
      if (!isActive(d.status)) return fail(c, ['Failed to query for interfaces addresses', 'Requested operation is not valid: domain is not running']);
      return done(c, domifaddrText(d));
    case 'console':
      if (!isActive(d.status)) return fail(c, ['The domain is not running']);
      return startConsole(c, d, '');
    case 'undefine': {
      if (d.vm.saveFile && !args.includes('--managed-save')) return fail(c, ['Refusing to undefine while domain managed save image exists']);
      const r = call(c, { op: 'undefine', name: n, removeStorage: args.includes('--remove-all-storage') });
      if (!r) return { exit: 1 };
      if (!r.ok) return fail(c, [`Failed to undefine domain '${n}'`, r.error.message]);
      let out = extra(c, `Domain '${n}' has been undefined\n`);
      for (const path of r.removed ?? []) out += extra(c, `Volume 'vda'(${path}) removed.\n`);
      c.stdout.write(out);
      return done(c);
    }
  }
  return fail(c, [`unknown command: '${cmd}'`]);
}

export const virshProgram: ProgramDef<VirshState> = {
  id: 'virsh',
  main(ctx) {
    const c = ctx as C;
    c.state = { console: null, quiet: false };
    const argv = ctx.argv.slice(1);
    let i = 0;
    for (; i < argv.length; i++) {
      const a = argv[i] as string;
      if (a === '-q' || a === '--quiet') c.state = { ...c.state, quiet: true };
      else if (a === '-c' || a === '--connect') i++;
      else if (a.startsWith('--connect=')) continue;
      else if (a.startsWith('-')) return fail(c, [`unsupported option '${a}'. See --help.`]);
      else break;
    }
    const cmd = argv[i];
    const args = argv.slice(i + 1);
    if (cmd === undefined || cmd === 'help') {
      c.stdout.write(HELP);
      return done(c);
    }
    if (cmd === 'list') return listCmd(c, args);
    if (cmd === 'net-list') {
      const r = call(c, { op: 'net.list' });
      if (!r) return { exit: 1 };
      const nets = (r.ok && r.networks) || [];
      const yes = (b: boolean) => (b ? 'yes' : 'no');
      const rows = nets.filter((n) => n.active || args.includes('--all') || args.includes('--inactive')).map((n) => [n.name, n.active ? 'active' : 'inactive', yes(n.autostart), yes(n.persistent)]);
      return done(c, vshTable(['Name', 'State', 'Autostart', 'Persistent'], rows, !c.state.quiet));
    }
    if (cmd === 'version') {
      const r = call(c, { op: 'capabilities' });
      if (!r) return { exit: 1 };
      return done(c, 'Compiled against library: libvirt 9.0.0\nUsing library: libvirt 9.0.0\nUsing API: QEMU 9.0.0\nRunning hypervisor: QEMU 7.2.0\n');
    }
    if (DOMAIN_CMDS.has(cmd)) return domainCmd(c, cmd, args);
    return fail(c, [`unknown command: '${cmd}'`]);
  },
  onInput(ctx) {
    const c = ctx as C;
    const con = c.state.console;
    const data = ctx.stdin.read();
    if (!con) return { exit: 0 };
    if (data === '' && ctx.stdin.eof) return endConsole(c);
    const esc = data.indexOf(ESCAPE);
    const send = esc >= 0 ? data.slice(0, esc) : data;
    if (send) {
      const r = virCall(c, { op: 'console.input', name: con.name, data: send });
      if (r?.ok && r.output) c.stdout.write(r.output);
      if (!r || (r.ok && r.ended)) return endConsole(c);
    }
    if (esc >= 0) return endConsole(c);
    return { block: 'input' };
  },
  onSignal(ctx, sig) {
    const c = ctx as C;
    if (sig === 1 && c.state.console) return endConsole(c);
    return null;
  },
  catches: [1],
};
