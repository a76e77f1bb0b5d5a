import type { Route } from '../api/types.ts';

/** Engine API routes of the volumes area. */
export const volumesRoutes: Route[] = [];
