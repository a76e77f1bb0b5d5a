/**
 * A booted host with its userland, for the userland's tests (and handy for
 * the lead's): kernel + userland + services + root shell, with an event log.
 */

import { bootKernel } from '../kernel/boot.ts';
import type { LoggedEvent } from '../events.ts';
import type { Kernel } from '../kernel/kernel.ts';
import { Userland } from './userland.ts';
import { createUserland, startHostUserland, runLine, type HostUserland, type RunLineResult } from './index.ts';
import { installNet } from '../kernel/net/install.ts';

export interface TestHost {
  k: Kernel;
  ul: Userland;
  hu: HostUserland;
  log: LoggedEvent[];
  /** Run a line at the root shell. */
  /** Run a line; a line still blocked at the end reports exitCode -1. */
  run(line: string, stdin?: string): RunLineResult & { exitCode: number };
}

export function testHost(seed = 1): TestHost {
  const log: LoggedEvent[] = [];
  let ul: Userland | null = null;
  const k = bootKernel({
    seed,
    sink: (e) => {
      log.push(e);
      ul?.observe(e);
    },
  });
  installNet(k.hooks);
  ul = createUserland(k);
  const hu = startHostUserland(k, ul);
  const u = ul;
  return { k, ul: u, hu, log, run: (line, stdin) => {
      const r = runLine(u, hu.rootShellPid, line, stdin === undefined ? {} : { stdin });
      return r.status === 'done' ? r : { ...r, exitCode: -1 };
    } };
}
