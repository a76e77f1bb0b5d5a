/**
 * capsh and getpcaps (libcap2-bin 2.66, Debian 12): a process's capability
 * sets in libcap's text form, read from the kernel's process record.
 *
 * Models: cap_to_text()'s grouping (the flag combination most capabilities
 * share becomes the "=..." base, the rest are listed against it, so a root
 * shell prints "=ep" and a default Docker container "cap_chown,...=ep"),
 * `capsh --print` (Current, Bounding set, Ambient set, Current IAB with "!"
 * for capabilities dropped from the bounding set, Securebits with
 * no-new-privs, the IDs), `capsh --decode=HEX` for the masks in
 * /proc/PID/status, and `getpcaps PID...`.
 * `--drop=` (from the bounding set, needs CAP_SETPCAP), `--has-p/-i/-a/-b=`,
 * `--current` and `-- ARGS` (run /bin/bash with them) act in order.
 * SIMPLIFICATIONS: no securebits (always 00), so "Guessed mode" is always
 * HYBRID; the other options that change credentials (--caps, --user, --uid,
 * --chroot, --inh, --addamb ...) print the usage and fail.
 */

import type { Ctx, ProgramDef } from '../types.ts';
import { CAPABILITIES, type CapMask, type CapSets } from '../../kernel/caps/caps.ts';
import { mapUidToNs, mapGidToNs } from '../../kernel/ns/idmap.ts';
import { dropBounding } from '../../kernel/caps/set.ts';
import { isErr, strerror } from '../../kernel/errno.ts';
import { hostPidOf } from '../../kernel/process/pids.ts';
import { nameDb } from './users.ts';

const low = (i: number) => (CAPABILITIES[i] as string).toLowerCase();
const has = (m: CapMask, i: number) => Math.floor(m / 2 ** i) % 2 === 1;

/** libcap's cap_to_text() for the effective, inheritable and permitted sets. */
export function capText(c: Pick<CapSets, 'effective' | 'inheritable' | 'permitted'>): string {
  const flagsOf = (i: number) => `${has(c.effective, i) ? 'e' : ''}${has(c.inheritable, i) ? 'i' : ''}${has(c.permitted, i) ? 'p' : ''}`;
  const groups = new Map<string, number[]>();
  CAPABILITIES.forEach((_, i) => {
    const f = flagsOf(i);
    groups.set(f, [...(groups.get(f) ?? []), i]);
  });
  // The base: the combination most capabilities have (ties go to the one with more flags).
  let base = '';
  let best = -1;
  for (const [f, caps] of groups) if (caps.length > best || (caps.length === best && f.length > base.length)) [base, best] = [f, caps.length];
  const parts: string[] = [];
  if (base !== '') parts.push(`=${base}`);
  for (const [f, caps] of groups) {
    if (f === base) continue;
    const names = caps.map(low).join(',');
    if (base === '') parts.push(`${names}=${f}`);
    else {
      const add = [...f].filter((x) => !base.includes(x)).join('');
      const drop = [...base].filter((x) => !f.includes(x)).join('');
      parts.push(`${names}${add ? `+${add}` : ''}${drop ? `-${drop}` : ''}`);
    }
  }
  return parts.length ? parts.join(' ') : '=';
}

const names = (m: CapMask) => CAPABILITIES.map((_, i) => i).filter((i) => has(m, i)).map(low).join(',');

function iab(c: CapSets): string {
  const out: string[] = [];
  CAPABILITIES.forEach((_, i) => {
    const drop = !has(c.bounding, i);
    const amb = has(c.ambient, i);
    if (!drop && !has(c.inheritable, i) && !amb) return;
    out.push(`${drop ? '!' : ''}${amb ? '^' : ''}${low(i)}`);
  });
  return out.join(',');
}

function parseHex(s: string): number | null {
  const m = /^(?:0x)?([0-9a-fA-F]{1,16})$/.exec(s.trim());
  return m ? Number.parseInt(m[1] as string, 16) : null;
}

