/** Per test: a fresh faithful wx (empty storage, no app, no listeners). */

import APP_JSON from '../miniprogram/app.json';
import { installWxFake } from '../tools/wx-fake/wx';

beforeEach(() => {
  installWxFake({ appJson: APP_JSON });
});
