#!/usr/bin/env node
// @ts-check
/** Runs a TypeScript entry of the simulator in Node: .ts files are compiled on require with esbuild. */

const fs = require('node:fs');
const esbuild = require('esbuild');

/** @type {NodeJS.RequireExtensions} */
const extensions = require.extensions;
extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = esbuild.transformSync(source, {
    loader: 'ts',
    format: 'cjs',
    target: 'node20',
    sourcefile: filename,
    sourcemap: 'inline',
  });
  /** @type {{ _compile(code: string, filename: string): void }} */ (/** @type {unknown} */ (module))._compile(
    code,
    filename,
  );
};

require('./cli.ts')
  .main(process.argv.slice(2))
  .catch((/** @type {unknown} */ error) => {
    // A UsageError (cli.ts) is a mistake fixed from its one line; anything else is a bug and keeps its stack.
    if (error instanceof Error && error.name === 'UsageError') process.stderr.write(`✖ ${error.message}\n`);
    else process.stderr.write(`\n✖ ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
