// @ts-check
/** Draws a saved preview QR image as text in the terminal, with the decoder and renderer miniprogram-ci itself uses. */

const path = require('node:path');

/**
 * @typedef {{ bitmap: { width: number, height: number, data: Buffer } }} DecodedImage
 * @typedef {{ read: (file: string) => Promise<DecodedImage> }} JimpModule
 * @typedef {{ callback: (error: unknown, value?: { result?: string }) => void, decode: (bitmap: DecodedImage['bitmap']) => void }} QrReader
 * @typedef {{ generate: (text: string, done: (drawing: string) => void) => void }} QrcodeTerminal
 */

/**
 * miniprogram-ci's own dependencies, resolved from its folder so we use exactly its copies. (Its
 * `generateTerminalQrcode` is not used: on an unreadable image it throws from inside a timer and ends the process.)
 * @param {string} name
 * @returns {unknown}
 */
function requireFromMiniprogramCi(name) {
  const ciDir = path.dirname(require.resolve('miniprogram-ci/package.json'));
  return require(require.resolve(name, { paths: [ciDir] }));
}

/** @param {DecodedImage} image @returns {Promise<string>} */
function decodeQrcode(image) {
  const QrReaderClass = /** @type {new () => QrReader} */ (requireFromMiniprogramCi('qrcode-reader'));
  return new Promise((resolve, reject) => {
    const reader = new QrReaderClass();
    reader.callback = (error, value) => {
      if (value && value.result) resolve(value.result);
      else reject(new Error(`no QR code found in the image${error ? ` (${String(error).slice(0, 120)})` : ''}`));
    };
    try {
      reader.decode(image.bitmap);
    } catch (error) {
      reject(error);
    }
  });
}

/**
 * Resolves with the QR code drawn in text (ANSI background colours), or rejects if the file is not a readable
 * image with a QR code in it.
 * @param {string} imagePath
 * @returns {Promise<string>}
 */
async function renderTerminalQrcode(imagePath) {
  const Jimp = /** @type {JimpModule} */ (requireFromMiniprogramCi('jimp'));
  const qrcodeTerminal = /** @type {QrcodeTerminal} */ (requireFromMiniprogramCi('qrcode-terminal'));
  const text = await decodeQrcode(await Jimp.read(imagePath));
  return new Promise((resolve) => qrcodeTerminal.generate(text, resolve));
}

module.exports = { renderTerminalQrcode };
