/** @jest-environment node */
/** The preview QR code in the terminal: a real QR image decodes and is drawn as text; a broken image is refused. */

import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

interface TerminalQrcodeModule {
  renderTerminalQrcode(imagePath: string): Promise<string>;
}
interface QrMatrix {
  addData(text: string): void;
  make(): void;
  getModuleCount(): number;
  isDark(row: number, col: number): boolean;
}
interface JimpImage {
  setPixelColor(color: number, x: number, y: number): void;
  writeAsync(file: string): Promise<unknown>;
}

const { renderTerminalQrcode } = jest.requireActual<TerminalQrcodeModule>('../../../scripts/lib/terminalQrcode');

/** The image tools miniprogram-ci depends on (not ours to declare), resolved from its own folder. */
const nodeRequire = createRequire(__filename);
const ciDir = path.dirname(nodeRequire.resolve('miniprogram-ci/package.json'));
function fromMiniprogramCi<T extends object>(name: string): T {
  return jest.requireActual<T>(nodeRequire.resolve(name, { paths: [ciDir] }));
}
const Jimp = fromMiniprogramCi<new (w: number, h: number, background: number) => JimpImage>('jimp');
const qrcodeTerminal = fromMiniprogramCi<{ generate(text: string, done: (drawing: string) => void): void }>(
  'qrcode-terminal',
);
const qrcodeTerminalDir = path.dirname(nodeRequire.resolve('qrcode-terminal/package.json', { paths: [ciDir] }));
const QRCode = jest.requireActual<new (type: number, level: number) => QrMatrix>(
  path.join(qrcodeTerminalDir, 'vendor', 'QRCode'),
);
const QRErrorCorrectLevel = jest.requireActual<{ L: number }>(
  path.join(qrcodeTerminalDir, 'vendor', 'QRCode', 'QRErrorCorrectLevel'),
);

/** Draws `text` as a QR code image, 8 px per module with the standard quiet zone, as WeChat's QR images are. */
async function writeQrImage(text: string, file: string) {
  const matrix = new QRCode(-1, QRErrorCorrectLevel.L);
  matrix.addData(text);
  matrix.make();
  const count = matrix.getModuleCount();
  const scale = 8;
  const quiet = 4;
  const image = new Jimp((count + 2 * quiet) * scale, (count + 2 * quiet) * scale, 0xffffffff);
  for (let row = 0; row < count; row += 1) {
    for (let col = 0; col < count; col += 1) {
      if (!matrix.isDark(row, col)) continue;
      for (let y = 0; y < scale; y += 1) {
        for (let x = 0; x < scale; x += 1)
          image.setPixelColor(0x000000ff, (col + quiet) * scale + x, (row + quiet) * scale + y);
      }
    }
  }
  await image.writeAsync(file);
}

describe('renderTerminalQrcode', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'terminal-qrcode-test-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('decodes a JPEG QR code and draws the same code in the terminal', async () => {
    const text = 'https://open.weixin.qq.com/sns/preview?ticket=abc123';
    const file = path.join(dir, 'preview-qrcode.jpg');
    await writeQrImage(text, file);
    const expected = await new Promise<string>((resolve) => qrcodeTerminal.generate(text, resolve));
    const drawing = await renderTerminalQrcode(file);
    expect(drawing).toBe(expected);
    expect(drawing.split('\n').length).toBeGreaterThan(20);
  }, 30_000);

  it('rejects, without ending the process, for a file that is not an image or has no QR code', async () => {
    const broken = path.join(dir, 'broken.jpg');
    fs.writeFileSync(broken, Buffer.from([0xff, 0xd8, 0x01, 0x02, 0x03]));
    await expect(renderTerminalQrcode(broken)).rejects.toThrow();
    const blank = path.join(dir, 'blank.png');
    await new Jimp(64, 64, 0xffffffff).writeAsync(blank);
    await expect(renderTerminalQrcode(blank)).rejects.toThrow(/^no QR code found in the image/);
  }, 30_000);
});
