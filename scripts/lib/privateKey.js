// @ts-check
/** The upload key: read from MP_PRIVATE_KEY or MP_PRIVATE_KEY_PATH and refused unless it is a PEM RSA private key. */

const crypto = require('node:crypto');
const fs = require('node:fs');
const { BuildError } = require('./buildSteps');

/** A PKCS#1 (`RSA PRIVATE KEY`) or PKCS#8 (`PRIVATE KEY`) block; group 1 is the label, so BEGIN and END must agree. */
const PEM_PRIVATE_KEY_BLOCK = /-----BEGIN ((?:RSA |ENCRYPTED )?PRIVATE KEY)-----[\s\S]+?-----END \1-----/;

/**
 * @typedef {import('./releaseOptions').KeySource} KeySource
 * @typedef {{ pem: string, source: KeySource }} PrivateKey
 */

/**
 * Secrets pasted into CI settings often arrive with CRLF line ends or with literal `\n` escapes.
 * @param {string} text
 */
function normaliseKeyText(text) {
  const unescaped = text.includes('\n') ? text : text.replace(/\\n/g, '\n');
  return unescaped.replace(/\r\n?/g, '\n');
}

/**
 * Returns the PEM block alone, or throws a message naming the variable; never quotes the key.
 * @param {string} text @param {string} variable
 */
function checkPem(text, variable) {
  const block = PEM_PRIVATE_KEY_BLOCK.exec(normaliseKeyText(text));
  if (!block) {
    throw new BuildError(
      `${variable} is not a PEM private key: expected a -----BEGIN RSA PRIVATE KEY----- block, ` +
        'as in the private.<appid>.key file from the admin console',
    );
  }
  if (block[1].startsWith('ENCRYPTED')) {
    throw new BuildError(`${variable} is an encrypted private key: miniprogram-ci needs the key without a passphrase`);
  }
  /** @type {crypto.KeyObject} */
  let key;
  try {
    key = crypto.createPrivateKey({ key: block[0], format: 'pem' });
  } catch {
    throw new BuildError(`${variable} is not a PEM private key: its ${block[1]} block does not parse`);
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new BuildError(
      `${variable} is not an RSA private key (it is ${key.asymmetricKeyType}): WeChat upload keys are RSA`,
    );
  }
  return `${block[0]}\n`;
}

/** @param {KeySource} source @returns {PrivateKey} */
function loadPrivateKey(source) {
  if (source.variable === 'MP_PRIVATE_KEY') return { pem: checkPem(source.text, source.variable), source };
  /** @type {string} */
  let text;
  try {
    text = fs.readFileSync(source.path, 'utf8');
  } catch (error) {
    const code = error && typeof error === 'object' && 'code' in error ? ` (${String(error.code)})` : '';
    throw new BuildError(`MP_PRIVATE_KEY_PATH points to no readable file: ${source.path}${code}`);
  }
  return { pem: checkPem(text, source.variable), source };
}

module.exports = { PEM_PRIVATE_KEY_BLOCK, checkPem, loadPrivateKey, normaliseKeyText };
