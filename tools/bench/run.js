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

/**
 * The bench's entry points. `bench.ts` and `outboxBench.ts` bundle the app modules they measure (miniprogram-ci and
 * esbuild are read as they are); the others drive Chromium, PGlite or PostgreSQL, whose packages stay in
 * node_modules.
 */
const ENTRIES = [
  { name: 'bench', packages: 'bundled' }, // the Node rows
  { name: 'slowPhone', packages: 'external' }, // the real app in Chromium on a throttled CPU
  { name: 'serverBench', packages: 'external' }, // the team server's push ingest and call batch
  { name: 'serverScaleBench', packages: 'external' }, // opt-in (--server-scale): a seeded team at scale
  { name: 'outboxBench', packages: 'bundled' }, // the phone's outbox rows
];
for (const entry of ENTRIES) {
  esbuild.buildSync({
    entryPoints: [path.join(__dirname, `${entry.name}.ts`)],
    outfile: path.join(OUT_DIR, `${entry.name}.js`),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    logLevel: 'warning',
    ...(entry.packages === 'external' ? { packages: 'external' } : { external: ['miniprogram-ci', 'esbuild'] }),
  });
}

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

/**
 * Runs one compiled section in a child with the bench's arguments; each section writes its own part of
 * docs/benchmarks.md (or prints, for the outbox).
 * @param {string} name
 * @param {string[]} [args]
 */
function runSection(name, args = process.argv.slice(2)) {
  const child = spawnSync(process.execPath, [path.join(OUT_DIR, `${name}.js`), ...args], {
    stdio: 'inherit',
    cwd: ROOT,
    env: ENV,
  });
  return child.status === null ? 1 : child.status;
}

/** The written note is formatted like every other file, so `npm run lint` passes on it. */
function formatNote() {
  spawnSync(process.execPath, [require.resolve('prettier/bin/prettier.cjs'), '--write', 'docs/benchmarks.md'], {
    cwd: ROOT,
    stdio: 'ignore',
  });
}

if (process.argv.includes('--server-scale')) {
  const status = runSection('serverScaleBench');
  if (status === 0 && !process.argv.includes('--quick')) formatNote();
  process.exit(status);
}

if (process.argv.includes('--server-only')) {
  const status = runSection('serverBench');
  if (status === 0 && !process.argv.includes('--quick')) formatNote();
  process.exit(status);
}

/** The team outbox's rows (outboxBench.ts): printed, not written to the note. */
if (process.argv.includes('--outbox-only')) {
  process.exit(runSection('outboxBench', []));
}

if (process.argv.includes('--slow-phone-only')) {
  const status = runSection('slowPhone');
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
const slowStatus = result.status === 0 && !NODE_ONLY ? runSection('slowPhone') : 0;
const serverStatus = result.status === 0 && !NODE_ONLY ? runSection('serverBench') : 0;
if (result.status === 0 && !process.argv.includes('--quick') && !CHOSEN_ROWS) formatNote();
process.exit(result.status === null ? 1 : result.status || slowStatus || serverStatus);
