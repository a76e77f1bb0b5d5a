/** Programs beyond the basics, gathered for the registry. */

import type { ProgramDef } from '../types.ts';
import { lsProgram } from './ls.ts';
import { mkdirProgram, rmdirProgram, rmProgram, touchProgram, cpProgram, mvProgram, lnProgram, chmodProgram, chownProgram } from './fileops.ts';
import { tailProgram } from './tail.ts';
import { headProgram, wcProgram, grepProgram, sortProgram, uniqProgram, cutProgram, trProgram, teeProgram } from './text.ts';
import { hostnameProgram } from './hostname.ts';
import { dateProgram, idProgram, whoamiProgram, unameProgram, nprocProgram, freeProgram, dfProgram, statProgram } from './sysinfo.ts';
import { duProgram } from './du.ts';
import { psProgram } from './ps.ts';
import { mountProgram, umountProgram } from './mount.ts';
import { unshareProgram, nsenterProgram, lsnsProgram } from './nstools.ts';
import { ipProgram, pingProgram } from './net.ts';
import { iptablesProgram } from './iptables.ts';
import { wgetProgram } from './httpc.ts';
import { curlProgram } from './curl.ts';
import { ncProgram } from './nc.ts';
import { ssProgram } from './ss.ts';
import { stressProgram, stressNgProgram } from './stress.ts';
import { topProgram } from './top.ts';
import { killallProgram, pstreeProgram } from './psmisc.ts';
import { ddProgram } from './dd.ts';
import { findProgram } from './find.ts';
import { nslookupProgram } from './nslookup.ts';
import { systemctlProgram, journalctlProgram } from './systemd.ts';
import { SERVICE_PROGRAMS } from '../services/index.ts';
import { setprivProgram, gosuProgram } from './setpriv.ts';
import { sudoProgram, suProgram, serviceProgram } from './sudo.ts';
import { tarProgram } from './tar.ts';
import { capshProgram, getpcapsProgram } from './capsh.ts';
import { bridgeProgram } from './bridge.ts';
import { mknodProgram } from './mknod.ts';
import { PKG_PROGRAMS } from '../pkg/index.ts';
import { sedProgram } from './sed.ts';
import { awkProgram } from './awk/awk.ts';
import { pasteProgram, printenvProgram } from './paste.ts';
import { pgrepProgram, pkillProgram, pidofProgram, uptimeProgram } from './proctools.ts';
import { sysctlProgram } from './sysctl.ts';
import { lscpuProgram } from './lscpu.ts';
import { dmesgProgram } from './dmesg.ts';
import { tacProgram, revProgram, nlProgram, base64Program, ttyProgram, groupsProgram, mktempProgram, chgrpProgram, clearProgram } from './smalltools.ts';
import { findmntProgram } from './findmnt.ts';
import { timeoutProgram } from './timeout.ts';
import { whichProgram, basenameProgram, dirnameProgram, readlinkProgram, seqProgram, testProgram, chrootProgram, xargsProgram, busyboxProgram } from './misc.ts';

const realpathProgram: ProgramDef<null> = { ...readlinkProgram, id: 'realpath' };

export const EXTRA_PROGRAMS = [
  setprivProgram,
  gosuProgram,
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
  duProgram,
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
  ncProgram,
  ssProgram,
  stressProgram,
  stressNgProgram,
  topProgram,
  killallProgram,
  pstreeProgram,
  ddProgram,
  findProgram,
  nslookupProgram,
  systemctlProgram,
  journalctlProgram,
  sudoProgram,
  suProgram,
  serviceProgram,
  tarProgram,
  capshProgram,
  getpcapsProgram,
  bridgeProgram,
  mknodProgram,
  sedProgram,
  awkProgram,
  pasteProgram,
  printenvProgram,
  pgrepProgram,
  pkillProgram,
  pidofProgram,
  uptimeProgram,
  sysctlProgram,
  lscpuProgram,
  dmesgProgram,
  tacProgram,
  revProgram,
  nlProgram,
  base64Program,
  ttyProgram,
  groupsProgram,
  mktempProgram,
  chgrpProgram,
  clearProgram,
  findmntProgram,
  timeoutProgram,
  ...SERVICE_PROGRAMS,
  ...PKG_PROGRAMS,
] as unknown as ProgramDef<never>[];
