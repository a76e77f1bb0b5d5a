/**
 * Registers the offline service worker (service-worker.ts, built to sw.js
 * beside index.html) with a relative URL and scope, so the app works offline
 * under whatever path it is served from. Production builds only: the dev
 * server's modules change on every edit and must never be served from a cache.
 *
 * When a newer build has been installed and is waiting, `onupdate` gets a
 * function that switches to it and reloads the page (the learner decides;
 * the sandbox is saved in localStorage and comes back after the reload).
 */

export function registerServiceWorker(onupdate: (apply: () => void) => void): void {
  if (!('serviceWorker' in navigator)) return;
  const sw = navigator.serviceWorker;
  let reloading = false;
  const offer = (reg: ServiceWorkerRegistration) => {
    const waiting = reg.waiting;
    if (!waiting || !sw.controller) return; // first install: nothing to switch from
    onupdate(() => {
      sw.addEventListener('controllerchange', () => {
        if (reloading) return;
        reloading = true;
        location.reload();
      });
      waiting.postMessage('SKIP_WAITING');
    });
  };
  sw.register('./sw.js', { scope: './' }).then(
    (reg) => {
      offer(reg);
      reg.addEventListener('updatefound', () => {
        const next = reg.installing;
        next?.addEventListener('statechange', () => {
          if (next.state === 'installed') offer(reg);
        });
      });
    },
    (err: unknown) => {
      // Offline use is a bonus: the app works without it (file://, private modes, old browsers).
      console.warn('container-sim: the offline service worker could not be registered:', err);
    },
  );
}
