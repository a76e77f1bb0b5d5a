/**
 * The two colour themes, for the page (CSS custom properties in App.svelte) and
 * for xterm.js (which paints its own colours). Every foreground/background
 * pair used for text meets WCAG AA (4.5:1) against its theme's background.
 */

import type { ITheme } from '@xterm/xterm';

export type ThemeName = 'dark' | 'light';

/** Dark: GitHub-dark-like palette; ANSI colours are the bright-enough variants. */
const dark: ITheme = {
  background: '#0d1117',
  foreground: '#e6edf3',
  cursor: '#e6edf3',
  cursorAccent: '#0d1117',
  selectionBackground: '#264f78',
  black: '#484f58',
  red: '#ff7b72',
  green: '#3fb950',
  yellow: '#d29922',
  blue: '#58a6ff',
  magenta: '#d2a8ff',
  cyan: '#39c5cf',
  white: '#b1bac4',
  brightBlack: '#8b949e',
  brightRed: '#ffa198',
  brightGreen: '#56d364',
  brightYellow: '#e3b341',
  brightBlue: '#79c0ff',
  brightMagenta: '#e2c5ff',
  brightCyan: '#56d4dd',
  brightWhite: '#ffffff',
};

/** Light: ANSI colours darkened so each reads at 4.5:1 or better on white. */
const light: ITheme = {
  background: '#ffffff',
  foreground: '#1f2328',
  cursor: '#1f2328',
  cursorAccent: '#ffffff',
  selectionBackground: '#b6d7ff',
  black: '#24292f',
  red: '#b42318',
  green: '#116329',
  yellow: '#7d4e00',
  blue: '#0550ae',
  magenta: '#8250df',
  cyan: '#1b7c83',
  white: '#57606a',
  brightBlack: '#57606a',
  brightRed: '#a40e26',
  brightGreen: '#1a7f37',
  brightYellow: '#633c01',
  brightBlue: '#0969da',
  brightMagenta: '#6639ba',
  brightCyan: '#136061',
  brightWhite: '#24292f',
};

export const xtermThemes: Record<ThemeName, ITheme> = { dark, light };
