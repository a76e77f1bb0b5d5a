import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { serviceWorkerPlugin } from './src/app/sw/vite-plugin.ts';

// `base: './'` makes the built site work from any static server and under any sub-path;
// the service worker (src/app/sw/) makes it work offline after the first load.
export default defineConfig({
  base: './',
  plugins: [svelte(), serviceWorkerPlugin()],
  build: {
    target: 'es2022',
    outDir: 'dist',
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/browser/**', 'node_modules/**'],
    environment: 'node',
    // Property tests run hundreds of random sequences; a 2-core CI machine needs headroom.
    testTimeout: 60_000,
  },
});
