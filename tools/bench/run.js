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

// The slow-phone section drives the simulator in Chromium: its packages stay in node_modules.
esbuild.buildSync({
  entryPoints: [path.join(__dirname, 'slowPhone.ts')],
  outfile: path.join(OUT_DIR, 'slowPhone.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  logLevel: 'warning',
  packages: 'external',
});

// The team server's section: PGlite's WASM and the server's packages stay in node_modules.
esbuild.buildSync({
  entryPoints: [path.join(__dirname, 'serverBench.ts')],
  outfile: path.join(OUT_DIR, 'serverBench.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  logLevel: 'warning',
  packages: 'external',
});

// The team server at scale (opt-in, --server-scale): seeds 100,000 calls on PGlite and 1,000,000 on PostgreSQL.
esbuild.buildSync({
  entryPoints: [path.join(__dirname, 'serverScaleBench.ts')],
  outfile: path.join(OUT_DIR, 'serverScaleBench.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  logLevel: 'warning',
  packages: 'external',
});

// The phone's outbox rows (bench.ts runs it as a step).
esbuild.buildSync({
  entryPoints: [path.join(__dirname, 'outboxBench.ts')],
  outfile: path.join(OUT_DIR, 'outboxBench.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  logLevel: 'warning',
  external: ['miniprogram-ci', 'esbuild'],
});

const STARTED = Date.now();
const ENV = { ...process.env, TZ: 'Asia/Shanghai', BENCH_STARTED: String(STARTED) };

/**
 * Runs one measuring step in its own process, its output shown only when it fails: bench.ts reports a missing
 * result as "not measured" rather than stopping the whole run.
 * @param {string} label
 * @param {string[]} args
 */
function runStep(label, args) {
  process.stderr.write(`bench: ${label}…\n`);
  const step = spawnSync(process.execPath, args, { cwd: ROOT, env: ENV, encoding: 'utf8' });
  if (step.status !== 0) process.stderr.write(`bench: ${label} failed\n${step.stdout}${step.stderr}\n`);
}

/** The real app on a throttled CPU (slowPhone.ts): it writes its own section of docs/benchmarks.md. */
function runSlowPhone() {
  const slow = spawnSync(process.execPath, [path.join(OUT_DIR, 'slowPhone.js'), ...process.argv.slice(2)], {
    stdio: 'inherit',
    cwd: ROOT,
    env: ENV,
  });
  return slow.status === null ? 1 : slow.status;
}

/** The written note is formatted like every other file, so `npm run lint` passes on it. */
function formatNote() {
  spawnSync(process.execPath, [require.resolve('prettier/bin/prettier.cjs'), '--write', 'docs/benchmarks.md'], {
    cwd: ROOT,
    stdio: 'ignore',
  });
}

/** The team server's section (serverBench.ts): it writes its own section of docs/benchmarks.md. */
function runServer() {
  const server = spawnSync(process.execPath, [path.join(OUT_DIR, 'serverBench.js'), ...process.argv.slice(2)], {
    stdio: 'inherit',
    cwd: ROOT,
    env: ENV,
  });
  return server.status === null ? 1 : server.status;
}

if (process.argv.includes('--server-scale')) {
  const scale = spawnSync(process.execPath, [path.join(OUT_DIR, 'serverScaleBench.js'), ...process.argv.slice(2)], {
    stdio: 'inherit',
    cwd: ROOT,
    env: ENV,
  });
  const status = scale.status === null ? 1 : scale.status;
  if (status === 0 && !process.argv.includes('--quick')) formatNote();
  process.exit(status);
}

if (process.argv.includes('--server-only')) {
  const status = runServer();
  if (status === 0 && !process.argv.includes('--quick')) formatNote();
  process.exit(status);
}

/** The team outbox's rows (outboxBench.ts): printed, not written to the note. */
if (process.argv.includes('--outbox-only')) {
  const outbox = spawnSync(process.execPath, [path.join(OUT_DIR, 'outboxBench.js')], {
    stdio: 'inherit',
    cwd: ROOT,
    env: ENV,
  });
  process.exit(outbox.status === null ? 1 : outbox.status);
}

if (process.argv.includes('--slow-phone-only')) {
  const status = runSlowPhone();
  if (status === 0 && !process.argv.includes('--quick')) formatNote();
  process.exit(status);
}

// --rows="…" times chosen Node rows only (see tools/bench/config.ts); --node-only skips the slow phone and the server.
const CHOSEN_ROWS = process.argv.some((a) => a.startsWith('--rows='));
const NODE_ONLY = CHOSEN_ROWS || process.argv.includes('--node-only');

if (!CHOSEN_ROWS) {
  for (const file of ['setdata.json', 'package.json']) fs.rmSync(path.join(OUT_DIR, file), { force: true });
  // setData needs a DOM (simulate): its own jest run and config, never part of `npm test`.
  runStep('setData payloads in miniprogram-simulate', [
    require.resolve('jest/bin/jest'),
    '-c',
    path.join(__dirname, 'jest.config.js'),
    '--silent',
  ]);
  // miniprogram-ci leaves a process behind and must exit: a child of its own.
  runStep('package sizes from the offline compile', [path.join(__dirname, 'packageSize.js')]);
}

// --expose-gc lets the benchmark settle memory between runs, so one case does not pay for another's garbage.
const result = spawnSync(process.execPath, ['--expose-gc', path.join(OUT_DIR, 'bench.js'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: ROOT,
  env: ENV,
});
// After the Node sections: they rewrite the whole note, this one puts its section into it.
const slowStatus = result.status === 0 && !NODE_ONLY ? runSlowPhone() : 0;
const serverStatus = result.status === 0 && !NODE_ONLY ? runServer() : 0;
if (result.status === 0 && !process.argv.includes('--quick') && !CHOSEN_ROWS) formatNote();
process.exit(result.status === null ? 1 : result.status || slowStatus || serverStatus);
