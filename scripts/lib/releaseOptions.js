// @ts-check
/** Release settings from the command line and the MP_* variables, validated before any build step runs. */

const { BuildError } = require('./buildSteps');

const APPID_PATTERN = /^wx[0-9a-f]{16}$/;
const VERSION_PATTERN = /^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}$/;
const ROBOT_MIN = 1;
const ROBOT_MAX = 30;
const DEFAULT_QRCODE_PATH = 'dist/preview-qrcode.jpg';
const USAGE = 'usage: node scripts/release.js <preview|upload> [--dry-run] [--qrcode <path>]';

/**
 * @typedef {'preview' | 'upload'} ReleaseCommand
 * @typedef {{ command: ReleaseCommand, dryRun: boolean, qrcodePath: string }} ReleaseArgs
 * @typedef {{ variable: 'MP_PRIVATE_KEY', text: string } | { variable: 'MP_PRIVATE_KEY_PATH', path: string }} KeySource
 * @typedef {ReleaseArgs & {
 *   appid: string, robot: number, version: string, versionFrom: string, desc: string, descFrom: string,
 *   keySource: KeySource
 * }} ReleaseOptions
 * @typedef {{ packageVersion: () => string, gitDescription: () => string }} ReleaseDefaults
 * @typedef {Record<string, string | undefined>} Env
 */

/** @param {string[]} argv the arguments after the script name @returns {ReleaseArgs} */
function parseArgs(argv) {
  const [command, ...rest] = argv;
  if (command !== 'preview' && command !== 'upload') {
    throw new BuildError(`${command ? `unknown command "${command}"` : 'no command given'}; ${USAGE}`);
  }
  let dryRun = false;
  /** @type {string | undefined} */
  let qrcodePath;
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i];
    if (arg === '--dry-run') dryRun = true;
    else if (arg === '--qrcode') {
      qrcodePath = rest[i + 1];
      i += 1;
      if (!qrcodePath || qrcodePath.startsWith('--')) throw new BuildError(`--qrcode needs a file path; ${USAGE}`);
    } else if (arg.startsWith('--qrcode=')) {
      qrcodePath = arg.slice('--qrcode='.length);
      if (!qrcodePath) throw new BuildError(`--qrcode needs a file path; ${USAGE}`);
    } else throw new BuildError(`unknown option "${arg}"; ${USAGE}`);
  }
  if (qrcodePath !== undefined && command !== 'preview') {
    throw new BuildError('--qrcode only applies to preview: an upload makes no QR code');
  }
  return { command, dryRun, qrcodePath: qrcodePath || DEFAULT_QRCODE_PATH };
}

/** GitHub passes a missing secret as an empty string: treat blank as unset. @param {string | undefined} value */
function present(value) {
  return value !== undefined && value.trim() !== '' ? value.trim() : undefined;
}

/** @param {Env} env */
function readAppid(env) {
  const appid = present(env.MP_APPID);
  if (!appid) {
    throw new BuildError(
      'MP_APPID is not set: set it to the mini program AppID (wx + 16 hex characters, admin console → 开发管理 → 开发设置)',
    );
  }
  if (!APPID_PATTERN.test(appid)) {
    const shown = appid.length > 40 ? `${appid.slice(0, 40)}…` : appid;
    throw new BuildError(`MP_APPID "${shown}" does not look like an AppID: expected wx followed by 16 hex characters`);
  }
  return appid;
}

/** @param {Env} env @returns {KeySource} */
function readKeySource(env) {
  // The key text is not trimmed here: the PEM check normalises it and must see it whole.
  const text = env.MP_PRIVATE_KEY !== undefined && env.MP_PRIVATE_KEY.trim() !== '' ? env.MP_PRIVATE_KEY : undefined;
  const keyPath = present(env.MP_PRIVATE_KEY_PATH);
  if (text && keyPath) throw new BuildError('set only one of MP_PRIVATE_KEY and MP_PRIVATE_KEY_PATH, not both');
  if (text) return { variable: 'MP_PRIVATE_KEY', text };
  if (keyPath) return { variable: 'MP_PRIVATE_KEY_PATH', path: keyPath };
  throw new BuildError(
    'no upload key: set MP_PRIVATE_KEY (the key text) or MP_PRIVATE_KEY_PATH (the key file), ' +
      'from the admin console → 开发管理 → 开发设置 → 小程序代码上传',
  );
}

/** @param {Env} env */
function readRobot(env) {
  const value = present(env.MP_ROBOT);
  if (value === undefined) return ROBOT_MIN;
  const robot = /^\d{1,2}$/.test(value) ? Number(value) : NaN;
  if (!(robot >= ROBOT_MIN && robot <= ROBOT_MAX)) {
    throw new BuildError(
      `MP_ROBOT must be a whole number from ${ROBOT_MIN} to ${ROBOT_MAX}, got "${value.slice(0, 20)}"`,
    );
  }
  return robot;
}

/** @param {Env} env @param {ReleaseDefaults} defaults */
function readVersion(env, defaults) {
  const value = present(env.MP_VERSION);
  if (value === undefined) return { version: defaults.packageVersion(), versionFrom: 'package.json' };
  if (!VERSION_PATTERN.test(value)) {
    throw new BuildError(
      `MP_VERSION "${value.slice(0, 64)}" is not a version: use letters, digits and . + _ - (e.g. 1.2.3)`,
    );
  }
  return { version: value, versionFrom: 'MP_VERSION' };
}

/** @param {Env} env @param {ReleaseDefaults} defaults */
function readDesc(env, defaults) {
  const value = present(env.MP_DESC);
  if (value !== undefined) return { desc: value, descFrom: 'MP_DESC' };
  return { desc: defaults.gitDescription(), descFrom: 'git' };
}

/**
 * Everything a release needs, checked in the order a person would fix it.
 * @param {string[]} argv @param {Env} env @param {ReleaseDefaults} defaults @returns {ReleaseOptions}
 */
function readReleaseOptions(argv, env, defaults) {
  const args = parseArgs(argv);
  const appid = readAppid(env);
  const keySource = readKeySource(env);
  const robot = readRobot(env);
  return { ...args, appid, keySource, robot, ...readVersion(env, defaults), ...readDesc(env, defaults) };
}

module.exports = {
  APPID_PATTERN,
  DEFAULT_QRCODE_PATH,
  ROBOT_MAX,
  USAGE,
  parseArgs,
  readReleaseOptions,
};
