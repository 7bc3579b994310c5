// @ts-check
/** Turns whatever a release throws into one clear line; WeChat being unreachable gets one fixed, actionable message. */

const { BuildError } = require('./buildSteps');

const WECHAT_UNREACHABLE =
  'cannot reach WeChat servers: check the network, and the upload IP whitelist in the mini program admin console';
/** miniprogram-ci: 20001 = fetching the signing nonce failed, 20003 = the upload request failed. */
const WECHAT_REQUEST_CODES = new Set([20001, 20003]);
const NETWORK_ERROR_NAMES = /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH)\b/;
/** A whole key block, or the start of one cut off in a long message (a header followed by base64). */
const PEM_KEY_TEXT =
  /-----BEGIN [A-Z ]*PRIVATE KEY-----(?:[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----|\s*[A-Za-z0-9+/=\s]{16,})/g;

/**
 * @typedef {{ message: string, expected: boolean }} ReleaseErrorReport
 * `expected`: a known failure, shown as one line; otherwise a bug, shown with its stack.
 */

/** Defence in depth: no key text reaches a log, whatever a library put in its message. @param {string} text */
function redactKeys(text) {
  return text.replace(PEM_KEY_TEXT, '[private key redacted]');
}

/** @param {unknown} error */
function messageOf(error) {
  if (error && typeof error === 'object' && 'message' in error) return String(error.message);
  return String(error);
}

/** @param {unknown} error @returns {number | undefined} */
function codeOf(error) {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'number') return error.code;
  return undefined;
}

/** WeChat's own errMsg when its server answered with an error body, e.g. an IP not on the whitelist. @param {string} text */
function wechatReply(text) {
  const match = /"errMsg"\s*:\s*"([^"]*)"/.exec(text);
  return match ? match[1] : undefined;
}

/** @param {unknown} error @returns {ReleaseErrorReport} */
function describeReleaseError(error) {
  const message = redactKeys(messageOf(error));
  if (error instanceof BuildError) return { message, expected: true };
  const code = codeOf(error);
  if ((code !== undefined && WECHAT_REQUEST_CODES.has(code)) || NETWORK_ERROR_NAMES.test(message)) {
    const reply = wechatReply(message);
    return { message: reply ? `${WECHAT_UNREACHABLE} (WeChat replied: ${reply})` : WECHAT_UNREACHABLE, expected: true };
  }
  if (code !== undefined) {
    // miniprogram-ci's CodeError: a known failure of the tool, its first line says what.
    return { message: `miniprogram-ci error ${code}: ${message.split('\n')[0]}`, expected: true };
  }
  const stack = error instanceof Error && error.stack ? redactKeys(error.stack) : message;
  return { message: stack, expected: false };
}

module.exports = { WECHAT_UNREACHABLE, describeReleaseError, redactKeys };
