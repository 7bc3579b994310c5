/** App entry: captures TCCC's call result on every launch and show, then shows notices and due callbacks. */

import { captureCallReturn } from './services/callReturn';
import { remindDueCallbacks } from './services/callbackReminder';
import { onCallNoted } from './services/contactStore';
import { showStoreNotices } from './services/notices';

App<IAppOption>({
  globalData: {},
  onLaunch(options) {
    // A long call can end with WeChat starting us cold: the result then arrives here.
    captureCallReturn(options, true);
    // A saved wrap-up is the moment between calls: callbacks that came due meanwhile are shown then.
    // For the app's whole life (App has no unload), so there is no off to pair it with.
    onCallNoted(() => remindDueCallbacks());
  },
  onShow(options) {
    captureCallReturn(options, false);
    // One modal at a time: notices about stored data first; the reminder waits for the next show.
    if (!showStoreNotices()) remindDueCallbacks();
  },
});