/** capsh --help, verbatim from libcap 2.66. */
const CAPSH_HELP = "usage: capsh [args ...]\n  --addamb=xxx   add xxx,... capabilities to ambient set\n  --cap-uid=<n>  use libcap cap_setuid() to change uid\n  --caps=xxx     set caps as per cap_from_text()\n  --chroot=path  chroot(2) to this path\n  --current      show current caps and IAB vectors\n  --decode=xxx   decode a hex string to a list of caps\n  --delamb=xxx   remove xxx,... capabilities from ambient\n  --drop=xxx     drop xxx,... caps from bounding set\n  --explain=xxx  explain what capability xxx permits\n  --forkfor=<n>  fork and make child sleep for <n> sec\n  --gid=<n>      set gid to <n> (hint: id <username>)\n  --groups=g,... set the supplemental groups\n  --has-a=xxx    exit 1 if capability xxx not ambient\n  --has-b=xxx    exit 1 if capability xxx not dropped\n  --has-ambient  exit 1 unless ambient vector supported\n  --has-i=xxx    exit 1 if capability xxx not inheritable\n  --has-p=xxx    exit 1 if capability xxx not permitted\n  --has-no-new-privs  exit 1 if privs not limited\n  --help, -h     this message (or try 'man capsh')\n  --iab=...      use cap_iab_from_text() to set iab\n  --inh=xxx      set xxx,.. inheritable set\n  --inmode=<xxx> exit 1 if current mode is not <xxx>\n  --is-uid=<n>   exit 1 if uid != <n>\n  --is-gid=<n>   exit 1 if gid != <n>\n  --keep=<n>     set keep-capability bit to <n>\n  --killit=<n>   send signal(n) to child\n  --license      display license info\n  --mode         display current libcap mode\n  --mode=<xxx>   set libcap mode to <xxx>\n  --modes        list libcap named modes\n  --no-new-privs set sticky process privilege limiter\n  --noamb        reset (drop) all ambient capabilities\n  --noenv        no fixup of env vars (for --user)\n  --print        display capability relevant state\n  --quiet        if first argument skip max cap check\n  --secbits=<n>  write a new value for securebits\n  --shell=/xx/yy use /xx/yy instead of /bin/bash for --\n  --strict       toggle --caps, --drop and --inh fixups\n  --suggest=text search cap descriptions for text\n  --supports=xxx exit 1 if capability xxx unsupported\n  --uid=<n>      set uid to <n> (hint: id <username>)\n  --user=<name>  set uid,gid and groups to that of user\n  ==             re-exec(capsh) with args as for --\n  =+             cap_launch capsh with args as for -+\n  --             remaining arguments are for /bin/bash\n  -+             cap_launch /bin/bash with remaining args\n                 (without -- [capsh] will simply exit(0))\n";

function capIndex(name: string): number {
  const n = name.trim().toLowerCase();
  return CAPABILITIES.findIndex((c) => c.toLowerCase() === n || c.toLowerCase() === `cap_${n}`);
}

function printState(ctx: Ctx, all: boolean): void {
  const p = ctx.k.proc(ctx.pid);
  if (!p) return;
  let out = `Current: ${capText(p.caps)}\n`;
  if (all) out += `Bounding set =${names(p.caps.bounding)}\nAmbient set =${names(p.caps.ambient)}\n`;
  out += `Current IAB: ${iab(p.caps)}\n`;
  if (all) {
    const db = nameDb(ctx.k, ctx.pid);
    const u = (x: number) => mapUidToNs(ctx.k, p.ns.user, x);
    const g = (x: number) => mapGidToNs(ctx.k, p.ns.user, x);
    const un = (x: number) => `${x}(${db.user(x) ?? x})`;
    const gn = (x: number) => `${x}(${db.group(x) ?? x})`;
    out +=
      `Securebits: 00/0x0/1'b0 (no-new-privs=${p.noNewPrivs ? 1 : 0})\n` +
      ' secure-noroot: no (unlocked)\n secure-no-suid-fixup: no (unlocked)\n secure-keep-caps: no (unlocked)\n secure-no-ambient-raise: no (unlocked)\n' +
      `uid=${un(u(p.cred.uid))} euid=${un(u(p.cred.euid))}\n` +
      `gid=${gn(g(p.cred.gid))}\n` +
      `groups=${p.cred.groups.map((x) => gn(g(x))).join(',')}\n` +
      'Guessed mode: HYBRID (4)\n';
  }
  ctx.stdout.write(out);
}

