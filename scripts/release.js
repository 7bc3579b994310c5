#!/usr/bin/env node
// @ts-check
/** `npm run preview` / `npm run upload`: the build's steps, then ci.preview or ci.upload (`--dry-run`: no network). */

const path = require('node:path');
const {
  typecheck,
  checkWxml,
  packNpm,
  compileOffline,
  reportSizes,
  readPackageVersion,
  formatBytes,
} = require('./lib/buildSteps');
const { readReleaseOptions } = require('./lib/releaseOptions');
const { loadPrivateKey } = require('./lib/privateKey');
const { withKeyFile } = require('./lib/keyFile');
const { gitDescription } = require('./lib/gitDescription');
const { describeReleaseError } = require('./lib/releaseErrors');
const { callWechatInChild } = require('./lib/wechatCall');

/**
 * @typedef {import('./lib/releaseOptions').ReleaseOptions} ReleaseOptions
 * @typedef {import('./lib/privateKey').PrivateKey} PrivateKey
 * @typedef {Array<{ name: string, size: number }>} SubPackageInfo
 */

/** @param {string} label */
function step(label) {
  process.stdout.write(`\n▶ ${label}\n`);
}

/** @param {string} name @param {string} value */
function field(name, value) {
  process.stdout.write(`  ${name.padEnd(10)} ${value}\n`);
}

/** Where the key comes from and how it is handled; never the key itself. @param {PrivateKey} key */
function describeKey(key) {
  if (key.source.variable === 'MP_PRIVATE_KEY') {
    return 'MP_PRIVATE_KEY (PEM RSA key checked; written to a 0600 temp file for the call, removed after it)';
  }
  return 'MP_PRIVATE_KEY_PATH (PEM RSA key checked; the file is used where it is)';
}

/** What goes to WeChat, the key excepted. @param {ReleaseOptions} options @param {PrivateKey} key */
function printRequest(options, key) {
  field('appid', options.appid);
  field('robot', String(options.robot));
  field(
    'version',
    options.command === 'preview' ? '(a preview has no version)' : `${options.version} (from ${options.versionFrom})`,
  );
  field('desc', `${options.desc} (from ${options.descFrom})`);
  field('key', describeKey(key));
  if (options.command === 'preview') field('qrcode', `${path.resolve(options.qrcodePath)} and the terminal`);
}

/** The sizes WeChat reports after a preview or an upload. @param {SubPackageInfo | undefined} info */
function printWechatSizes(info) {
  step('package sizes reported by WeChat');
  if (!info || info.length === 0) {
    process.stdout.write('  (WeChat reported no sizes)\n');
    return;
  }
  for (const { name, size } of info) {
    const label = name === '__FULL__' ? 'all packages' : name === '__APP__' ? 'main package' : `subpackage ${name}`;
    process.stdout.write(`  ${label.padEnd(28)} ${formatBytes(size).padStart(10)}\n`);
  }
}

/** @param {ReleaseOptions} options @param {PrivateKey} key @param {string} keyPath */
async function sendToWechat(options, key, keyPath) {
  step(options.dryRun ? 'dry run: stopping before the network' : `ci.${options.command}: compile and send to WeChat`);
  const result = await callWechatInChild({
    command: options.command,
    dryRun: options.dryRun,
    appid: options.appid,
    keyPath,
    robot: options.robot,
    version: options.version,
    desc: options.desc,
    qrcodePath: path.resolve(options.qrcodePath),
  });
  if (options.dryRun) {
    process.stdout.write(`  the project loads with the key; nothing was sent. ci.${options.command} would get:\n`);
    printRequest(options, key);
    return;
  }
  if (options.command === 'upload') {
    process.stdout.write(`  uploaded ${options.version} as the development version of robot ${options.robot}\n`);
  }
  printWechatSizes(result.subPackageInfo);
}

/** @param {PrivateKey} key @param {(keyPath: string) => Promise<void>} use */
async function withKeyPath(key, use) {
  if (key.source.variable === 'MP_PRIVATE_KEY_PATH') return use(key.source.path);
  return withKeyFile(key.pem, use);
}

/** @param {string[]} argv */
async function release(argv) {
  // Every mistake in the settings or the key is reported before the slow build starts.
  const options = readReleaseOptions(argv, process.env, { packageVersion: readPackageVersion, gitDescription });
  const key = loadPrivateKey(options.keySource);
  step(`${options.command} settings`);
  printRequest(options, key);

  typecheck();
  checkWxml();
  await packNpm();
  reportSizes(await compileOffline());

  await withKeyPath(key, (keyPath) => sendToWechat(options, key, keyPath));
  return options;
}

// miniprogram-ci writes its routine chatter with console.warn: keep it in the log (stdout) so that stderr holds only
// the verdict of a failed run.
console.warn = (...args) => console.log(...args);

const argv = process.argv.slice(2);
const commandName = argv[0] === 'preview' || argv[0] === 'upload' ? argv[0] : 'release';

release(argv)
  .then((options) => {
    process.stdout.write(`\n✔ ${options.command}${options.dryRun ? ' dry run' : ''} ok\n`);
    // miniprogram-ci leaves a child process running; end it explicitly.
    process.exit(0);
  })
  .catch((error) => {
    const report = describeReleaseError(error);
    process.stderr.write(`✖ ${commandName} failed: ${report.message}\n`);
    process.exit(1);
  });
