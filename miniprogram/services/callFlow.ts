/** What every call button does: launch from the tap, and answer each refusal the same way on every page. */

import { CallRequest, launchCall, LaunchOutcome, LaunchRefusal } from './callLauncher';

export const SETTINGS_PAGE = '/pages/settings/settings';
/** Pages (and components) that call put `<dnc-confirm id="dnc-confirm" />` in their template. */
export const DNC_CONFIRM_SELECTOR = '#dnc-confirm';

/** What the agent reads in the confirmation, and what tapping its confirm button adds to the request. */
export interface CallPrompt {
  title: string;
  message: string;
  hint: string;
  confirmText: string;
  /** A red button for the do-not-call list; the others are reminders. */
  danger: boolean;
  override: Partial<CallRequest>;
}

/** What components/dnc-confirm offers: our own dialog whose confirm button is a real tap that calls again. */
export interface CallGuardAsker {
  ask(request: CallRequest, prompt: CallPrompt): void;
}

/** The page or component whose tap handler calls; used to find its dnc-confirm. */
export interface CallHost {
  selectComponent(selector: string): unknown;
}

type Overridable = Extract<LaunchRefusal, 'do-not-call' | 'outside-hours' | 'storage-nearly-full'>;

/** One prompt per refusal the agent may override. */
const PROMPTS: Record<Overridable, Omit<CallPrompt, 'message'>> = {
  'do-not-call': {
    title: '勿扰号码',
    hint: '确认客户同意后才可拨打。',
    confirmText: '仍要拨打',
    danger: true,
    override: { overrideDoNotCall: true },
  },
  'outside-hours': {
    title: '不在拨打时段',
    hint: '继续拨打会在这条通话记录中注明。',
    confirmText: '继续拨打',
    danger: false,
    override: { overrideCallingHours: true },
  },
  'storage-nearly-full': {
    title: '存储空间快满了',
    hint: '建议在设置中导出后清理通话记录。本次打开小程序期间不再提醒。',
    confirmText: '继续拨打',
    danger: false,
    override: { storageWarning: 'acknowledged' },
  },
};

/** The storage warning comes once per run of the app; a cold start asks again. */
let storageWarningAcknowledged = false;

function isOverridable(reason: LaunchRefusal): reason is Overridable {
  return reason in PROMPTS;
}

function askerOf(host: CallHost | undefined): CallGuardAsker | undefined {
  // The confirmation itself calls again with itself as host: a second guard asks in the same dialog.
  if (typeof (host as Partial<CallGuardAsker> | undefined)?.ask === 'function')
    return host as unknown as CallGuardAsker;
  const found = host?.selectComponent(DNC_CONFIRM_SELECTOR) as Partial<CallGuardAsker> | null | undefined;
  return found !== null && found !== undefined && typeof found.ask === 'function'
    ? (found as CallGuardAsker)
    : undefined;
}

/**
 * Call synchronously from a tap handler. Refusals the page cannot fix are shown here (a toast, or the
 * settings page when the account is missing); the outcome is returned so a page can offer more.
 * A number on the do-not-call list, a call outside the calling hours, or storage above 80 % opens the host's
 * dnc-confirm, whose confirm button calls again from its own tap (a jump from a wx.showModal callback would not
 * count as a tap); without one it is explained and nothing is dialled.
 */
export function callFromTap(request: CallRequest, host?: CallHost): LaunchOutcome {
  if (request.storageWarning === 'acknowledged') storageWarningAcknowledged = true;
  const storageWarning = storageWarningAcknowledged ? 'acknowledged' : 'ask';
  const outcome = launchCall(
    { ...request, storageWarning },
    {
      onNotLaunched: (_record, message) => {
        wx.showToast({ title: message, icon: 'none' });
      },
    },
  );
  if (outcome.ok) return outcome;
  if (outcome.reason === 'not-configured') {
    wx.showToast({ title: outcome.message, icon: 'none', duration: 2500 });
    wx.navigateTo({ url: `${SETTINGS_PAGE}?reason=not-configured` });
  } else if (isOverridable(outcome.reason)) {
    const prompt: CallPrompt = { ...PROMPTS[outcome.reason], message: outcome.message };
    const asker = askerOf(host);
    if (asker !== undefined) asker.ask(request, prompt);
    else wx.showModal({ title: prompt.title, content: outcome.message, showCancel: false, confirmText: '知道了' });
  } else {
    wx.showToast({ title: outcome.message, icon: 'none' });
  }
  return outcome;
}
