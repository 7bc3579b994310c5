/** @jest-environment node */
/** `scripts/release.js` run for real as a child process: fast refusals, a dry run that compiles, WeChat unreachable. */

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ecPkcs8Key, keyBody, keyLine, rsaPkcs1Key } from './helpers/keys';

const ROOT = path.resolve(__dirname, '../..');
const RELEASE = path.join(ROOT, 'scripts', 'release.js');
const APPID = 'wx0123456789abcdef';
const WECHAT_UNREACHABLE =
  'cannot reach WeChat servers: check the network, and the upload IP whitelist in the mini program admin console';
const FULL_RUN_TIMEOUT = 120_000;
const FAST_RUN_TIMEOUT = 20_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the real script with only the MP_* variables given, and its own temp dir to inspect afterwards. */
function runRelease(args: string[], mpEnv: Record<string, string>, tmpdir: string): Promise<Run> {
  const inherited = Object.entries(process.env).filter(([name]) => !name.startsWith('MP_'));
  const env: NodeJS.ProcessEnv = { ...Object.fromEntries(inherited), TMPDIR: tmpdir, ...mpEnv };
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RELEASE, ...args], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

function keyDirsIn(dir: string): string[] {
  return fs.readdirSync(dir).filter((name) => name.startsWith('tccc-dialer-key-'));
}

/** Records every key folder created in `dir` while it watches: proof that the "none left" checks are not vacuous. */
function watchKeyDirs(dir: string) {
  const seen = new Set<string>();
  const watcher = fs.watch(dir, (_event, name) => {
    if (name && name.startsWith('tccc-dialer-key-')) seen.add(name);
  });
  return {
    stop: () => {
      watcher.close();
      return [...seen];
    },
  };
}

/** Every file of ours in the working tree (no dependencies, no git objects) that contains `needle`. */
function filesContaining(needle: string, dir = ROOT): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', '.git', 'miniprogram_npm'].includes(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...filesContaining(needle, full));
    else if (entry.isFile() && fs.statSync(full).size < 2_000_000 && fs.readFileSync(full, 'utf8').includes(needle)) {
      found.push(full);
    }
  }
  return found;
}

/** miniprogram-ci's compiler makes a working folder named md5(`<project>|summer`) in its current directory. */
function compilerWorkDirsIn(dir: string): string[] {
  return fs.readdirSync(dir).filter((name) => /^[0-9a-f]{32}$/.test(name));
}

/** The key must not appear in any output: not whole, not one line of it. */
function expectNoKeyIn(run: Run, pem: string) {
  for (const output of [run.stdout, run.stderr]) {
    expect(output).not.toContain(keyLine(pem));
    expect(output).not.toContain(keyBody(pem).slice(0, 32));
  }
}

/** A refusal: exit 1, one line on stderr, no stack, and no build step started. */
function expectFastRefusal(run: Run, line: string | RegExp) {
  expect(run.code).toBe(1);
  expect(run.stderr.endsWith('\n')).toBe(true);
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  if (typeof line === 'string') expect(run.stderr.trimEnd()).toBe(line);
  else expect(run.stderr.trimEnd()).toMatch(line);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stdout).not.toContain('▶ type check');
}

let tmpdir: string;
beforeEach(() => {
  tmpdir = fs.mkdtempSync(path.join(os.tmpdir(), 'release-test-'));
});
afterEach(() => fs.rmSync(tmpdir, { recursive: true, force: true }));

describe('refusals before any build step', () => {
  it(
    'a missing appid names MP_APPID',
    async () => {
      const run = await runRelease(['preview'], { MP_PRIVATE_KEY: rsaPkcs1Key() }, tmpdir);
      expectFastRefusal(run, /^✖ preview failed: MP_APPID is not set: set it to the mini program AppID/);
    },
    FAST_RUN_TIMEOUT,
  );

  it(
    'a missing key names MP_PRIVATE_KEY and MP_PRIVATE_KEY_PATH',
    async () => {
      const run = await runRelease(['upload'], { MP_APPID: APPID, MP_PRIVATE_KEY: '' }, tmpdir);
      expectFastRefusal(
        run,
        /^✖ upload failed: no upload key: set MP_PRIVATE_KEY \(the key text\) or MP_PRIVATE_KEY_PATH \(the key file\)/,
      );
    },
    FAST_RUN_TIMEOUT,
  );

  it(
    'an appid that is not wx + 16 hex characters says so',
    async () => {
      const run = await runRelease(['upload'], { MP_APPID: 'wx123', MP_PRIVATE_KEY: rsaPkcs1Key() }, tmpdir);
      expectFastRefusal(
        run,
        '✖ upload failed: MP_APPID "wx123" does not look like an AppID: expected wx followed by 16 hex characters',
      );
    },
    FAST_RUN_TIMEOUT,
  );

  it(
    'a key that is not a PEM private key is refused, never quoted, and never written anywhere',
    async () => {
      const secretText = 'sk_live_this_looks_secret_0123456789';
      const run = await runRelease(['upload'], { MP_APPID: APPID, MP_PRIVATE_KEY: secretText }, tmpdir);
      expectFastRefusal(run, /^✖ upload failed: MP_PRIVATE_KEY is not a PEM private key: expected a -----BEGIN RSA/);
      expect(run.stdout + run.stderr).not.toContain(secretText);
      expect(keyDirsIn(tmpdir)).toEqual([]);
    },
    FAST_RUN_TIMEOUT,
  );

  it(
    'a PEM key that is not RSA is refused too',
    async () => {
      const ecKey = ecPkcs8Key();
      const run = await runRelease(['preview'], { MP_APPID: APPID, MP_PRIVATE_KEY: ecKey }, tmpdir);
      expectFastRefusal(
        run,
        '✖ preview failed: MP_PRIVATE_KEY is not an RSA private key (it is ec): WeChat upload keys are RSA',
      );
      expectNoKeyIn(run, ecKey);
    },
    FAST_RUN_TIMEOUT,
  );

  it(
    'a robot outside 1–30 is refused',
    async () => {
      const run = await runRelease(
        ['upload'],
        { MP_APPID: APPID, MP_PRIVATE_KEY: rsaPkcs1Key(), MP_ROBOT: '31' },
        tmpdir,
      );
      expectFastRefusal(run, '✖ upload failed: MP_ROBOT must be a whole number from 1 to 30, got "31"');
    },
    FAST_RUN_TIMEOUT,
  );
});

