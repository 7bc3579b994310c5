#!/usr/bin/env node
// @ts-check
/** `npm run bench`: compiles the benchmark (and the app modules it measures) with esbuild, then runs it in Node. */

const path = require('node:path');
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');
const esbuild = require('esbuild');

const ROOT = path.resolve(__dirname, '..', '..');
const OUT_DIR = path.join(ROOT, '.tmp', 'bench');

fs.mkdirSync(OUT_DIR, { recursive: true });
esbuild.buildSync({
  entryPoints: [path.join(__dirname, 'bench.ts')],
  outfile: path.join(OUT_DIR, 'bench.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  logLevel: 'warning',
  // The benchmark reads the build's own measuring code and miniprogram-ci as they are.
  external: ['miniprogram-ci', 'esbuild'],
});

// --expose-gc lets the benchmark settle memory between runs, so one case does not pay for another's garbage.
const result = spawnSync(process.execPath, ['--expose-gc', path.join(OUT_DIR, 'bench.js'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: ROOT,
  env: { ...process.env, TZ: 'Asia/Shanghai' },
});
process.exit(result.status === null ? 1 : result.status);
