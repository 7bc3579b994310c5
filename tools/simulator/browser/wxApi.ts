/**
 * The browser's `wx`: miniprogram-simulate's API list, then the jest fake's (storage limits, jump rules,
 * enter options), then what the simulator draws or drives itself (pages, feedback, other mini programs).
 */

import { ApiOutcome, AsyncOptions, settleApiCall, WxFake } from '../../wx-fake/wx';
import { SCREEN } from '../contract';
import { brief, EventLog } from './eventLog';
import { Feedback } from './feedback';
import { PageStack, parsePageUrl } from './pageStack';
import { PhoneChrome } from './phoneChrome';
import { SimulatedClipboard } from './simulatedClipboard';

type RouteApi = 'navigateTo' | 'redirectTo' | 'switchTab' | 'reLaunch' | 'navigateBack';
type ApiFunction = (options: AsyncOptions) => unknown;

export interface WxApiDeps {
  fake: WxFake;
  pages: PageStack;
  chrome: PhoneChrome;
  feedback: Feedback;
  log: EventLog;
  /** The clipboard field beside the phone, fed by the computer's clipboard when the browser allows. */
  clipboard: SimulatedClipboard;
  /** Opens the other mini program once WeChat's jump succeeded: full screen, or as the half-screen sheet. */
  openMiniProgram(options: AsyncOptions, shownAs: 'full' | 'half'): void;
}

function hasCallbacks(options: AsyncOptions | undefined): boolean {
  return options?.success !== undefined || options?.fail !== undefined || options?.complete !== undefined;
}

/** Settles an API whose outcome comes later (a user's answer, a page change) with WeChat's callback rules. */
export function settleLater(
  options: AsyncOptions | undefined,
  outcome: Promise<ApiOutcome>,
): Promise<unknown> | undefined {
  const settled = outcome.then((result) => settleApiCall(options, result));
  if (hasCallbacks(options)) {
    void settled;
    return undefined;
  }
  return settled;
}

/** Calls one of the fake's async APIs and captures its outcome instead of settling the caller. */
function outcomeOf(api: ApiFunction, options: AsyncOptions): Promise<ApiOutcome> {
  return new Promise((resolve) => {
    void api({
      ...options,
      success: (result) => resolve({ ok: true, result: result as Record<string, unknown> }),
      fail: (result) => resolve({ ok: false, result: result as Record<string, unknown> }),
      complete: undefined,
    });
  });
}

