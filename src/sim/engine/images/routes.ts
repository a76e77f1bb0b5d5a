import type { Route } from '../api/types.ts';

/** Engine API routes of the images area. */
export const imagesRoutes: Route[] = [];
