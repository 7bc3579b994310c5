/** Where the simulator finds the repository, the mini program and its packed npm folder. */

import * as fs from 'node:fs';
import * as path from 'node:path';

function findRepoRoot(start: string): string {
  let dir = start;
  while (!fs.existsSync(path.join(dir, 'miniprogram', 'app.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no miniprogram/app.json above ${start}`);
    dir = parent;
  }
  return dir;
}

export const REPO_ROOT = findRepoRoot(__dirname);
export const MINIPROGRAM_ROOT = path.join(REPO_ROOT, 'miniprogram');
export const SIMULATOR_ROOT = path.join(REPO_ROOT, 'tools', 'simulator');
export const SCREENSHOTS_DIR = path.join(REPO_ROOT, 'docs', 'screenshots');
/** A file that exists once vant has been packed into miniprogram_npm. */
export const PACKED_VANT_MARKER = path.join(
  MINIPROGRAM_ROOT,
  'miniprogram_npm',
  '@vant',
  'weapp',
  'button',
  'index.js',
);

/** The dashboard's pictures share the folder (`npm run screenshots:dashboard`); the phone's set leaves them be. */
export const DASHBOARD_SHOT_PREFIX = 'dashboard-';
