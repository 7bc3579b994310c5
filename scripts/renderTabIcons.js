#!/usr/bin/env node
// @ts-check
/**
 * `npm run tab-icons`: draws the tab bar's icons from vant's own icon font (@vant/icons) in Debian's Chromium, 81×81
 * PNGs for light and dark, normal and selected, into miniprogram/assets/tab/. One source, no hand-made bitmaps; the
 * PNGs are committed so a build needs no browser.
 */

const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const OUT_DIR = path.join(ROOT, 'miniprogram', 'assets', 'tab');
const SIZE = 81;

/** Each tab's vant glyphs: outline when not selected, filled when selected (codes from @vant/icons common.less). */
const TABS = [
  { file: 'contacts', icon: 'friends-o', selected: 'friends' },
  { file: 'dialer', icon: 'phone-o', selected: 'phone' },
  { file: 'history', icon: 'clock-o', selected: 'clock' },
];

/** The tab bar's colours, as theme.json gives them (color / selectedColor). */
const PALETTES = {
  light: { color: '#646566', selected: '#1989fa' },
  dark: { color: '#a3a3a3', selected: '#4fa3ff' },
};

/** The glyph of a vant icon name, read from the package's stylesheet. */
function glyphOf(/** @type {string} */ css, /** @type {string} */ name) {
  const match = new RegExp(`\\.van-icon-${name}:before\\s*\\{\\s*content:\\s*'\\\\([0-9a-f]+)'`).exec(css);
  if (match === null) throw new Error(`@vant/icons has no icon named ${name}`);
  return String.fromCodePoint(parseInt(match[1] ?? '', 16));
}

/** The font as a data URL, from the package's inlined woff2 (the remote one is never fetched). */
function fontDataUrl(/** @type {string} */ less) {
  const match = /url\('(data:font\/woff2;[^']+)'\)/.exec(less);
  if (match === null) throw new Error('@vant/icons ships no inlined woff2 font');
  return match[1] ?? '';
}

async function main() {
  const { chromium } = require('playwright-core');
  const iconsDir = path.dirname(require.resolve('@vant/icons/package.json'));
  const css = fs.readFileSync(path.join(iconsDir, 'src', 'common.less'), 'utf8');
  const font = fontDataUrl(fs.readFileSync(path.join(iconsDir, 'src', 'encode-woff2.less'), 'utf8'));
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
    fs.mkdirSync(OUT_DIR, { recursive: true });
    for (const tab of TABS) {
      for (const [theme, palette] of Object.entries(PALETTES)) {
        for (const selected of [false, true]) {
          const glyph = glyphOf(css, selected ? tab.selected : tab.icon);
          const color = selected ? palette.selected : palette.color;
          await page.setContent(
            `<style>@font-face{font-family:v;src:url('${font}') format('woff2')}` +
              `html,body{margin:0;background:transparent}` +
              `div{width:${SIZE}px;height:${SIZE}px;display:flex;align-items:center;justify-content:center;` +
              `font:64px/1 v;color:${color}}</style><div>${glyph}</div>`,
          );
          // Wait for the data-URL font before the picture (runs in the page, where document exists).
          await page.evaluate('document.fonts.ready');
          const name = `${tab.file}${selected ? '-selected' : ''}${theme === 'dark' ? '-dark' : ''}.png`;
          await page.screenshot({ path: path.join(OUT_DIR, name), omitBackground: true });
          process.stdout.write(`  ${path.relative(ROOT, path.join(OUT_DIR, name))}\n`);
        }
      }
    }
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  process.stderr.write(`✖ ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
