// @ts-check
/** Once per run: pins the time zone and makes sure vant is packed, so page tests render real vant. */

const fs = require('node:fs');
const path = require('node:path');

module.exports = async function globalSetup() {
  process.env.TZ = 'Asia/Shanghai';
  const packed = path.join(__dirname, '..', 'miniprogram', 'miniprogram_npm', '@vant', 'weapp', 'button', 'index.js');
  if (!fs.existsSync(packed)) {
    const { packNpm } = require('../scripts/lib/buildSteps');
    await packNpm();
  }
};
