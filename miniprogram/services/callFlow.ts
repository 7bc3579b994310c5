/** What every call button does: launch from the tap, and answer each refusal the same way on every page. */

import { CallRequest, launchCall, LaunchOutcome } from './callLauncher';

export const SETTINGS_PAGE = '/pages/settings/settings';
/** Pages (and components) that call put `<dnc-confirm id="dnc-confirm" />` in their template. */
export const DNC_CONFIRM_SELECTOR = '#dnc-confirm';

/** What components/dnc-confirm offers: our own dialog whose "仍要拨打" button is a real tap. */
export interface DoNotCallAsker {
  ask(request: CallRequest, message: string): void;
}

/** The page or component whose tap handler calls; used to find its dnc-confirm. */
export interface CallHost {
  selectComponent(selector: string): unknown;
}

function askerOf(host: CallHost | undefined): DoNotCallAsker | undefined {
  const found = host?.selectComponent(DNC_CONFIRM_SELECTOR) as Partial<DoNotCallAsker> | null | undefined;
  return found !== null && found !== undefined && typeof found.ask === 'function'
    ? (found as DoNotCallAsker)
    : undefined;
}

/**
 * Call synchronously from a tap handler. Refusals the page cannot fix are shown here (a toast, or the
 * settings page when the account is missing); the outcome is returned so a page can offer more.
 * A number on the do-not-call list opens the host's dnc-confirm, whose override button calls again from
 * its own tap (a jump from a wx.showModal callback would not count as a tap); without one it is explained.
 */
export function callFromTap(request: CallRequest, host?: CallHost): LaunchOutcome {
  const outcome = launchCall(request, {
    onNotLaunched: (_record, message) => {
      wx.showToast({ title: message, icon: 'none' });
    },
  });
  if (outcome.ok) return outcome;
  if (outcome.reason === 'not-configured') {
    wx.showToast({ title: outcome.message, icon: 'none', duration: 2500 });
    wx.navigateTo({ url: `${SETTINGS_PAGE}?reason=not-configured` });
  } else if (outcome.reason === 'do-not-call') {
    const asker = askerOf(host);
    if (asker !== undefined) asker.ask(request, outcome.message);
    else wx.showModal({ title: '勿扰号码', content: outcome.message, showCancel: false, confirmText: '知道了' });
  } else {
    wx.showToast({ title: outcome.message, icon: 'none' });
  }
  return outcome;
}
