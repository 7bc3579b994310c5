/** Per test: a fresh faithful wx (empty storage, no app, no listeners), and room for whole pages on a busy machine. */

import APP_JSON from '../miniprogram/app.json';
import { installWxFake } from '../tools/wx-fake/wx';

// Page tests render whole pages through miniprogram-simulate; on a busy 2-core machine some pass jest's 5 s.
jest.setTimeout(30_000);

beforeEach(() => {
  installWxFake({ appJson: APP_JSON });
});
