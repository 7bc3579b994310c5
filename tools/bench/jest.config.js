// @ts-check
/** Jest for the benchmark's setData section only (`npm run bench` runs it): not matched by the repo's tests. */

process.env.TZ = 'Asia/Shanghai';

const path = require('node:path');

/** @type {import('jest').Config} */
module.exports = {
  rootDir: path.resolve(__dirname, '..', '..'),
  testEnvironment: 'jsdom',
  roots: ['<rootDir>/tools/bench'],
  testMatch: ['**/*.bench.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json', diagnostics: false }],
  },
  globalSetup: '<rootDir>/test/globalSetup.js',
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/miniprogram_npm/'],
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  clearMocks: true,
};
