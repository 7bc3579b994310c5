/** What every call button does: launch from the tap, and answer each refusal the same way on every page. */

import { CallRequest, launchCall, LaunchOutcome } from './callLauncher';

export const SETTINGS_PAGE = '/pages/settings/settings';

/**
 * Call synchronously from a tap handler. Refusals the page cannot fix are shown here (a toast, or the
 * settings page when the account is missing); the outcome is returned so a page can offer more.
 */
export function callFromTap(request: CallRequest): LaunchOutcome {
  const outcome = launchCall(request, {
    onNotLaunched: (_record, message) => {
      wx.showToast({ title: message, icon: 'none' });
    },
  });
  if (outcome.ok) return outcome;
  if (outcome.reason === 'not-configured') {
    wx.showToast({ title: outcome.message, icon: 'none', duration: 2500 });
    wx.navigateTo({ url: `${SETTINGS_PAGE}?reason=not-configured` });
  } else {
    wx.showToast({ title: outcome.message, icon: 'none' });
  }
  return outcome;
}
