// @ts-check
/** Jest: the app (ts-jest, jsdom for miniprogram-simulate) and the team server (Node), Shanghai time for every date. */

process.env.TZ = 'Asia/Shanghai';

/** The mini program, its tools and scripts. */
/** @type {import('jest').Config} */
const app = {
  displayName: 'app',
  rootDir: __dirname,
  testEnvironment: 'jsdom',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json', diagnostics: false }],
    // Phone tests that talk to the real team server (through Fastify's inject) load its database like its tests do.
    '/node_modules/(@electric-sql/pglite|cookie)/.+\\.c?js$': '<rootDir>/server/test/nodeModulesTransform.js',
  },
  transformIgnorePatterns: ['/node_modules/(?!(@electric-sql/pglite|cookie)/)'],
  globalSetup: '<rootDir>/test/globalSetup.js',
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/miniprogram_npm/'],
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  clearMocks: true,
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [app, require('./server/jest.config.js')],
};
// Not an option jest reads: the bench's jest config builds on the app project.
Object.defineProperty(module.exports, 'app', { value: app, enumerable: false });
