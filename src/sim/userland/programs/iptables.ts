/**
 * iptables(8)/iptables-save 1.8.10 (nf_tables): list (-L, -S, -n, -v,
 * --line-numbers), change (-A, -I, -D, -C, -N, -X, -F, -Z, -P, -E) and save
 * the rules of the caller's network namespace through the kernel's net module.
 * SIMPLIFICATIONS: accepts the rule syntax the kernel's parser knows.
 */

import type { ProgramDef } from '../types.ts';
import { progName } from './args.ts';
import { isErr } from '../../kernel/errno.ts';
import { iptables, iptablesList, iptablesListRules, iptablesSave, type IptCommand } from '../../kernel/net/index.ts';
import { netnsOf } from './net.ts';

export const iptablesProgram: ProgramDef<null> = {
  id: 'iptables',
  main(ctx) {
    const name = progName(ctx, 'iptables');
    const args = ctx.argv.slice(1);
    const ns = netnsOf(ctx);
    if (name === 'iptables-save') {
      const ti = args.indexOf('-t');
      ctx.stdout.write(iptablesSave(ctx.k.state, ns, { counters: args.includes('-c'), table: ti >= 0 ? (args[ti + 1] as never) : undefined }));
      return { exit: 0 };
    }
    let table = 'filter';
    let cmd: IptCommand | null = null;
    let list: 'L' | 'S' | null = null;
    let chain: string | undefined;
    const fmt = { numeric: false, verbose: false, lineNumbers: false, exact: false };
    const rule: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i] as string;
      if (a === '-t' || a === '--table') table = args[++i] ?? 'filter';
      else if (a === '-n' || a === '--numeric') fmt.numeric = true;
      else if (a === '-v' || a === '--verbose') fmt.verbose = true;
      else if (a === '-x' || a === '--exact') fmt.exact = true;
      else if (a === '--line-numbers') fmt.lineNumbers = true;
      else if (/^-[LnvS]+$/.test(a) && (a.includes('L') || a.includes('S'))) {
        list = a.includes('S') ? 'S' : 'L';
        if (a.includes('n')) fmt.numeric = true;
        if (a.includes('v')) fmt.verbose = true;
        if (args[i + 1] && !args[i + 1]?.startsWith('-')) chain = args[++i];
      } else if (a === '--list') {
        list = 'L';
        if (args[i + 1] && !args[i + 1]?.startsWith('-')) chain = args[++i];
      } else if (a === '-A' || a === '--append' || a === '-C' || a === '--check') cmd = { cmd: a.startsWith('-A') || a === '--append' ? '-A' : '-C', chain: args[++i] ?? '', rule };
      else if (a === '-I' || a === '--insert') {
        const c = args[++i] ?? '';
        const pos = /^[0-9]+$/.test(args[i + 1] ?? '') ? Number(args[++i]) : undefined;
        cmd = { cmd: '-I', chain: c, pos, rule };
      } else if (a === '-D' || a === '--delete') {
        const c = args[++i] ?? '';
        if (/^[0-9]+$/.test(args[i + 1] ?? '')) cmd = { cmd: '-D', chain: c, pos: Number(args[++i]) };
        else cmd = { cmd: '-D', chain: c, rule };
      } else if (a === '-N' || a === '--new-chain') cmd = { cmd: '-N', chain: args[++i] ?? '' };
      else if (a === '-X' || a === '--delete-chain') cmd = { cmd: '-X', chain: args[i + 1] && !args[i + 1]?.startsWith('-') ? args[++i] : undefined };
      else if (a === '-F' || a === '--flush') cmd = { cmd: '-F', chain: args[i + 1] && !args[i + 1]?.startsWith('-') ? args[++i] : undefined };
      else if (a === '-Z' || a === '--zero') cmd = { cmd: '-Z', chain: args[i + 1] && !args[i + 1]?.startsWith('-') ? args[++i] : undefined };
      else if (a === '-P' || a === '--policy') cmd = { cmd: '-P', chain: args[++i] ?? '', policy: args[++i] ?? '' };
      else if (a === '-E' || a === '--rename-chain') cmd = { cmd: '-E', chain: args[++i] ?? '', to: args[++i] ?? '' };
      else rule.push(a);
    }
    if (list) {
      const check = iptables(ctx.k, ctx.pid, table, { cmd: '-C', chain: '__probe__', rule: [] });
      if (isErr(check)) {
        ctx.stderr.write(`${name} v1.8.10 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)\n\n`);
        return { exit: 4 };
      }
      const out = list === 'L' ? iptablesList(ctx.k.state, ns, table as never, chain, fmt) : iptablesListRules(ctx.k.state, ns, table as never, chain, { verbose: fmt.verbose });
      if (out === null) {
        ctx.stderr.write(`${name}: ${chain ? `chain \`${chain}' in table \`${table}' is incompatible, use 'nft' tool.` : `can't initialize ${name} table \`${table}': Table does not exist (do you need to insmod?)`}\n`);
        return { exit: 1 };
      }
      ctx.stdout.write(out);
      return { exit: 0 };
    }
    if (!cmd) {
      ctx.stderr.write(`${name} v1.8.10 (nf_tables): no command specified\nTry \`${name} -h' or '${name} --help' for more information.\n`);
      return { exit: 2 };
    }
    const r = iptables(ctx.k, ctx.pid, table, cmd);
    if (isErr(r)) {
      ctx.stderr.write(`${name} v1.8.10 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)\n\n`);
      return { exit: 4 };
    }
    if (!r.ok) {
      ctx.stderr.write(r.message.endsWith('\n') ? r.message : r.message + '\n');
      return { exit: r.exitCode };
    }
    return { exit: 0 };
  },
};

