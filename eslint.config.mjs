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
  // Layering (README, docs/architecture.md): each message names the rule that broke.
  {
    files: ['miniprogram/core/**/*.ts'],
    languageOptions: {
      globals: { wx: 'off', App: 'off', Page: 'off', Component: 'off', getApp: 'off', getCurrentPages: 'off' },
    },
    rules: {
      'no-restricted-globals': [
        'error',
        ...['wx', 'App', 'Page', 'Component', 'getApp', 'getCurrentPages'].map((name) => ({
          name,
          message: `Layering: miniprogram/core is pure TypeScript, no ${name}; calls to WeChat go through miniprogram/services.`,
        })),
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)(services|pages|components)(/|$)',
              message: 'Layering: miniprogram/core imports nothing from services, pages or components.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['miniprogram/services/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)(pages|components)(/|$)',
              message: 'Layering: miniprogram/services imports nothing from pages or components.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['tools/**/*.{ts,js,mjs,cjs}', 'scripts/**/*.{ts,js,mjs,cjs}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(server/)?test(/|$)',
              message:
                'Layering: tools/ and scripts/ import nothing from test/ or server/test/ (shared fakes live in tools/ or server/fakes/).',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.name='require'] > Literal[value=/^(\\.\\.\\/)+(server\\/)?test(\\/|$)/]",
          message:
            'Layering: tools/ and scripts/ import nothing from test/ or server/test/ (shared fakes live in tools/ or server/fakes/).',
        },
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
    // The fakes of TCCC and WeChat (used by the server's tests and the simulator) dispatch like the real APIs.
    files: ['server/fakes/**/*.ts'],
    rules: { complexity: 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off', complexity: 'off' },
  },
);
