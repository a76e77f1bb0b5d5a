/** Programs beyond the basics, gathered for the registry. */

import type { ProgramDef } from '../types.ts';
import { lsProgram } from './ls.ts';
import { mkdirProgram, rmdirProgram, rmProgram, touchProgram, cpProgram, mvProgram, lnProgram, chmodProgram, chownProgram } from './fileops.ts';
import { headProgram, tailProgram, wcProgram, grepProgram, sortProgram, uniqProgram, cutProgram, trProgram, teeProgram } from './text.ts';
import { dateProgram, hostnameProgram, idProgram, whoamiProgram, unameProgram, nprocProgram, freeProgram, dfProgram, statProgram } from './sysinfo.ts';
import { psProgram } from './ps.ts';
import { mountProgram, umountProgram } from './mount.ts';
import { unshareProgram, nsenterProgram, lsnsProgram } from './nstools.ts';
import { ipProgram, pingProgram, iptablesProgram } from './net.ts';
import { curlProgram, wgetProgram } from './httpc.ts';
import { whichProgram, basenameProgram, dirnameProgram, readlinkProgram, seqProgram, testProgram, chrootProgram, xargsProgram, busyboxProgram } from './misc.ts';

const realpathProgram: ProgramDef<null> = { ...readlinkProgram, id: 'realpath' };

export const EXTRA_PROGRAMS = [
  lsProgram,
  mkdirProgram,
  rmdirProgram,
  rmProgram,
  touchProgram,
  cpProgram,
  mvProgram,
  lnProgram,
  chmodProgram,
  chownProgram,
  headProgram,
  tailProgram,
  wcProgram,
  grepProgram,
  sortProgram,
  uniqProgram,
  cutProgram,
  trProgram,
  teeProgram,
  dateProgram,
  hostnameProgram,
  idProgram,
  whoamiProgram,
  unameProgram,
  nprocProgram,
  freeProgram,
  dfProgram,
  statProgram,
  psProgram,
  mountProgram,
  umountProgram,
  unshareProgram,
  nsenterProgram,
  lsnsProgram,
  ipProgram,
  pingProgram,
  iptablesProgram,
  curlProgram,
  wgetProgram,
  whichProgram,
  basenameProgram,
  dirnameProgram,
  readlinkProgram,
  realpathProgram,
  seqProgram,
  testProgram,
  chrootProgram,
  xargsProgram,
  busyboxProgram,
] as unknown as ProgramDef<never>[];
