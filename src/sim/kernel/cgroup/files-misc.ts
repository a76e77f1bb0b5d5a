/**
 * Interface files of the cpuset, io, pids, hugetlb, rdma and misc controllers
 * (cgroup-v2.rst "Cpuset", "IO", "PID", "HugeTLB", "RDMA", "Misc").
 *
 * SIMPLIFICATIONS:
 * - One NUMA node (cpuset.mems "0"); no cpuset partitions ("member").
 * - No block devices are modelled: io.stat and io.max are empty and io.max
 *   cannot be written; io.weight keeps only the "default" line.
 * - hugetlb, rdma and misc show their files with no resources in use.
 */

import { sysErr } from '../errno.ts';
import type { CgroupFileSpec } from './file-spec.ts';
import { keyed } from './file-spec.ts';
import type { Controller } from './types.ts';
import { PID_MAX_LIMIT } from './types.ts';
import { effectiveCpus } from './tree.ts';
import { formatCpuList, formatMax, kstrtoint, parseCpuList } from './parse.ts';

function constant(name: string, controller: Controller, on: CgroupFileSpec['on'], value: string): CgroupFileSpec {
  return { name, controller, on, read: () => value };
}

const CPUSET_FILES: CgroupFileSpec[] = [
  {
    name: 'cpuset.cpus',
    controller: 'cpuset',
    on: 'nonroot',
    read: ({ c }) => formatCpuList(c.cpusetCpus) + '\n',
    write: ({ k, c }, value) => {
      const cpus = parseCpuList(value);
      if (!cpus) return sysErr('EINVAL');
      const parentEff = effectiveCpus(k.state.cgroup, c.parent ?? '/', k.state.machine.cpus);
      if (cpus.some((x) => !parentEff.includes(x))) return sysErr('EINVAL');
      k.emit({ type: 'cgroup.limitSet', path: c.path, file: 'cpuset.cpus', value: formatCpuList(cpus) });
    },
  },
  {
    name: 'cpuset.mems',
    controller: 'cpuset',
    on: 'nonroot',
    read: ({ c }) => formatCpuList(c.cpusetMems) + '\n',
    write: ({ k, c }, value) => {
      const mems = parseCpuList(value);
      if (!mems || mems.some((x) => x !== 0)) return sysErr('EINVAL');
      k.emit({ type: 'cgroup.limitSet', path: c.path, file: 'cpuset.mems', value: formatCpuList(mems) });
    },
  },
  {
    name: 'cpuset.cpus.effective',
    controller: 'cpuset',
    on: 'all',
    read: ({ k, c }) => formatCpuList(effectiveCpus(k.state.cgroup, c.path, k.state.machine.cpus)) + '\n',
  },
  constant('cpuset.mems.effective', 'cpuset', 'all', '0\n'),
  constant('cpuset.cpus.partition', 'cpuset', 'nonroot', 'member\n'),
  constant('cpuset.cpus.exclusive', 'cpuset', 'nonroot', '\n'),
  constant('cpuset.cpus.exclusive.effective', 'cpuset', 'nonroot', '\n'),
  constant('cpuset.cpus.isolated', 'cpuset', 'root', '\n'),
];

const IO_FILES: CgroupFileSpec[] = [
  constant('io.stat', 'io', 'all', ''),
  constant('io.max', 'io', 'nonroot', ''),
  {
    name: 'io.weight',
    controller: 'io',
    on: 'nonroot',
    read: ({ c }) => `default ${c.ioWeight}\n`,
    write: ({ k, c }, value) => {
      const s = value.trim().replace(/^default\s+/, '');
      const n = kstrtoint(s);
      if (n === null) return sysErr('EINVAL');
      if (n < 1 || n > 10000) return sysErr('ERANGE');
      k.emit({ type: 'cgroup.limitSet', path: c.path, file: 'io.weight', value: String(n) });
    },
  },
  constant('io.prio.class', 'io', 'nonroot', 'no-change\n'),
];

const PIDS_FILES: CgroupFileSpec[] = [
  { name: 'pids.current', controller: 'pids', on: 'nonroot', read: ({ c }) => `${c.pidsCurrent}\n` },
  { name: 'pids.events', controller: 'pids', on: 'nonroot', read: ({ c }) => keyed([['max', c.pidsEventsMax]]) },
  {
    name: 'pids.max',
    controller: 'pids',
    on: 'nonroot',
    read: ({ c }) => formatMax(c.pidsMax) + '\n',
    write: ({ k, c }, value) => {
      const s = value.trim();
      let v: number | 'max';
      if (s === 'max') v = 'max';
      else {
        const n = kstrtoint(s);
        if (n === null || n < 0 || n > PID_MAX_LIMIT) return sysErr('EINVAL');
        v = n;
      }
      k.emit({ type: 'cgroup.limitSet', path: c.path, file: 'pids.max', value: formatMax(v) });
    },
  },
];

function hugetlbFiles(size: string): CgroupFileSpec[] {
  const p = `hugetlb.${size}`;
  return [
    constant(`${p}.current`, 'hugetlb', 'nonroot', '0\n'),
    constant(`${p}.events`, 'hugetlb', 'nonroot', 'max 0\n'),
    constant(`${p}.events.local`, 'hugetlb', 'nonroot', 'max 0\n'),
    constant(`${p}.max`, 'hugetlb', 'nonroot', 'max\n'),
    constant(`${p}.numa_stat`, 'hugetlb', 'nonroot', 'total=0 N0=0\n'),
    constant(`${p}.rsvd.current`, 'hugetlb', 'nonroot', '0\n'),
    constant(`${p}.rsvd.max`, 'hugetlb', 'nonroot', 'max\n'),
  ];
}

export const MISC_FILES: CgroupFileSpec[] = [
  ...CPUSET_FILES,
  ...IO_FILES,
  ...PIDS_FILES,
  ...hugetlbFiles('1GB'),
  ...hugetlbFiles('2MB'),
  constant('rdma.current', 'rdma', 'nonroot', ''),
  constant('rdma.max', 'rdma', 'nonroot', ''),
  constant('misc.capacity', 'misc', 'root', ''),
  constant('misc.current', 'misc', 'all', ''),
  constant('misc.max', 'misc', 'nonroot', ''),
  constant('misc.events', 'misc', 'nonroot', ''),
];
