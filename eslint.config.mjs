// ESLint: typescript-eslint strict rules for app code, WeChat's globals, complexity capped as miniprogram-demo does.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const wechatGlobals = {
  wx: 'readonly',
  App: 'readonly',
  Page: 'readonly',
  Component: 'readonly',
  Behavior: 'readonly',
  getApp: 'readonly',
  getCurrentPages: 'readonly',
};

export default tseslint.config(
  {
    ignores: ['node_modules/', 'miniprogram/miniprogram_npm/', 'dist/', 'coverage/', 'docs/', '.tmp/'],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ['**/*.ts'],
    languageOptions: { globals: { ...wechatGlobals } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      complexity: ['error', 12],
      'no-console': 'error',
    },
  },
  {
    files: ['test/**/*.ts', 'tools/**/*.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.jest, ...globals.browser } },
    // require() is how jest.isolateModules loads a fresh copy of the app (a cold start).
    rules: { 'no-console': 'off', complexity: 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // npm test stays quiet: a measured figure goes through test/helpers/figures.ts (printed with TEST_FIGURES=1).
    files: ['test/**/*.ts'],
    ignores: ['test/helpers/figures.ts'],
    rules: {
      'no-console': 'error',
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'stdout', message: 'Use printFigures from test/helpers/figures.ts.' },
      ],
    },
  },
  {
    // The team server: Node, no WeChat globals; its tests read like the app's (jest, quiet).
    files: ['server/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['server/test/**/*.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: { complexity: 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off', complexity: 'off' },
  },
);
