#!/usr/bin/env node
// @ts-check
/** The package section of `npm run bench`: WeChat's own offline compile, sizes written as JSON (run in a child). */

const fs = require('node:fs');
const path = require('node:path');
const {
  compileOffline,
  measurePackages,
  ROOT,
  MAIN_PACKAGE_BUDGET,
  WECHAT_PACKAGE_LIMIT,
  WECHAT_PACKAGE_WARNING,
} = require('../../scripts/lib/buildSteps');

const OUT = path.join(ROOT, '.tmp', 'bench', 'package.json');

/** @param {string} dir */
function bytesUnder(dir) {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? bytesUnder(full) : fs.statSync(full).size;
  }
  return total;
}

async function main() {
  const files = await compileOffline();
  const { packages, vantBytes } = measurePackages(files);
  const main = packages.get('__APP__');
  const vantLib = path.dirname(require.resolve('@vant/weapp/lib/common/utils.js', { paths: [ROOT] }));
  const result = {
    mainBytes: main ? main.bytes : 0,
    mainFiles: main ? main.files : 0,
    vantBytes,
    vantLibBytes: bytesUnder(path.dirname(vantLib)),
    // The limits as the build checks them: one place for each number.
    budgetBytes: MAIN_PACKAGE_BUDGET,
    wechatWarningBytes: WECHAT_PACKAGE_WARNING,
    wechatLimitBytes: WECHAT_PACKAGE_LIMIT,
  };
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, JSON.stringify(result, null, 2));
}

main().then(
  // miniprogram-ci leaves a child process running: exit explicitly.
  () => process.exit(0),
  (error) => {
    process.stderr.write(`package size: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
