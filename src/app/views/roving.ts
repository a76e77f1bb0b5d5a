/**
 * Roving focus for lists and grids of buttons: one Tab stop per list, arrow
 * keys move between items (WAI-ARIA Authoring Practices, "Managing focus
 * within components using a roving tabindex"). Items carry `data-roving`;
 * the component keeps which one has tabindex 0.
 */

/** Moves focus among `[data-roving]` descendants of `root` on arrow keys, Home and End. Returns whether it handled the key. */
export function rovingKeydown(e: KeyboardEvent, root: HTMLElement | null | undefined, opts: { columns?: number; linear?: boolean } = {}): boolean {
  if (!root) return false;
  const items = [...root.querySelectorAll<HTMLElement>('[data-roving]')].filter((el) => !(el as HTMLButtonElement).disabled);
  if (items.length === 0) return false;
  const at = items.indexOf(document.activeElement as HTMLElement);
  const cols = opts.columns ?? 1;
  let next: number;
  switch (e.key) {
    case 'ArrowDown':
      next = at < 0 ? 0 : Math.min(items.length - 1, at + (opts.linear ? 1 : cols));
      break;
    case 'ArrowUp':
      next = at < 0 ? 0 : Math.max(0, at - (opts.linear ? 1 : cols));
      break;
    case 'ArrowRight':
      if (opts.linear) {
        next = Math.min(items.length - 1, at + 1);
        break;
      }
      if (cols === 1) return false;
      next = Math.min(items.length - 1, at + 1);
      break;
    case 'ArrowLeft':
      if (opts.linear) {
        next = Math.max(0, at - 1);
        break;
      }
      if (cols === 1) return false;
      next = Math.max(0, at - 1);
      break;
    case 'Home':
      next = 0;
      break;
    case 'End':
      next = items.length - 1;
      break;
    case 'PageDown':
      next = Math.min(items.length - 1, Math.max(0, at) + 10 * cols);
      break;
    case 'PageUp':
      next = Math.max(0, at - 10 * cols);
      break;
    default:
      return false;
  }
  e.preventDefault();
  const el = items[next];
  el?.focus();
  el?.scrollIntoView({ block: 'nearest' });
  return true;
}