describe('full runs', () => {
  it(
    'a dry run builds, compiles, prints the sizes and what it would send, and leaves no key behind',
    async () => {
      const pem = rsaPkcs1Key();
      const qrcodePath = path.join(tmpdir, 'qr', 'preview.jpg');
      const watch = watchKeyDirs(tmpdir);
      const run = await runRelease(
        ['preview', '--dry-run', '--qrcode', qrcodePath],
        { MP_APPID: APPID, MP_PRIVATE_KEY: pem, MP_ROBOT: '7' },
        tmpdir,
      );
      expect(watch.stop()).toHaveLength(1);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);

      // The build's own steps, in the build's order, then the stop before the network.
      const steps = [
        '▶ preview settings',
        '▶ type check',
        "▶ check WXML with WeChat's wcc",
        '▶ pack npm',
        '▶ compile with miniprogram-ci',
        '▶ package sizes',
        '▶ dry run: stopping before the network',
        '✔ preview dry run ok',
      ];
      const positions = steps.map((step) => run.stdout.indexOf(step));
      expect(positions.every((position) => position >= 0)).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);

      expect(run.stdout).toMatch(/ {2}compiled \d+ files in \d+ ms/);
      expect(run.stdout).toMatch(/ {2}main package +\d+\.\d KB {2}\(\d+ files; WeChat limit 2\.00 MB\)/);
      const wouldSend = run.stdout.slice(run.stdout.indexOf('▶ dry run'));
      expect(wouldSend).toContain('nothing was sent. ci.preview would get:');
      expect(wouldSend).toContain(`  appid      ${APPID}\n`);
      expect(wouldSend).toContain('  robot      7\n');
      expect(wouldSend).toMatch(/ {2}desc {7}.+ \([0-9a-f]{7,}\) \(from git\)\n/);
      expect(wouldSend).toContain(`  qrcode     ${qrcodePath} and the terminal\n`);
      expect(wouldSend).toContain('  key        MP_PRIVATE_KEY (PEM RSA key checked;');

      expectNoKeyIn(run, pem);
      expect(keyDirsIn(tmpdir)).toEqual([]);
      expect(fs.existsSync(qrcodePath)).toBe(false);
      // The compile ran in the repo root and left nothing there.
      expect(compilerWorkDirsIn(ROOT)).toEqual([]);
    },
    FULL_RUN_TIMEOUT,
  );

  it(
    'a real upload with WeChat unreachable fails with the clear message, and no key file is left anywhere',
    async () => {
      const pem = rsaPkcs1Key();
      const watch = watchKeyDirs(tmpdir);
      const run = await runRelease(['upload'], { MP_APPID: APPID, MP_PRIVATE_KEY: pem }, tmpdir);
      // The key did go to a temp file for the call ...
      expect(watch.stop()).toHaveLength(1);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(`✖ upload failed: ${WECHAT_UNREACHABLE}\n`);
      // The build ran, and the real ci.upload asked WeChat's host (which does not resolve here).
      expect(run.stdout).toContain('▶ package sizes');
      expect(run.stdout).toContain('▶ ci.upload: compile and send to WeChat');
      expect(run.stdout).toMatch(/ENOTFOUND servicewechat\.com/);

      // ... and is gone: not in the temp dir, not in the working tree, not in any output.
      expectNoKeyIn(run, pem);
      expect(keyDirsIn(tmpdir)).toEqual([]);
      expect(filesContaining(keyLine(pem))).toEqual([]);
      // Neither the build's compile nor ci.upload's leaves a working folder in the repo root.
      expect(compilerWorkDirsIn(ROOT)).toEqual([]);
    },
    FULL_RUN_TIMEOUT,
  );
});
