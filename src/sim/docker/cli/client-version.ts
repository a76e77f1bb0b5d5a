/** The docker client this CLI reproduces: docker 28.2.2 (API 1.50), its build identity as `docker version` prints it. */

export const CLIENT_VERSION = '28.2.2';
export const CLIENT_COMMIT = 'e6534b4';
export const CLIENT_API_VERSION = '1.50';
