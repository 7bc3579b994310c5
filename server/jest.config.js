// @ts-check
/** Jest for the server: Node environment, ts-jest with the server's tsconfig, Shanghai time. */

process.env.TZ = 'Asia/Shanghai';

/** @type {import('jest').Config} */
module.exports = {
  displayName: 'server',
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }],
    '/node_modules/(@electric-sql/pglite|cookie)/.+\\.c?js$': '<rootDir>/test/nodeModulesTransform.js',
  },
  transformIgnorePatterns: ['/node_modules/(?!(@electric-sql/pglite|cookie)/)'],
  // Opening PGlite (WASM) and migrating takes seconds on a busy 2-core machine (see test/setup.ts).
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  clearMocks: true,
};
