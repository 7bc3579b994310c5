/** App entry: captures TCCC's call result on every launch and show, then shows notices and due callbacks. */

// The services that keep what follows from calls (contacts' last calls, answered callbacks, the wrap-up badge)
// listen to the call feed from their first import: imported here first, they hear every change, whatever page opens.
import './services/contactStore';
import './services/callbackStore';
import './services/wrapUp';
import './services/tcccOutcomeSync';
import { captureCallReturn } from './services/callReturn';
import { remindDueCallbacks } from './services/callbackReminder';
import { onCallChange } from './services/callEvents';
import { showStoreNotices } from './services/notices';
import { syncTeamDnc } from './services/teamDncStore';
import { refreshCallbackTemplate } from './services/callbackServer';
import { reportError, startErrorReporting } from './services/errorReport';
import { startOutbox } from './services/outbox';
import { startTcccToken } from './services/tcccToken';

App<IAppOption>({
  globalData: {},
  onLaunch(options) {
    // The team outbox, the token prefetch and the error reports live as long as the app (App has no unload); they
    // do nothing until the phone is bound to a team.
    startErrorReporting();
    startOutbox();
    startTcccToken();
    // A long call can end with WeChat starting us cold: the result then arrives here.
    captureCallReturn(options, true);
    // A saved wrap-up is the moment between calls: callbacks that came due meanwhile are shown then (after a
    // return the reminder waits for the call's wrap-up). For the app's whole life (App has no unload), so there is
    // no off to pair it with.
    onCallChange((change) => {
      if (change.kind === 'result' || change.kind === 'wrap-up' || change.kind === 'edit') remindDueCallbacks();
    });
  },
  onError(message) {
    reportError(message);
  },
  onShow(options) {
    captureCallReturn(options, false);
    // The team's do-not-call list: what changed since the last copy (nothing without a bound server).
    void syncTeamDnc();
    // The reminder template must be known before the tap that books a callback.
    void refreshCallbackTemplate();
    // One modal at a time: notices about stored data first; the reminder waits for the next show.
    if (!showStoreNotices()) remindDueCallbacks();
  },
});
