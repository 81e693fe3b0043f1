// Lint: typescript-eslint's recommended rules everywhere, and Lit's and web components' rules for the widget.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';

const NODE_GLOBALS = { process: 'readonly', Buffer: 'readonly', URL: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' };

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'bench/baseline/', 'custom-elements.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['components/**/*.ts'],
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['components/**/*.ts'],
    ...wc.configs['flat/recommended'],
  },
  {
    files: ['components/**/*.ts'],
    rules: {
      // Lit binds listeners to the host already; `value=` sets the attribute, not what the field shows.
      'lit/no-template-bind': 'error',
      'lit/no-this-assign-in-render': 'error',
      'lit/no-value-attribute': 'error',
    },
  },
  {
    rules: {
      // Unused names are the compiler's job (noUnusedLocals, noUnusedParameters); `_`-prefixed ones are deliberate.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Plain JavaScript run by Node (configs, the benchmark's floor server, the seed's server).
    files: ['**/*.mjs', '**/*.cjs', '*.js'],
    languageOptions: { globals: NODE_GLOBALS },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...NODE_GLOBALS, module: 'writable', require: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
