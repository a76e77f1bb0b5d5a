/**
 * The client side of libvirt's socket for virsh and virt-install: a request
 * to the server bound at /run/libvirt/libvirt-sock, if the socket file is
 * there in the caller's mount namespace and someone serves it.
 */

import type { Ctx } from '../../userland/types.ts';
import { exists } from '../../kernel/fs/index.ts';
import { LIBVIRT_SOCK } from '../host-setup.ts';
import type { VirRequest, VirResponse } from '../libvirt-api.ts';

/** What virsh prints when it cannot reach libvirtd. */
export const CONNECT_ERROR = "error: failed to connect to the hypervisor\nerror: Failed to connect socket to '/var/run/libvirt/libvirt-sock': No such file or directory\n";

export function virCall(ctx: Ctx<unknown>, req: VirRequest): VirResponse | null {
  const server = ctx.k.ports.unix[LIBVIRT_SOCK];
  if (!server || !exists(ctx.k, ctx.pid, LIBVIRT_SOCK)) return null;
  return server.request(req, ctx.pid) as VirResponse;
}

/** The caller's terminal, if its stdin is one (what isatty(0) and ttyname(0) answer). */
export function ttyOf(ctx: Ctx<unknown>): string | null {
  const f = ctx.fds[0];
  return f && f.k === 'tty' ? f.tty : null;
}
