#!/usr/bin/env node
// @ts-check
/** `node tools/bench/dashboard.js`: the dashboard at scale on PGlite (100,000 calls, 200 agents); prints a table. */

const fs = require('node:fs');
const esbuild = require('esbuild');

/** @type {NodeJS.RequireExtensions} */
const extensions = require.extensions;
extensions['.ts'] = (module, filename) => {
  const { code } = esbuild.transformSync(fs.readFileSync(filename, 'utf8'), {
    loader: 'ts',
    format: 'cjs',
    target: 'node20',
    sourcefile: filename,
  });
  /** @type {{ _compile(code: string, filename: string): void }} */ (/** @type {unknown} */ (module))._compile(
    code,
    filename,
  );
};

require('./dashboardBench.ts')
  .dashboardBench((/** @type {string} */ line) => console.log(line))
  .catch((/** @type {unknown} */ error) => {
    console.error(error);
    process.exit(1);
  });
