/** App entry: captures TCCC's call result on every launch and show; pages reach the app with getApp<IAppOption>(). */

import { captureCallReturn } from './services/callReturn';
import { showStoreNotices } from './services/notices';

App<IAppOption>({
  globalData: {},
  onLaunch(options) {
    // A long call can end with WeChat starting us cold: the result then arrives here.
    captureCallReturn(options, true);
  },
  onShow(options) {
    captureCallReturn(options, false);
    showStoreNotices();
  },
});
