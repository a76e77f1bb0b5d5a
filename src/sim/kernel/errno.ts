/**
 * errno values and their strerror(3) texts, as glibc prints them.
 *
 * Kernel operations return a SysError value instead of throwing: errors are
 * ordinary results (STYLE.md habit 5). `throw` is kept for broken invariants.
 */

export const ERRNO = {
  EPERM: [1, 'Operation not permitted'],
  ENOENT: [2, 'No such file or directory'],
  ESRCH: [3, 'No such process'],
  EINTR: [4, 'Interrupted system call'],
  EIO: [5, 'Input/output error'],
  E2BIG: [7, 'Argument list too long'],
  ENOEXEC: [8, 'Exec format error'],
  EBADF: [9, 'Bad file descriptor'],
  ECHILD: [10, 'No child processes'],
  EAGAIN: [11, 'Resource temporarily unavailable'],
  ENOMEM: [12, 'Cannot allocate memory'],
  EACCES: [13, 'Permission denied'],
  EBUSY: [16, 'Device or resource busy'],
  EEXIST: [17, 'File exists'],
  EXDEV: [18, 'Invalid cross-device link'],
  ENODEV: [19, 'No such device'],
  ENOTDIR: [20, 'Not a directory'],
  EISDIR: [21, 'Is a directory'],
  EINVAL: [22, 'Invalid argument'],
  EMFILE: [24, 'Too many open files'],
  ENOTTY: [25, 'Inappropriate ioctl for device'],
  ETXTBSY: [26, 'Text file busy'],
  EFBIG: [27, 'File too large'],
  ENOSPC: [28, 'No space left on device'],
  ESPIPE: [29, 'Illegal seek'],
  EROFS: [30, 'Read-only file system'],
  EMLINK: [31, 'Too many links'],
  EPIPE: [32, 'Broken pipe'],
  ERANGE: [34, 'Numerical result out of range'],
  ENAMETOOLONG: [36, 'File name too long'],
  ENOSYS: [38, 'Function not implemented'],
  ENOTEMPTY: [39, 'Directory not empty'],
  ELOOP: [40, 'Too many levels of symbolic links'],
  ENOTSOCK: [88, 'Socket operation on non-socket'],
  EPROTONOSUPPORT: [93, 'Protocol not supported'],
  EOPNOTSUPP: [95, 'Operation not supported'],
  EADDRINUSE: [98, 'Address already in use'],
  EADDRNOTAVAIL: [99, 'Cannot assign requested address'],
  ENETDOWN: [100, 'Network is down'],
  ENETUNREACH: [101, 'Network is unreachable'],
  ECONNRESET: [104, 'Connection reset by peer'],
  ENOTCONN: [107, 'Transport endpoint is not connected'],
  ETIMEDOUT: [110, 'Connection timed out'],
  ECONNREFUSED: [111, 'Connection refused'],
  EHOSTUNREACH: [113, 'No route to host'],
} as const satisfies Record<string, readonly [number, string]>;

export type Errno = keyof typeof ERRNO;

/**
 * An error result: one frozen, shared value per errno (sysErr). A class, so
 * isErr is an instanceof test: the results it looks at come in many shapes,
 * and a property load on them went through V8's megamorphic cache every
 * time. The declared brand makes the type nominal, so an object literal
 * `{ errno }` cannot pass for one.
 */
export class SysError {
  declare private readonly brand: never;
  constructor(readonly errno: Errno) {
    Object.freeze(this);
  }
}

const INTERNED = Object.freeze(Object.fromEntries(Object.keys(ERRNO).map((k) => [k, new SysError(k as Errno)]))) as Readonly<Record<Errno, SysError>>;

/** The (frozen, shared) error value for an errno. */
export function sysErr(errno: Errno): SysError {
  return INTERNED[errno];
}

export function isErr(x: unknown): x is SysError {
  return x instanceof SysError;
}

/** strerror(3): "Operation not permitted". */
export function strerror(errno: Errno): string {
  return ERRNO[errno][1];
}

export function errnoNumber(errno: Errno): number {
  return ERRNO[errno][0];
}
