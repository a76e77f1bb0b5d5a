import type { Route } from '../api/types.ts';

/** Engine API routes of the system area. */
export const systemRoutes: Route[] = [];
