/**
 * Transitions for elements that are fully opaque and untransformed:
 * svelte/transition's `fade` and `fly` without their `getComputedStyle(node)`.
 * Svelte calls a transition's function as the element enters, inside the
 * update that follows a command, and reading a computed style there makes the
 * browser recalculate the page's styles then and there, before the view's
 * change can reach the screen (and with motion off too, duration 0); the
 * frame's rendering recalculates them anyway. Measured with `npm run
 * bench:first-enter`: the first command's frame rendered 4-6 ms sooner.
 */

import { cubicOut } from 'svelte/easing';
import type { TransitionConfig } from 'svelte/transition';

/** svelte/transition's `fade` (linear), to full opacity. */
export function fadeOpaque(_node: Element, { delay = 0, duration = 400 }: { delay?: number; duration?: number } = {}): TransitionConfig {
  return { delay, duration, css: (t) => `opacity: ${t}` };
}

/** svelte/transition's `fly` by `y` pixels (cubicOut), for an element with no transform or opacity of its own. */
export function riseOpaque(_node: Element, { delay = 0, duration = 400, y = 0 }: { delay?: number; duration?: number; y?: number } = {}): TransitionConfig {
  return { delay, duration, easing: cubicOut, css: (t, u) => `transform: translate(0px, ${u * y}px); opacity: ${t}` };
}
