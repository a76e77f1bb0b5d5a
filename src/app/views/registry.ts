/**
 * The views the app offers, in tab order, each loaded on first use (dynamic
 * import keeps them out of the initial JavaScript). Alt+<key> switches to a
 * view from anywhere, the terminal included.
 */

import type { Component } from 'svelte';
import type { ViewProps } from './types.ts';

export interface ViewEntry {
  id: string;
  title: string;
  /** Alt+<key> shortcut (a digit). */
  key: string;
  load: () => Promise<{ default: Component<ViewProps> }>;
}

export const VIEWS: readonly ViewEntry[] = [
  { id: 'processes', title: 'Processes', key: '1', load: () => import('./ProcessesView.svelte') },
  { id: 'namespaces', title: 'Namespaces', key: '2', load: () => import('./NamespacesView.svelte') },
  { id: 'cgroups', title: 'cgroups', key: '3', load: () => import('./CgroupsView.svelte') },
  { id: 'capabilities', title: 'Capabilities', key: '4', load: () => import('./CapabilitiesView.svelte') },
  { id: 'filesystem', title: 'Filesystem', key: '5', load: () => import('./FilesystemView.svelte') },
  { id: 'network', title: 'Network', key: '6', load: () => import('./NetworkView.svelte') },
  { id: 'engine', title: 'Engine', key: '7', load: () => import('./EngineView.svelte') },
  { id: 'images', title: 'Images', key: '8', load: () => import('./ImagesView.svelte') },
  { id: 'vm', title: 'VMs', key: '9', load: () => import('../vm/VmView.svelte') },
];

/** Keyboard shortcuts, for the help dialog (the handler lives in App.svelte). */
export const SHORTCUTS: ReadonlyArray<{ keys: string; what: string }> = [
  { keys: '?', what: 'Open this help (outside the terminal); Alt+/ works everywhere' },
  { keys: 'Alt+1 … Alt+9', what: 'Switch view: ' + VIEWS.map((v) => `${v.key} ${v.title}`).join(', ') },
  { keys: 'Alt+T', what: 'Focus the terminal' },
  { keys: 'Alt+V', what: 'Focus the current view' },
  { keys: 'Esc, then Tab', what: 'Leave the terminal (Tab alone completes commands)' },
  { keys: 'Alt+K', what: 'Play or pause the animation of events' },
  { keys: 'Alt+J', what: 'Play one step (pauses)' },
  { keys: 'Alt+L', what: 'Jump to the latest state' },
  { keys: 'Alt+Z', what: 'Undo the last command' },
  { keys: '↑ ↓ ← → Home End', what: 'Move between items inside a view' },
  { keys: 'Enter or Space', what: 'Select the focused item (its details open beside the terminal)' },
];
