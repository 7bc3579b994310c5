#!/usr/bin/env node
// @ts-check
/** Runs the server's TypeScript in Node: .ts files are compiled on require with esbuild (as tools/simulator does). */
/* The Docker image runs the same entry, bundled by esbuild at build time (server/Dockerfile). */

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
  });
  /** @type {{ _compile(code: string, filename: string): void }} */ (/** @type {unknown} */ (module))._compile(
    code,
    filename,
  );
};

require('./src/start.ts');
