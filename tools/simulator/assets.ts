/** Static assets the simulator serves: its page and style, vant's icon font from @vant/icons, image stand-ins. */

import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { SIMULATOR_ROOT } from './paths';

export function readBrowserFile(name: 'index.html' | 'simulator.css'): string {
  return fs.readFileSync(path.join(SIMULATOR_ROOT, 'browser', name), 'utf8');
}

/** @vant/icons ships the same font the vant CDN serves, base64-encoded in a stylesheet. */
export function vantIconFont(): Buffer {
  const file = path.join(
    path.dirname(createRequire(__filename).resolve('@vant/icons/package.json')),
    'src',
    'encode-woff2.less',
  );
  const match = /data:font\/woff2;charset=utf-8;base64,([A-Za-z0-9+/=]+)/.exec(fs.readFileSync(file, 'utf8'));
  if (match === null) throw new Error(`no embedded woff2 font in ${file}`);
  return Buffer.from(match[1] as string, 'base64');
}

/** vant's van-empty pictures come from its CDN; offline, a light illustration in the same place. */
export const EMPTY_IMAGE_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 160 160">
<defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#ebedf0"/><stop offset="1" stop-color="#f7f8fa"/></linearGradient></defs>
<ellipse cx="80" cy="138" rx="46" ry="6" fill="#ebedf0"/>
<rect x="42" y="44" width="76" height="86" rx="8" fill="url(#g)" stroke="#dcdee0" stroke-width="2"/>
<rect x="54" y="60" width="52" height="6" rx="3" fill="#dcdee0"/>
<rect x="54" y="76" width="40" height="6" rx="3" fill="#dcdee0"/>
<rect x="54" y="92" width="46" height="6" rx="3" fill="#dcdee0"/>
<circle cx="112" cy="46" r="14" fill="#f2f3f5" stroke="#dcdee0" stroke-width="2"/>
<path d="M106 46h12M112 40v12" stroke="#c8c9cc" stroke-width="2" stroke-linecap="round"/>
</svg>`;

/** Any other remote picture: a neutral frame saying it is not loaded offline. */
export const OFFLINE_IMAGE_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 90">
<rect width="120" height="90" fill="#f2f3f5"/>
<path d="M30 62l18-20 14 14 10-10 18 16z" fill="#dcdee0"/>
<circle cx="82" cy="32" r="7" fill="#dcdee0"/>
</svg>`;
