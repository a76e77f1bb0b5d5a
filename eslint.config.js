import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    // The headless core: no DOM, no UI libraries, no real time or randomness (STYLE.md).
    files: ['src/sim/**/*.ts'],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['svelte', 'svelte/*', 'd3-*', 'monaco-editor', '@xterm/*', '**/app/**', 'node:*'] },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the host rng (src/sim/host/rng.ts).' },
        { object: 'Date', property: 'now', message: 'Use the virtual clock.' },
        { object: 'performance', property: 'now', message: 'Use the virtual clock.' },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'No real timers in the core.' },
        { name: 'setInterval', message: 'No real timers in the core.' },
        { name: 'window', message: 'The core never touches the DOM.' },
        { name: 'document', message: 'The core never touches the DOM.' },
      ],
    },
  },
);
