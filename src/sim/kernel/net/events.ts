/** Events of the net module (applied by applyNetEvent). Placeholder until the module lands. */
export type NetEvent = { type: 'net.placeholder' };
