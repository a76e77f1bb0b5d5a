import type { Route } from '../api/types.ts';

/** Engine API routes of the containers area. */
export const containersRoutes: Route[] = [];
