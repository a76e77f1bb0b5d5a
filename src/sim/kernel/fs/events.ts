/** Events of the fs module (applied by applyFsEvent). Placeholder until the module lands. */
export type FsEvent = { type: 'fs.placeholder' };
