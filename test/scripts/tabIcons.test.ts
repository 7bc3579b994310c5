/** The tab bar's icons: every path in app.json is a local PNG of 81×81 px, well under WeChat's 40 KB. */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveTheme, ThemeJson } from '../../tools/simulator/theme';

const MINIPROGRAM = path.resolve(__dirname, '..', '..', 'miniprogram');
const ASSETS = path.join(MINIPROGRAM, 'assets', 'tab');
const PNG_SIGNATURE = '89504e470d0a1a0a';
/** WeChat refuses tab bar icons over 40 KB. */
const WECHAT_ICON_LIMIT = 40 * 1024;

interface TabItem {
  pagePath: string;
  text: string;
  iconPath?: string;
  selectedIconPath?: string;
}

function pngSize(file: string): { width: number; height: number } {
  const bytes = fs.readFileSync(file);
  if (bytes.subarray(0, 8).toString('hex') !== PNG_SIGNATURE) throw new Error(`${file} is not a PNG`);
  // The IHDR chunk comes first: width and height are its first two 4-byte big-endian fields.
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const rawAppJson = JSON.parse(fs.readFileSync(path.join(MINIPROGRAM, 'app.json'), 'utf8')) as {
  tabBar: { list: TabItem[] };
};
const theme = JSON.parse(fs.readFileSync(path.join(MINIPROGRAM, 'theme.json'), 'utf8')) as ThemeJson;
/** The icons come from theme.json's `@variables`: the light set checked here, the dark one below. */
const appJson = resolveTheme(rawAppJson, theme, 'light');
const darkAppJson = resolveTheme(rawAppJson, theme, 'dark');

describe('tab bar icons', () => {
  it('gives every tab an icon and a selected icon', () => {
    for (const item of appJson.tabBar.list) {
      expect([item.text, typeof item.iconPath, typeof item.selectedIconPath]).toEqual([item.text, 'string', 'string']);
    }
  });

  it.each(appJson.tabBar.list.flatMap((item) => [item.iconPath ?? '', item.selectedIconPath ?? '']))(
    '%s is a local 81×81 PNG under 40 KB',
    (iconPath) => {
      const file = path.join(MINIPROGRAM, iconPath);
      expect(pngSize(file)).toEqual({ width: 81, height: 81 });
      expect(fs.statSync(file).size).toBeLessThan(WECHAT_ICON_LIMIT / 4);
    },
  );

  it('gives dark mode the -dark variant of every icon through theme.json', () => {
    const light = appJson.tabBar.list.flatMap((item) => [item.iconPath ?? '', item.selectedIconPath ?? '']);
    const dark = darkAppJson.tabBar.list.flatMap((item) => [item.iconPath ?? '', item.selectedIconPath ?? '']);
    expect(dark).toEqual(light.map((icon) => icon.replace(/\.png$/, '-dark.png')));
  });

  it('has a dark variant beside every icon, of the same size', () => {
    const light = fs.readdirSync(ASSETS).filter((name) => !name.endsWith('-dark.png'));
    expect(light.length).toBe(appJson.tabBar.list.length * 2);
    for (const name of light) {
      const dark = path.join(ASSETS, name.replace(/\.png$/, '-dark.png'));
      expect(pngSize(dark)).toEqual({ width: 81, height: 81 });
    }
  });
});
