// @ts-check
/** Jest for the benchmark's setData section only (`npm run bench` runs it): the repo's setup, other roots. */

const path = require('node:path');
const base = require('../../jest.config.js').app;

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  rootDir: path.resolve(__dirname, '..', '..'),
  roots: ['<rootDir>/tools/bench'],
  testMatch: ['**/*.bench.ts'],
};
