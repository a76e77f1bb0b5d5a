/**
 * A fade for elements that are fully opaque: svelte/transition's `fade`
 * without its `getComputedStyle(node).opacity`. Svelte calls a transition's
 * function as the element enters, inside the update that follows a command,
 * and reading a computed style there makes the browser recalculate the
 * page's styles then and there, before the view's change can reach the
 * screen (and again with motion off, duration 0); the frame's rendering
 * recalculates them anyway.
 */

import type { TransitionConfig } from 'svelte/transition';

export function fadeOpaque(_node: Element, { delay = 0, duration = 400 }: { delay?: number; duration?: number } = {}): TransitionConfig {
  return { delay, duration, css: (t) => `opacity: ${t}` };
}