function str(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

export function createWxApi(base: Record<string, unknown>, deps: WxApiDeps): Record<string, unknown> {
  const { fake, pages, chrome, feedback, log } = deps;
  const fakeApi = fake.api as Record<string, ApiFunction>;

  const route =
    (api: RouteApi) =>
    (options: AsyncOptions = {}) => {
      const url = str(options['url'], '');
      const target = parsePageUrl(url, pages.currentRoute());
      const outcome = (async (): Promise<ApiOutcome> => {
        if (api === 'navigateBack' && pages.depth() <= 1) {
          return { ok: false, result: { errMsg: 'navigateBack:fail cannot navigate back at first page.' } };
        }
        const checked = await outcomeOf(fakeApi[api] as ApiFunction, { ...options, url: `/${target.route}` });
        if (!checked.ok) {
          log.add(`${api}: ${String(checked.result['errMsg'])}`);
          return checked;
        }
        if (api === 'navigateBack') pages.navigateBack(typeof options['delta'] === 'number' ? options['delta'] : 1);
        else pages[api](target);
        return checked;
      })();
      return settleLater(options, outcome);
    };

  const showToast = (options: AsyncOptions = {}) => {
    const icon = str(options['icon'], 'success');
    const duration = typeof options['duration'] === 'number' ? options['duration'] : 1500;
    feedback.showToast({ title: str(options['title'], ''), icon, duration, mask: options['mask'] === true });
    log.add(`showToast ${brief({ title: options['title'], icon })}`);
    return (fakeApi['showToast'] as ApiFunction)(options);
  };

  const showModal = (options: AsyncOptions = {}) => {
    const request = {
      title: str(options['title'], ''),
      content: str(options['content'], ''),
      showCancel: options['showCancel'] !== false,
      cancelText: str(options['cancelText'], '取消'),
      cancelColor: str(options['cancelColor'], '#000000'),
      confirmText: str(options['confirmText'], '确定'),
      confirmColor: str(options['confirmColor'], '#576B95'),
      editable: options['editable'] === true,
      placeholderText: str(options['placeholderText'], ''),
    };
    fake.modals.push({ title: request.title, content: request.content });
    log.add(`showModal ${brief({ title: request.title })}`);
    const outcome = feedback.showModal(request).then((answer): ApiOutcome => {
      log.add(`showModal answered ${answer.confirm ? 'confirm' : 'cancel'}`);
      return { ok: true, result: { errMsg: 'showModal:ok', ...answer, cancel: !answer.confirm } };
    });
    return settleLater(options, outcome);
  };

  const showActionSheet = (options: AsyncOptions = {}) => {
    const items = Array.isArray(options['itemList']) ? options['itemList'].map(String) : [];
    // The fake holds WeChat's rule (at most 6 items) and its message.
    if (items.length > 6) return (fakeApi['showActionSheet'] as ApiFunction)(options);
    const outcome = feedback
      .showActionSheet(items, str(options['itemColor'], '#000000'), str(options['alertText'], ''))
      .then((index): ApiOutcome =>
        index === undefined
          ? { ok: false, result: { errMsg: 'showActionSheet:fail cancel' } }
          : { ok: true, result: { errMsg: 'showActionSheet:ok', tapIndex: index } },
      );
    return settleLater(options, outcome);
  };

  /** WeChat's "open another mini program?" confirmation, answered by the user; sets the fake's behaviour. */
  const confirmJump = async (appId: string): Promise<void> => {
    const name = appId === 'wx49e8ab828096cff3' ? '腾讯云呼叫中心' : appId;
    const answer = await feedback.showModal({
      title: '',
      content: `即将打开“${name}”小程序`,
      showCancel: true,
      cancelText: '取消',
      cancelColor: '#000000',
      confirmText: '允许',
      confirmColor: '#576B95',
      editable: false,
      placeholderText: '',
    });
    fake.jumpBehaviour = answer.confirm ? 'confirm' : 'cancel';
  };

  /** The fake checks the gesture synchronously: the user's tap authorised this call, so replay it inside one. */
  const inTap = (api: string, options: AsyncOptions): Promise<ApiOutcome> => {
    let pending: Promise<ApiOutcome> | undefined;
    fake.tap(() => {
      pending = outcomeOf(fakeApi[api] as ApiFunction, options);
    });
    return pending as Promise<ApiOutcome>;
  };

  /**
   * Half-screen: the fake decides (base library, tap, host, app.json list, the admin's approval); an approved target
   * opens at once as a sheet over the app, any other is switched by WeChat to a normal jump with its confirmation.
   */
  const openEmbeddedMiniProgram = (options: AsyncOptions = {}) => {
    const api = fakeApi['openEmbeddedMiniProgram'] as ApiFunction;
    const appId = options['appId'];
    if (!fake.isInTapGesture() || typeof appId !== 'string' || appId === '' || !fake.hostSupportsEmbedded) {
      return api(options);
    }
    // Below 2.20.1 this throws as calling an undefined wx.openEmbeddedMiniProgram does.
    if (!(fakeApi['canIUse'] as unknown as (schema: string) => boolean)('openEmbeddedMiniProgram')) return api(options);
    const shownAs = fake.embeddedShownAs(appId);
    const outcome = (async (): Promise<ApiOutcome> => {
      if (shownAs === 'full') await confirmJump(appId);
      const result = await inTap('openEmbeddedMiniProgram', options);
      if (result.ok) deps.openMiniProgram(options, shownAs);
      return result;
    })().then((result) => {
      log.add(
        `openEmbeddedMiniProgram ${appId} (${shownAs === 'half' ? '半屏' : '全屏'}): ${String(result.result['errMsg'])}`,
      );
      return result;
    });
    return settleLater(options, outcome);
  };

  const navigateToMiniProgram = (options: AsyncOptions = {}) => {
    const appId = options['appId'];
    const outcome = (async (): Promise<ApiOutcome> => {
      // Outside a tap, or with a bad appId, the fake answers with WeChat's own error.
      if (!fake.isInTapGesture() || typeof appId !== 'string' || appId === '') {
        return outcomeOf(fakeApi['navigateToMiniProgram'] as ApiFunction, options);
      }
      await confirmJump(appId);
      const result = await inTap('navigateToMiniProgram', options);
      if (result.ok) deps.openMiniProgram(options, 'full');
      return result;
    })().then((result) => {
      log.add(`navigateToMiniProgram ${String(appId)}: ${String(result.result['errMsg'])}`);
      return result;
    });
    return settleLater(options, outcome);
  };

  const windowInfo = () => ({
    ...(fakeApi['getWindowInfo'] as () => Record<string, unknown>)(),
    windowWidth: SCREEN.width,
    windowHeight: chrome.windowHeight(),
    screenWidth: SCREEN.width,
    screenHeight: SCREEN.height,
    statusBarHeight: SCREEN.statusBar,
    safeArea: {
      left: 0,
      right: SCREEN.width,
      top: SCREEN.statusBar,
      bottom: SCREEN.height,
      width: SCREEN.width,
      height: SCREEN.height - SCREEN.statusBar,
    },
  });

  const overrides: Record<string, unknown> = {
    navigateTo: route('navigateTo'),
    redirectTo: route('redirectTo'),
    switchTab: route('switchTab'),
    reLaunch: route('reLaunch'),
    navigateBack: route('navigateBack'),
    setNavigationBarTitle: (options: AsyncOptions = {}) => {
      pages.setTitle(str(options['title'], ''));
      return settleApiCall(options, { ok: true, result: { errMsg: 'setNavigationBarTitle:ok' } });
    },
    pageScrollTo: (options: AsyncOptions = {}) => {
      const top = typeof options['scrollTop'] === 'number' ? options['scrollTop'] : 0;
      pages.scrollTo(top, typeof options['duration'] === 'number' && options['duration'] > 0);
      return settleApiCall(options, { ok: true, result: { errMsg: 'pageScrollTo:ok' } });
    },
    startPullDownRefresh: (options: AsyncOptions = {}) => {
      pages.startPullDownRefresh();
      return settleApiCall(options, { ok: true, result: { errMsg: 'startPullDownRefresh:ok' } });
    },
    stopPullDownRefresh: (options: AsyncOptions = {}) => {
      pages.stopPullDownRefresh();
      return settleApiCall(options, { ok: true, result: { errMsg: 'stopPullDownRefresh:ok' } });
    },
    setTabBarBadge: (options: AsyncOptions = {}) => {
      chrome.setTabBadge(Number(options['index']), str(options['text'], ''));
      return settleApiCall(options, { ok: true, result: { errMsg: 'setTabBarBadge:ok' } });
    },
    removeTabBarBadge: (options: AsyncOptions = {}) => {
      chrome.setTabBadge(Number(options['index']), undefined);
      return settleApiCall(options, { ok: true, result: { errMsg: 'removeTabBarBadge:ok' } });
    },
    showToast,
    hideToast: (options?: AsyncOptions) => {
      feedback.hideToast();
      return (fakeApi['hideToast'] as ApiFunction)(options ?? {});
    },
    showLoading: (options: AsyncOptions = {}) => {
      feedback.showToast({
        title: str(options['title'], ''),
        icon: 'loading',
        duration: Infinity,
        mask: options['mask'] === true,
      });
      return (fakeApi['showLoading'] as ApiFunction)(options);
    },
    hideLoading: (options?: AsyncOptions) => {
      feedback.hideToast();
      return (fakeApi['hideLoading'] as ApiFunction)(options ?? {});
    },
    showModal,
    showActionSheet,
    navigateToMiniProgram,
    openEmbeddedMiniProgram,
    setClipboardData: (options: AsyncOptions = {}) => {
      const outcome = outcomeOf(fakeApi['setClipboardData'] as ApiFunction, options).then((result) => {
        if (result.ok) {
          deps.clipboard.copied(fake.clipboard);
          // WeChat confirms a copy with its own toast.
          feedback.showToast({ title: '内容已复制', icon: 'success', duration: 1500, mask: false });
        }
        return result;
      });
      return settleLater(options, outcome);
    },
    getClipboardData: (options: AsyncOptions = {}) => {
      const outcome = (async (): Promise<ApiOutcome> => {
        // A refused privacy agreement gets the fake's WeChat error without touching the computer's clipboard.
        if (fake.privacyAuthorized) {
          const source = await deps.clipboard.refreshFromComputer();
          log.add(
            source === 'computer'
              ? "getClipboardData: read the computer's clipboard"
              : "getClipboardData: read the simulator's clipboard field (the browser did not allow reading the computer's)",
          );
        }
        return outcomeOf(fakeApi['getClipboardData'] as ApiFunction, options);
      })();
      return settleLater(options, outcome);
    },
    getWindowInfo: windowInfo,
    getSystemInfoSync: () => ({
      ...(fakeApi['getSystemInfoSync'] as () => Record<string, unknown>)(),
      ...windowInfo(),
    }),
    getSystemInfo: (options: AsyncOptions = {}) =>
      settleApiCall(options, {
        ok: true,
        result: {
          errMsg: 'getSystemInfo:ok',
          ...(fakeApi['getSystemInfoSync'] as () => Record<string, unknown>)(),
          ...windowInfo(),
        },
      }),
    makePhoneCall: (options: AsyncOptions = {}) => {
      log.add('makePhoneCall (number not shown)');
      feedback.showToast({ title: '模拟器不拨打电话', icon: 'none', duration: 1500, mask: false });
      return settleApiCall(options, { ok: true, result: { errMsg: 'makePhoneCall:ok' } });
    },
  };

  return { ...base, ...fake.api, ...overrides };
}
