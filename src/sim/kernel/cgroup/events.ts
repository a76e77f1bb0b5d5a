/** Events of the cgroup module (applied by applyCgroupEvent). Placeholder until the module lands. */
export type CgroupEvent = { type: 'cgroup.placeholder' };