export const capshProgram: ProgramDef<null> = {
  id: 'capsh',
  main(ctx) {
    const c = ctx as Ctx;
    const args = ctx.argv.slice(1);
    for (let i = 0; i < args.length; i++) {
      const a = args[i] as string;
      const [opt, val] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, ''];
      if (opt === '--decode') {
        const v = parseHex(val) ?? 0;
        ctx.stdout.write(`0x${v.toString(16).padStart(16, '0')}=${names(v)}\n`);
      } else if (opt === '--print') printState(c, true);
      else if (opt === '--current') printState(c, false);
      else if (opt === '--drop' || opt.startsWith('--has-')) {
        const idx = val.split(',').map(capIndex);
        const bad = val.split(',').find((_, j) => (idx[j] as number) < 0);
        if (bad !== undefined) {
          ctx.stderr.write(`capability [${bad}] is unknown to libcap\n`);
          return { exit: 1 };
        }
        const p = ctx.k.proc(ctx.pid);
        if (!p) return { exit: 1 };
        if (opt === '--drop') {
          const r = dropBounding(ctx.k, ctx.pid, idx.reduce((m, j) => m + 2 ** j, 0));
          if (isErr(r)) {
            ctx.stderr.write(`unable to raise CAP_SETPCAP for BSET changes: ${strerror(r.errno)}\n`);
            return { exit: 1 };
          }
        } else {
          const set = opt === '--has-p' ? p.caps.permitted : opt === '--has-i' ? p.caps.inheritable : opt === '--has-a' ? p.caps.ambient : opt === '--has-b' ? p.caps.bounding : null;
          if (set === null) {
            ctx.stdout.write(CAPSH_HELP);
            return { exit: 1 };
          }
          // --has-b asks whether it was dropped from the bounding set.
          const ok = idx.every((j) => (opt === '--has-b' ? !has(set, j) : has(set, j)));
          if (!ok) {
            ctx.stderr.write(`cap[${val}] ${opt === '--has-b' ? 'not dropped' : 'not ' + ({ '--has-p': 'permitted', '--has-i': 'inheritable', '--has-a': 'in ambient vector' } as Record<string, string>)[opt]}\n`);
            return { exit: 1 };
          }
        }
      } else if (a === '--') {
        const w = ctx.ul.which(ctx.pid, '/bin/bash');
        if ('error' in w) {
          ctx.stderr.write('execve failed: No such file or directory\n');
          return { exit: 1 };
        }
        return { exec: { path: w.path, argv: ['/bin/bash', ...args.slice(i + 1)], env: ctx.env } };
      } else if (a === '--help' || a === '-h') ctx.stdout.write(CAPSH_HELP);
      else {
        ctx.stdout.write(CAPSH_HELP);
        return { exit: 1 };
      }
    }
    return { exit: 0 };
  },
};

export const getpcapsProgram: ProgramDef<null> = {
  id: 'getpcaps',
  main(ctx) {
    const pids = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
    if (pids.length === 0) {
      ctx.stderr.write("usage: getcaps [opts] <pid> [<pid> ...]\n\n  This program displays the capabilities on the queried process(es).\n  The capabilities are displayed in the cap_from_text(3) format.\n\n  Optional arguments:\n     --help, -h or --usage display this message.\n     --verbose             use a more verbose output format.\n     --ugly or --legacy    use the archaic legacy output format.\n     --iab                 show IAB of process too.\n     --license             display license info\n");
      return { exit: 1 };
    }
    let status = 0;
    for (const s of pids) {
      const me = ctx.k.proc(ctx.pid);
      const host = me && /^\d+$/.test(s) ? hostPidOf(ctx.k, me.pidNs, Number(s)) : null;
      const p = host === null ? undefined : ctx.k.proc(host);
      if (!p || p.state === 'Z') {
        ctx.stderr.write(`Failed to get cap's for process ${s}: (No such process)\n`);
        status = 1;
        continue;
      }
      ctx.stdout.write(`${s}: ${capText(p.caps)}\n`);
    }
    return { exit: status };
  },
};
