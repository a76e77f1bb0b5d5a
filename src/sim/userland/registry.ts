/**
 * The program registry: every program a simulated executable can name, by id.
 * Built per host by createRegistry() (program definitions hold no state).
 */

import type { ProgramDef, Registry } from './types.ts';
import { shellProgram, shProgram, dashProgram } from './shell/program.ts';
import { trueProgram, falseProgram, echoProgram, printfProgram, sleepProgram, yesProgram, pwdProgram, envProgram, daemonProgram, missingProgram, dockerStubProgram } from './programs/basic.ts';
import { catProgram } from './programs/cat.ts';
import { killProgram } from './programs/kill.ts';
import { EXTRA_PROGRAMS } from './programs/index.ts';
import { sessionProgram } from './boot.ts';

export function createRegistry(extra: ProgramDef<never>[] = []): Registry {
  const defs = [
    shellProgram,
    shProgram,
    dashProgram,
    trueProgram,
    falseProgram,
    echoProgram,
    printfProgram,
    sleepProgram,
    yesProgram,
    pwdProgram,
    envProgram,
    daemonProgram,
    missingProgram,
    dockerStubProgram,
    catProgram,
    killProgram,
    sessionProgram,
    ...EXTRA_PROGRAMS,
    ...extra,
  ] as unknown as ProgramDef<never>[];
  const reg: Registry = {};
  for (const d of defs) reg[d.id] = d;
  return reg;
}
