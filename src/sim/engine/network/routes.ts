import type { Route } from '../api/types.ts';

/** Engine API routes of the network area. */
export const networkRoutes: Route[] = [];
