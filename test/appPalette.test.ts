/** app.wxss's palette: status words keep WCAG AA contrast in light and dark mode, and every colour is a variable. */

import * as fs from 'node:fs';
import * as path from 'node:path';

const MINIPROGRAM = path.resolve(__dirname, '..', 'miniprogram');
const APP_WXSS = fs.readFileSync(path.join(MINIPROGRAM, 'app.wxss'), 'utf8');
/** WCAG 2.x level AA for normal-size text. */
const AA_TEXT = 4.5;

/** The `--name: #rrggbb` declarations of one block (the light `page { }` or the dark one inside the media query). */
function declarations(block: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of block.matchAll(/(--[a-z-]+)\s*:\s*([^;]+);/g)) found.set(match[1] as string, match[2] as string);
  return found;
}

function palettes(): { light: Map<string, string>; dark: Map<string, string> } {
  const darkStart = APP_WXSS.indexOf('@media (prefers-color-scheme: dark)');
  if (darkStart < 0) throw new Error('app.wxss has no dark block');
  const light = declarations(APP_WXSS.slice(0, darkStart));
  // The dark block overrides the light values it names; the rest (vant's mappings) carry over.
  const dark = new Map([...light, ...declarations(APP_WXSS.slice(darkStart))]);
  return { light, dark };
}

function channel(value: number): number {
  const c = value / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

function luminance(hex: string): number {
  const match = /^#([0-9a-f]{6})$/i.exec(hex);
  if (match === null) throw new Error(`not a #rrggbb colour: ${hex}`);
  const n = parseInt(match[1] as string, 16);
  return 0.2126 * channel(n >> 16) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Each status word's colour, the tint it sits on as a chip, and the note it may also sit on. */
const STATUS_TEXT: { word: string; color: string; tint: string }[] = [
  { word: '已接通', color: '--status-connected-color', tint: '--status-connected-bg' },
  { word: '未接通', color: '--status-not-connected-color', tint: '--status-not-connected-bg' },
  { word: '勿扰', color: '--status-danger-color', tint: '--status-danger-bg' },
  { word: '提醒', color: '--warning-color', tint: '--warning-bg' },
];

describe('the palette in app.wxss', () => {
  const { light, dark } = palettes();

  it('has a known test: #767676 on white is just AA, #777777 is not', () => {
    expect(contrastRatio('#767676', '#ffffff')).toBeGreaterThanOrEqual(AA_TEXT);
    expect(contrastRatio('#777777', '#ffffff')).toBeLessThan(AA_TEXT);
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
  });

  it.each([
    ['light', light],
    ['dark', dark],
  ])('keeps every status word at AA on the cards, the page and its own tint (%s)', (_mode, palette) => {
    const value = (name: string) => {
      const found = palette.get(name);
      if (found === undefined) throw new Error(`app.wxss lacks ${name}`);
      return found;
    };
    const failures: string[] = [];
    for (const status of STATUS_TEXT) {
      for (const background of ['--card-bg', '--page-bg', status.tint]) {
        const ratio = contrastRatio(value(status.color), value(background));
        if (ratio < AA_TEXT) failures.push(`${status.word} ${status.color} on ${background}: ${ratio.toFixed(2)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('keeps body text at AA on cards and page in both modes', () => {
    for (const palette of [light, dark]) {
      for (const text of ['--text-color', '--text-secondary-color']) {
        for (const background of ['--card-bg', '--page-bg']) {
          expect(contrastRatio(palette.get(text) ?? '', palette.get(background) ?? '')).toBeGreaterThanOrEqual(AA_TEXT);
        }
      }
    }
  });

  it('gives dark mode its own value for every surface and text colour', () => {
    const darkOnly = declarations(APP_WXSS.slice(APP_WXSS.indexOf('@media (prefers-color-scheme: dark)')));
    for (const name of ['--page-bg', '--card-bg', '--text-color', '--status-connected-color', '--status-danger-bg']) {
      expect([name, darkOnly.get(name) !== light.get(name)]).toEqual([name, true]);
    }
  });

  it('leaves no hard-coded colour in the pages and components: they read the palette', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.(wxss|wxml)$/.test(entry.name)) {
          const text = fs.readFileSync(full, 'utf8');
          for (const match of text.matchAll(/#[0-9a-fA-F]{3,8}\b|rgba?\(/g)) {
            offenders.push(`${path.relative(MINIPROGRAM, full)}: ${match[0]}`);
          }
        }
      }
    };
    walk(path.join(MINIPROGRAM, 'pages'));
    walk(path.join(MINIPROGRAM, 'components'));
    expect(offenders).toEqual([]);
  });
});
