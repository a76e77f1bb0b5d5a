/**
 * Browser entry point: mounts one App (one simulated host) into #app.
 * Embedding more simulators on a page is mounting more Apps; they share nothing.
 */

import { mount } from 'svelte';
import App from './App.svelte';

// Start fetching and compiling the simulator and the terminal while the page
// mounts (App imports them again when it boots; the browser loads each once).
void import('../sim/host/host.ts');
void import('./terminal/TerminalView.svelte');

const target = document.getElementById('app');
if (!target) throw new Error('container-sim: no #app element to mount into');

export default mount(App, { target, props: { seed: 1 } });
