// @ts-check
/**
 * Runs ci.preview or ci.upload in a fresh Node process. miniprogram-ci keeps compile state per process: after the
 * build's offline compile, a second project compiled in the same process fails inside the compiler
 * ("Cannot destructure property 'setting'"), so the call to WeChat gets a process of its own.
 */

const { fork } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { createProject, compileSetting, loadCi, removeCompilerWorkDir } = require('./buildSteps');
const { createProgressReporter } = require('./progressReporter');
const { renderTerminalQrcode } = require('./terminalQrcode');

/**
 * @typedef {Array<{ name: string, size: number }>} SubPackageInfo
 * @typedef {{
 *   command: 'preview' | 'upload', dryRun: boolean, appid: string, keyPath: string, robot: number,
 *   version: string, desc: string, qrcodePath: string
 * }} WechatCallRequest qrcodePath is absolute; keyPath is a file, never the key text
 * @typedef {{ type: 'result', subPackageInfo?: SubPackageInfo }} ResultMessage
 * @typedef {{ type: 'error', message: string, code?: number, stack?: string }} ErrorMessage
 * @typedef {ResultMessage | ErrorMessage} ReplyMessage
 */

/** @param {string} qrcodePath */
async function printQrcode(qrcodePath) {
  try {
    process.stdout.write(`${await renderTerminalQrcode(qrcodePath)}\n`);
  } catch (error) {
    // The image is what counts; a terminal drawing that fails is only a missed convenience.
    process.stdout.write(`  (cannot draw the QR code in the terminal: ${String(error).split('\n')[0]})\n`);
  }
  process.stdout.write(`  QR code image: ${qrcodePath}\n`);
}

/** The child's side, then the compiler's empty working folder removed. @param {WechatCallRequest} request */
async function callWechat(request) {
  try {
    return await buildAndSend(request);
  } finally {
    removeCompilerWorkDir();
  }
}

/** Builds the project with the real key, then calls WeChat (unless dry). @param {WechatCallRequest} request */
async function buildAndSend(request) {
  const ci = loadCi();
  // Reads the key file: a dry run proves the key file and project are usable, and stops here.
  const project = createProject({ appid: request.appid, privateKeyPath: request.keyPath });
  if (request.dryRun) return {};
  const progress = createProgressReporter({ title: request.command });
  const common = {
    project,
    robot: request.robot,
    desc: request.desc,
    version: request.version,
    setting: compileSetting(),
    onProgressUpdate: progress.update,
  };
  if (request.command === 'upload') {
    const result = await ci.upload(common);
    progress.finish();
    return result;
  }
  fs.mkdirSync(path.dirname(request.qrcodePath), { recursive: true });
  const result = await ci.preview({ ...common, qrcodeFormat: 'image', qrcodeOutputDest: request.qrcodePath });
  progress.finish();
  await printQrcode(request.qrcodePath);
  return result;
}

/** @param {unknown} error @returns {ErrorMessage} */
function errorMessage(error) {
  const e =
    error && typeof error === 'object'
      ? /** @type {{ message?: unknown, code?: unknown, stack?: unknown }} */ (error)
      : {};
  return {
    type: 'error',
    message: e.message !== undefined ? String(e.message) : String(error),
    code: typeof e.code === 'number' ? e.code : undefined,
    stack: typeof e.stack === 'string' ? e.stack : undefined,
  };
}

function runChild() {
  // miniprogram-ci's routine chatter goes to console.warn: keep it in the log, and stderr for verdicts.
  console.warn = (...args) => console.log(...args);
  // If the parent goes (Ctrl-C, SIGTERM), so does this process: the key file is gone with it anyway.
  process.on('disconnect', () => process.exit(1));
  process.once('message', (request) => {
    callWechat(/** @type {WechatCallRequest} */ (request))
      .then((result) => /** @type {ReplyMessage} */ ({ type: 'result', subPackageInfo: result.subPackageInfo }))
      .catch(errorMessage)
      // miniprogram-ci leaves its compiler process running: end this one explicitly once the reply is out.
      .then((reply) => /** @type {NodeJS.Process & { send: Function }} */ (process).send(reply, () => process.exit(0)));
  });
}

/**
 * The parent's side: forks this file, hands it the request, resolves with WeChat's result or rejects with the
 * child's error (message and miniprogram-ci code kept, so errors map the same as in-process).
 * @param {WechatCallRequest} request
 * @returns {Promise<{ subPackageInfo?: SubPackageInfo }>}
 */
function callWechatInChild(request) {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    /** @type {ReplyMessage | undefined} */
    let reply;
    child.on('message', (message) => {
      reply = /** @type {ReplyMessage} */ (message);
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (reply && reply.type === 'result') resolve({ subPackageInfo: reply.subPackageInfo });
      else if (reply) reject(Object.assign(new Error(reply.message), { code: reply.code, stack: reply.stack }));
      else
        reject(new Error(`the ${request.command} process ended without an answer (${signal || `exit code ${code}`})`));
    });
    child.send(request);
  });
}

if (require.main === module) runChild();

module.exports = { callWechatInChild };
