/**
 * Branded IDs. A host PID is not a namespaced PID: the difference is the very
 * thing the course teaches, so the type checker keeps them apart.
 */

export type HostPid = number & { readonly __brand: 'HostPid' };
export type NsPid = number & { readonly __brand: 'NsPid' };
/** A namespace's inode number, as in `readlink /proc/PID/ns/pid` → `pid:[4026531836]`. */
export type NsInum = number & { readonly __brand: 'NsInum' };

export const hostPid = (n: number): HostPid => n as HostPid;
export const nsPid = (n: number): NsPid => n as NsPid;
export const nsInum = (n: number): NsInum => n as NsInum;
