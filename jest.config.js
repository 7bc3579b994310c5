// @ts-check
/** Jest: TypeScript through ts-jest, jsdom for miniprogram-simulate, Shanghai time for every date. */

process.env.TZ = 'Asia/Shanghai';

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'jsdom',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
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
