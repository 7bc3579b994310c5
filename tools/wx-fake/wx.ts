/**
 * A faithful in-memory `wx` for the tests, the simulator and the bench: real storage limits, navigation rules,
 * and WeChat's lifecycle order. Imports nothing from test/ and nothing of Node's, so it runs in a browser as it is.
 */

import { StorageArea, WxApiError } from './storageArea';
import { FileArea } from './fileSystem';
import { NetworkFake } from './network';

export { WxApiError } from './storageArea';
export { fetchHandler, NetworkFake, UnreachableError } from './network';
export type { RequestHandler, SubscribeAnswer, WxHttpRequest, WxHttpResponse } from './network';

export const TCCC_APP_ID = 'wx49e8ab828096cff3';
/** Scene of a return from another mini program. */
export const SCENE_BACK_FROM_MINIPROGRAM = 1038;
export const SCENE_DEFAULT = 1001;
const PAGE_STACK_LIMIT = 10;
/** wx.openEmbeddedMiniProgram exists from this base library on; below 2.23.1 app.json must list the target. */
const EMBEDDED_SINCE = '2.20.1';
const EMBEDDED_LIST_NOT_NEEDED_SINCE = '2.23.1';
/** Base library versions where the app's calls are checked (wx.canIUse answers from these). */
const API_SINCE: Record<string, string> = {
  navigateToMiniProgram: '1.3.0',
  openEmbeddedMiniProgram: EMBEDDED_SINCE,
  getAppBaseInfo: '2.25.3',
  enableAlertBeforeUnload: '2.12.0',
  shareFileMessage: '2.16.1',
};

/** Compares dotted versions numerically ('2.9.0' < '2.20.1'). */
export function compareVersion(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}
const ACTION_SHEET_LIMIT = 6;

type Callback = (result: unknown) => void;
export interface AsyncOptions {
  success?: Callback;
  fail?: Callback;
  complete?: Callback;
  [key: string]: unknown;
}

export interface ApiOutcome {
  ok: boolean;
  result: Record<string, unknown>;
}

/** Settles an async API the way WeChat does: callbacks on a later tick, or a promise when none is given. */
export function settleApiCall(options: AsyncOptions | undefined, outcome: ApiOutcome): Promise<unknown> | undefined {
  const opts = options ?? {};
  const usesCallbacks = opts.success !== undefined || opts.fail !== undefined || opts.complete !== undefined;
  if (!usesCallbacks) {
    return outcome.ok ? Promise.resolve(outcome.result) : Promise.reject(outcome.result);
  }
  void Promise.resolve().then(() => {
    if (outcome.ok) opts.success?.(outcome.result);
    else opts.fail?.(outcome.result);
    opts.complete?.(outcome.result);
  });
  return undefined;
}

export interface ReferrerInfo {
  appId: string;
  extraData?: unknown;
}

export interface EnterOptions {
  path: string;
  scene: number;
  query: Record<string, string>;
  referrerInfo?: ReferrerInfo;
  apiCategory: 'default';
}

/** The parts of an App() instance the driver calls. */
export interface AppLike {
  onLaunch?(options: EnterOptions): void;
  onShow?(options: EnterOptions): void;
  onHide?(): void;
  [key: string]: unknown;
}

/** A page instance as the driver sees it: a simulate component's instance fits. */
export interface PageLike {
  route?: string;
  onShow?(): void;
  onHide?(): void;
  onUnload?(): void;
}

export interface NavigateToMiniProgramCall {
  appId: string;
  path: string;
  envVersion: string | undefined;
  extraData: unknown;
  /** Whether the call happened synchronously inside a tap handler. */
  inTap: boolean;
  /** Which API was called. */
  api: 'navigateToMiniProgram' | 'openEmbeddedMiniProgram';
  /**
   * How WeChat shows the other mini program: 'half' for an embedded open that met every condition, 'full' for a
   * normal jump, including an embedded open WeChat switched to a normal one (with the usual confirmation).
   */
  shownAs: 'full' | 'half';
}

export type JumpBehaviour = 'confirm' | 'cancel' | { failWith: string };

export interface RouteCall {
  api: 'navigateTo' | 'redirectTo' | 'switchTab' | 'navigateBack' | 'reLaunch';
  url: string;
}

export interface AppJson {
  pages: string[];
  tabBar?: { list: { pagePath: string }[] };
  /** Targets of half-screen opens; WeChat reads it only below base library 2.23.1. */
  embeddedAppIdList?: string[];
}

/** The app's app.json (its pages and tab bar: where navigation may go), and storage (in memory by default). */
export interface WxFakeOptions {
  appJson: AppJson;
  storage?: StorageArea;
}

function stripQuery(url: string): string {
  return url.replace(/^\//, '').split('?')[0] ?? '';
}

export class WxFake {
  readonly storage: StorageArea;
  platform: 'ios' | 'android' = 'ios';
  /** What the user does at WeChat's "open another mini program?" confirmation. */
  jumpBehaviour: JumpBehaviour = 'confirm';
  readonly miniProgramJumps: NavigateToMiniProgramCall[] = [];
  readonly routes: RouteCall[] = [];
  readonly toasts: { title: string; icon: string }[] = [];
  readonly modals: { title: string; content: string }[] = [];
  /** Answers for the next showModal calls, in order; confirm when empty. */
  readonly modalAnswers: boolean[] = [];
  /** Answers for the next showActionSheet calls: an index, or 'cancel'. */
  readonly actionSheetAnswers: (number | 'cancel')[] = [];
  clipboard = '';
  /** The user file system under wx.env.USER_DATA_PATH; shrink files.quotaBytes to model a full disk. */
  readonly files = new FileArea();
  /** Files handed to wx.shareFileMessage, and what the user does in WeChat's chat picker. */
  readonly sharedFiles: { filePath: string; fileName: string | undefined; inTap: boolean }[] = [];
  shareFileBehaviour: JumpBehaviour = 'confirm';
  /** The text on each tab's badge, by tab index. */
  readonly tabBarBadges = new Map<number, string>();
  /** False models a user who refused the privacy agreement. */
  privacyAuthorized = true;
  /** The base library (SDKVersion); below 2.20.1 wx.openEmbeddedMiniProgram does not exist. */
  sdkVersion = '3.6.0';
  /**
   * The admin console's 半屏小程序管理 list (设置 → 第三方设置): targets approved for half-screen. WeChat switches
   * an embedded open of any other target to a normal jump, silently. Empty until an admin adds one.
   */
  readonly embeddedApproved = new Set<string>();
  /** False models a WeChat that has the API but cannot show half-screen (e.g. WeChat for PC). */
  hostSupportsEmbedded = true;
  /** WeChat's font size setting in px (我 → 设置 → 通用 → 字体大小); 17 is the standard size. */
  fontSizeSetting = 17;
  /** WeChat shows half-screen only over a portrait host. */
  orientation: 'portrait' | 'landscape' = 'portrait';
  readonly pages: PageLike[] = [];
  /** What the app wrote to WeChat's realtime log (wx.getRealtimeLogManager), per level, in order. */
  readonly realtimeLog: { level: 'info' | 'warn' | 'error'; line: string }[] = [];
  /** wx.request / wx.login / wx.requestSubscribeMessage: plug network.requestHandler, set domains, go offline. */
  readonly network = new NetworkFake();

  private app: AppLike | undefined;
  private gestureDepth = 0;
  /** Per page, the message wx.enableAlertBeforeUnload set: WeChat asks with it before the user goes back. */
  private readonly unloadAlerts = new Map<PageLike, string>();
  private readonly appShowListeners = new Set<(options: EnterOptions) => void>();
  private readonly appHideListeners = new Set<() => void>();
  private readonly rejectionListeners = new Set<(result: { reason: unknown; promise: Promise<unknown> }) => void>();
  private launchOptions: EnterOptions;
  private latestEnterOptions: EnterOptions;
  /** What Android keeps re-delivering after a return from another mini program. */
  private lastReferrer: ReferrerInfo | undefined;
  private away: { appId: string } | undefined;
  private foreground = false;
  private readonly appJson: AppJson;
  readonly api: Record<string, unknown>;

  constructor(options: WxFakeOptions) {
    this.storage = options.storage ?? new StorageArea();
    this.appJson = options.appJson;
    this.launchOptions = this.enterOptions(SCENE_DEFAULT);
    this.latestEnterOptions = this.launchOptions;
    this.api = this.buildApi();
  }

  // ---- the test-facing driver ----

  /** Runs fn the way a user's tap runs a handler: APIs that need a gesture work only synchronously inside. */
  tap<T>(fn: () => T): T {
    this.gestureDepth += 1;
    try {
      return fn();
    } finally {
      this.gestureDepth -= 1;
    }
  }

  /** True while a tap handler runs synchronously: what gesture-only APIs check. */
  isInTapGesture(): boolean {
    return this.gestureDepth > 0;
  }

  /** Registers the App() options object, as WeChat does when app.js runs. */
  registerApp(options: AppLike): void {
    if (this.app !== undefined) throw new Error('App() can only be called once per mini program start');
    this.app = options;
  }

  getApp(): AppLike | undefined {
    return this.app;
  }

  /** A (cold) start: App.onLaunch then App.onShow, with the same options; then the current page shows. */
  launch(options: Partial<EnterOptions> = {}): EnterOptions {
    const full = { ...this.enterOptions(SCENE_DEFAULT), ...options };
    this.launchOptions = full;
    this.latestEnterOptions = full;
    this.foreground = true;
    this.network.appShown();
    this.app?.onLaunch?.(full);
    this.app?.onShow?.(full);
    for (const listener of [...this.appShowListeners]) listener(full);
    this.currentPage()?.onShow?.();
    return full;
  }

  /** A script error in the app: WeChat calls App.onError with the error's text (message and stack). */
  raiseError(error: Error): void {
    const onError = this.app?.['onError'];
    if (typeof onError === 'function')
      (onError as (message: string) => void).call(this.app, `${error.message}\n${error.stack ?? ''}`);
  }

  /** A promise rejected with no handler: WeChat tells wx.onUnhandledRejection listeners. */
  rejectUnhandled(reason: unknown): void {
    const promise = Promise.reject(reason);
    promise.catch(() => undefined);
    for (const listener of [...this.rejectionListeners]) listener({ reason, promise });
  }

  /** The app goes to the background: page onHide, then App.onHide, then wx.onAppHide listeners. */
  hide(): void {
    if (!this.foreground) return;
    this.foreground = false;
    this.network.appHidden();
    this.currentPage()?.onHide?.();
    this.app?.onHide?.();
    for (const listener of [...this.appHideListeners]) listener();
  }

  /**
   * The app comes back: App.onShow, wx.onAppShow listeners, then the page's onShow.
   * On Android a previous return's referrerInfo comes again, as developers report.
   */
  show(options: Partial<EnterOptions> = {}): EnterOptions {
    const redelivered =
      this.platform === 'android' && options.referrerInfo === undefined && this.lastReferrer !== undefined
        ? { scene: SCENE_BACK_FROM_MINIPROGRAM, referrerInfo: this.lastReferrer }
        : {};
    const full = { ...this.enterOptions(SCENE_DEFAULT), ...redelivered, ...options };
    this.latestEnterOptions = full;
    this.foreground = true;
    this.network.appShown();
    this.app?.onShow?.(full);
    for (const listener of [...this.appShowListeners]) listener(full);
    this.currentPage()?.onShow?.();
    return full;
  }

  /**
   * The other mini program closes and WeChat brings ours back with scene 1038.
   * Pass extraData undefined to model leaving with the capsule or system back: no extraData at all.
   */
  returnFromMiniProgram(extraData?: unknown, appId = this.away?.appId ?? TCCC_APP_ID): EnterOptions {
    const referrerInfo: ReferrerInfo = extraData === undefined ? { appId } : { appId, extraData };
    this.away = undefined;
    if (extraData !== undefined) this.lastReferrer = referrerInfo;
    return this.show({ scene: SCENE_BACK_FROM_MINIPROGRAM, referrerInfo });
  }

  /**
   * WeChat destroyed our app while it was in the background: memory, pages and listeners are gone,
   * storage stays. The next start is a cold start through launch().
   */
  destroy(): void {
    this.app = undefined;
    this.pages.length = 0;
    this.appShowListeners.clear();
    this.appHideListeners.clear();
    this.rejectionListeners.clear();
    this.foreground = false;
    this.gestureDepth = 0;
    this.network.appDestroyed();
  }

  /** The return after a destroy: a cold start whose launch options carry the referrer. */
  coldReturnFromMiniProgram(extraData?: unknown, appId = this.away?.appId ?? TCCC_APP_ID): EnterOptions {
    const referrerInfo: ReferrerInfo = extraData === undefined ? { appId } : { appId, extraData };
    this.away = undefined;
    if (extraData !== undefined) this.lastReferrer = referrerInfo;
    return this.launch({ scene: SCENE_BACK_FROM_MINIPROGRAM, referrerInfo });
  }

  openPage(page: PageLike): void {
    this.pages.push(page);
  }

  /**
   * The user taps the navigation bar's back button or Android's back key. On a page that is not the bottom one and
   * enabled an alert, WeChat first shows the alert as a modal (answered from modalAnswers); cancelling keeps the
   * page. Returns whether the page closed. The bottom page (leaving the mini program) is not modelled.
   */
  pressBack(): boolean {
    const page = this.currentPage();
    if (page === undefined || this.pages.length < 2) return false;
    const message = this.unloadAlerts.get(page);
    if (message !== undefined) {
      this.modals.push({ title: '', content: message });
      if (!(this.modalAnswers.shift() ?? true)) return false;
    }
    this.closeTopPage();
    return true;
  }

  /** The iOS swipe-back gesture: WeChat never intercepts it, alert or not. */
  swipeBack(): boolean {
    if (this.currentPage() === undefined || this.pages.length < 2) return false;
    this.closeTopPage();
    return true;
  }

  /** The message the current page's alert before unload asks with; undefined when none is enabled. */
  unloadAlert(): string | undefined {
    const page = this.currentPage();
    return page === undefined ? undefined : this.unloadAlerts.get(page);
  }

  hasUnloadAlert(): boolean {
    return this.unloadAlert() !== undefined;
  }

  listenerCount(kind: 'appShow' | 'appHide' | 'unhandledRejection'): number {
    if (kind === 'unhandledRejection') return this.rejectionListeners.size;
    return kind === 'appShow' ? this.appShowListeners.size : this.appHideListeners.size;
  }

  isAway(): boolean {
    return this.away !== undefined;
  }

  // ---- internals ----

  private currentPage(): PageLike | undefined {
    return this.pages[this.pages.length - 1];
  }

  private closeTopPage(): void {
    const page = this.pages.pop();
    if (page === undefined) return;
    this.unloadAlerts.delete(page);
    page.onUnload?.();
    this.currentPage()?.onShow?.();
  }

  /** For APIs WeChat does not promisify: callbacks only, and without them nothing comes back. */
  private settleCallbacksOnly(options: AsyncOptions | undefined, outcome: ApiOutcome): void {
    void this.settle({ ...options, complete: options?.complete ?? (() => undefined) }, outcome);
  }

  private enableAlertBeforeUnload(options: AsyncOptions) {
    const api = 'enableAlertBeforeUnload';
    const message = options['message'];
    if (typeof message !== 'string') {
      const type = message === undefined ? 'Undefined' : typeof message;
      this.settleCallbacksOnly(
        options,
        this.failed(`${api}:fail parameter error: parameter.message should be String instead of ${type};`),
      );
      return;
    }
    const page = this.currentPage();
    if (page !== undefined) this.unloadAlerts.set(page, message);
    this.settleCallbacksOnly(options, this.ok(api));
  }

  private disableAlertBeforeUnload(options: AsyncOptions | undefined) {
    const page = this.currentPage();
    if (page !== undefined) this.unloadAlerts.delete(page);
    this.settleCallbacksOnly(options, this.ok('disableAlertBeforeUnload'));
  }

  private enterOptions(scene: number): EnterOptions {
    return { path: this.appJson.pages[0] ?? '', scene, query: {}, apiCategory: 'default' };
  }

  private settle(options: AsyncOptions | undefined, outcome: ApiOutcome) {
    return settleApiCall(options, outcome);
  }

  private ok(api: string, extra: Record<string, unknown> = {}) {
    return { ok: true, result: { errMsg: `${api}:ok`, ...extra } };
  }

  private failed(errMsg: string, errno?: number) {
    return { ok: false, result: errno === undefined ? { errMsg } : { errMsg, errno } };
  }

  private syncToAsync(api: string, options: AsyncOptions | undefined, run: () => Record<string, unknown> | undefined) {
    try {
      const extra: Record<string, unknown> = run() ?? {};
      return this.settle(options, this.ok(api, extra));
    } catch (error) {
      const errMsg = error instanceof WxApiError ? error.errMsg.replace(`${api}Sync:`, `${api}:`) : String(error);
      return this.settle(options, this.failed(errMsg));
    }
  }

  private navigateToMiniProgram(options: AsyncOptions) {
    const api = 'navigateToMiniProgram';
    const appId = options['appId'];
    const inTap = this.gestureDepth > 0;
    if (typeof appId !== 'string' || appId === '') {
      return this.settle(options, this.failed(`${api}:fail parameter error: parameter.appId should be String`));
    }
    this.miniProgramJumps.push({
      appId,
      path: typeof options['path'] === 'string' ? options['path'] : '',
      envVersion: typeof options['envVersion'] === 'string' ? options['envVersion'] : undefined,
      extraData: options['extraData'],
      inTap,
      api,
      shownAs: 'full',
    });
    if (!inTap) return this.settle(options, this.failed(`${api}:fail can only be invoked by user TAP gesture.`));
    return this.jumpAway(api, appId, options);
  }

  /** WeChat's confirmation, then the other mini program covers ours. */
  private jumpAway(api: string, appId: string, options: AsyncOptions) {
    const behaviour = this.jumpBehaviour;
    if (behaviour === 'cancel') return this.settle(options, this.failed(`${api}:fail cancel`));
    if (typeof behaviour === 'object') return this.settle(options, this.failed(behaviour.failWith));
    this.away = { appId };
    const settled = this.settle(options, this.ok(api));
    // The other mini program covers ours once the jump is under way.
    void Promise.resolve().then(() => this.hide());
    return settled;
  }

  /**
   * Whether WeChat would show this target half-screen now; otherwise it switches the open to a normal jump
   * (WeChat's docs: 若不符合以下所有条件将被自动切换为普通的小程序跳转小程序).
   */
  embeddedShownAs(appId: string): 'full' | 'half' {
    const listed =
      compareVersion(this.sdkVersion, EMBEDDED_LIST_NOT_NEEDED_SINCE) >= 0 ||
      (this.appJson.embeddedAppIdList ?? []).includes(appId);
    return listed && this.embeddedApproved.has(appId) && this.orientation === 'portrait' ? 'half' : 'full';
  }

  /**
   * Half-screen open: tap only; where WeChat cannot show half-screen at all it fails (the text WeChat for PC gives is
   * not documented: modelled as `fail not supported`); a target that does not qualify opens as a normal jump, with
   * the normal confirmation; a qualifying one opens at once, no confirmation (what TCCC recommends it for).
   */
  private openEmbeddedMiniProgram(options: AsyncOptions) {
    const api = 'openEmbeddedMiniProgram';
    if (compareVersion(this.sdkVersion, EMBEDDED_SINCE) < 0) {
      // Below 2.20.1 wx.openEmbeddedMiniProgram is undefined: calling it throws as calling undefined does.
      throw new TypeError('wx.openEmbeddedMiniProgram is not a function');
    }
    const appId = options['appId'];
    const inTap = this.gestureDepth > 0;
    if (typeof appId !== 'string' || appId === '') {
      return this.settle(options, this.failed(`${api}:fail parameter error: parameter.appId should be String`));
    }
    const shownAs = this.embeddedShownAs(appId);
    this.miniProgramJumps.push({
      appId,
      path: typeof options['path'] === 'string' ? options['path'] : '',
      envVersion: typeof options['envVersion'] === 'string' ? options['envVersion'] : undefined,
      extraData: options['extraData'],
      inTap,
      api,
      shownAs,
    });
    if (!inTap) return this.settle(options, this.failed(`${api}:fail can only be invoked by user TAP gesture.`));
    if (!this.hostSupportsEmbedded) return this.settle(options, this.failed(`${api}:fail not supported`));
    if (shownAs === 'full') return this.jumpAway(api, appId, options);
    if (typeof this.jumpBehaviour === 'object') return this.settle(options, this.failed(this.jumpBehaviour.failWith));
    this.away = { appId };
    const settled = this.settle(options, this.ok(api));
    void Promise.resolve().then(() => this.hide());
    return settled;
  }

  /** wx.canIUse for APIs: known from the base library version they came in, otherwise whether the fake has them. */
  private canIUse(schema: unknown): boolean {
    if (typeof schema !== 'string') return false;
    const name = schema.split('.')[0] ?? '';
    const since = API_SINCE[name];
    if (since !== undefined) return compareVersion(this.sdkVersion, since) >= 0;
    return name in this.api;
  }

  /** The FileSystemManager subset the app uses; each async call settles like other APIs, each sync one throws. */
  private fileSystemManager(): Record<string, unknown> {
    const files = this.files;
    const run = (api: string, o: AsyncOptions, fn: () => Record<string, unknown> | undefined) => {
      try {
        return this.settle(o, this.ok(api, fn() ?? {}));
      } catch (error) {
        return this.settle(o, this.failed(error instanceof WxApiError ? error.errMsg : String(error)));
      }
    };
    type Enc = Parameters<FileArea['write']>[3];
    return {
      writeFile: (o: AsyncOptions) =>
        run('writeFile', o, () => void files.write('writeFile', o['filePath'], o['data'], o['encoding'] as Enc)),
      writeFileSync: (filePath: unknown, data: unknown, encoding?: Enc) =>
        files.write('writeFileSync', filePath, data, encoding),
      appendFile: (o: AsyncOptions) =>
        run('appendFile', o, () => void files.append('appendFile', o['filePath'], o['data'], o['encoding'] as Enc)),
      appendFileSync: (filePath: unknown, data: unknown, encoding?: Enc) =>
        files.append('appendFileSync', filePath, data, encoding),
      readFile: (o: AsyncOptions) =>
        run('readFile', o, () => ({ data: files.read('readFile', o['filePath'], o['encoding'] as Enc) })),
      readFileSync: (filePath: unknown, encoding?: Enc) => files.read('readFileSync', filePath, encoding),
      unlink: (o: AsyncOptions) => run('unlink', o, () => void files.unlink('unlink', o['filePath'])),
      unlinkSync: (filePath: unknown) => files.unlink('unlinkSync', filePath),
      access: (o: AsyncOptions) => run('access', o, () => void files.access('access', o['path'])),
      accessSync: (path: unknown) => files.access('accessSync', path),
      stat: (o: AsyncOptions) => run('stat', o, () => ({ stats: files.stat('stat', o['path']) })),
      statSync: (path: unknown) => files.stat('statSync', path),
    };
  }

  /** Sends a file to a chat: only from a tap (WeChat refuses it after an await), and the user may cancel. */
  private shareFileMessage(options: AsyncOptions) {
    const api = 'shareFileMessage';
    const filePath = typeof options['filePath'] === 'string' ? options['filePath'] : '';
    const inTap = this.gestureDepth > 0;
    const fileName = typeof options['fileName'] === 'string' ? options['fileName'] : undefined;
    this.sharedFiles.push({ filePath, fileName, inTap });
    if (!inTap) return this.settle(options, this.failed(`${api}:fail can only be invoked by user TAP gesture.`));
    if (!this.files.has(filePath)) {
      return this.settle(options, this.failed(`${api}:fail no such file or directory ${filePath}`));
    }
    const behaviour = this.shareFileBehaviour;
    if (behaviour === 'cancel') return this.settle(options, this.failed(`${api}:fail cancel`));
    if (typeof behaviour === 'object') return this.settle(options, this.failed(behaviour.failWith));
    return this.settle(options, this.ok(api));
  }

  private route(api: RouteCall['api'], options: AsyncOptions) {
    const url = typeof options['url'] === 'string' ? options['url'] : '';
    const page = stripQuery(url);
    const tabPages = (this.appJson.tabBar?.list ?? []).map((t) => t.pagePath);
    if (api !== 'navigateBack') {
      if (!this.appJson.pages.includes(page)) {
        return this.settle(options, this.failed(`${api}:fail page "${page}" is not found`));
      }
      const isTab = tabPages.includes(page);
      if ((api === 'navigateTo' || api === 'redirectTo') && isTab) {
        return this.settle(options, this.failed(`${api}:fail can not ${api} a tabbar page`));
      }
      if (api === 'switchTab' && !isTab) {
        return this.settle(options, this.failed(`${api}:fail can not switch to no-tabBar page`));
      }
      if (api === 'navigateTo' && this.pages.length >= PAGE_STACK_LIMIT) {
        return this.settle(options, this.failed(`${api}:fail webview count limit exceed`));
      }
    }
    this.routes.push({ api, url });
    return this.settle(options, this.ok(api));
  }

  /** wx.request: callbacks (returning a RequestTask), or a promise when none is given. */
  private request(options: AsyncOptions) {
    let resolveOutcome: (outcome: ApiOutcome) => void = () => undefined;
    const outcome = new Promise<ApiOutcome>((resolve) => {
      resolveOutcome = resolve;
    });
    this.network.platform = this.platform;
    const task = this.network.request(options, (settled) => resolveOutcome(settled));
    const usesCallbacks = options.success !== undefined || options.fail !== undefined || options.complete !== undefined;
    if (!usesCallbacks) return outcome.then((settled) => this.settle({}, settled));
    void outcome.then((settled) => this.settle(options, settled));
    return task;
  }

  private login(options: AsyncOptions | undefined) {
    const usesCallbacks =
      options?.success !== undefined || options?.fail !== undefined || options?.complete !== undefined;
    const outcome = this.network.login();
    if (!usesCallbacks) return outcome.then((settled) => this.settle({}, settled));
    void outcome.then((settled) => this.settle(options, settled));
    return undefined;
  }

  private needsPrivacy(api: string): { ok: boolean; result: Record<string, unknown> } | undefined {
    if (this.privacyAuthorized) return undefined;
    return this.failed(`${api}:fail privacy permission is not authorized`, 104);
  }

  private buildApi(): Record<string, unknown> {
    const storage = this.storage;
    return {
      env: { USER_DATA_PATH: 'wxfile://usr' },
      // storage, sync
      setStorageSync: (key: unknown, data: unknown) => storage.set('setStorageSync', key, data),
      getStorageSync: (key: unknown) => storage.get('getStorageSync', key) ?? '',
      removeStorageSync: (key: unknown) => storage.remove('removeStorageSync', key),
      clearStorageSync: () => storage.clear(),
      getStorageInfoSync: () => storage.info(),
      // storage, async
      setStorage: (o: AsyncOptions) =>
        this.syncToAsync('setStorage', o, () => {
          storage.set('setStorage', o['key'], o['data']);
          return undefined;
        }),
      getStorage: (o: AsyncOptions) =>
        this.syncToAsync('getStorage', o, () => {
          const key = o['key'];
          if (typeof key === 'string' && !storage.has(key)) throw new WxApiError('getStorage:fail data not found');
          return { data: storage.get('getStorage', key) };
        }),
      removeStorage: (o: AsyncOptions) =>
        this.syncToAsync('removeStorage', o, () => {
          storage.remove('removeStorage', o['key']);
          return undefined;
        }),
      clearStorage: (o?: AsyncOptions) =>
        this.syncToAsync('clearStorage', o, () => {
          storage.clear();
          return undefined;
        }),
      getStorageInfo: (o?: AsyncOptions) => this.syncToAsync('getStorageInfo', o, () => ({ ...storage.info() })),
      // leaving and coming back
      navigateToMiniProgram: (o: AsyncOptions) => this.navigateToMiniProgram(o),
      openEmbeddedMiniProgram: (o: AsyncOptions) => this.openEmbeddedMiniProgram(o),
      canIUse: (schema: unknown) => this.canIUse(schema),
      onAppShow: (listener: (options: EnterOptions) => void) => void this.appShowListeners.add(listener),
      offAppShow: (listener: (options: EnterOptions) => void) => void this.appShowListeners.delete(listener),
      onAppHide: (listener: () => void) => void this.appHideListeners.add(listener),
      offAppHide: (listener: () => void) => void this.appHideListeners.delete(listener),
      getEnterOptionsSync: () => ({ ...this.latestEnterOptions }),
      getLaunchOptionsSync: () => ({ ...this.launchOptions }),
      // pages
      navigateTo: (o: AsyncOptions) => this.route('navigateTo', o),
      redirectTo: (o: AsyncOptions) => this.route('redirectTo', o),
      switchTab: (o: AsyncOptions) => this.route('switchTab', o),
      reLaunch: (o: AsyncOptions) => this.route('reLaunch', o),
      navigateBack: (o: AsyncOptions = {}) => this.route('navigateBack', { ...o, url: '' }),
      // no promise style for these two (WeChat's docs: 以 Promise 风格调用：不支持)
      enableAlertBeforeUnload: (o: AsyncOptions) => this.enableAlertBeforeUnload(o),
      disableAlertBeforeUnload: (o?: AsyncOptions) => this.disableAlertBeforeUnload(o),
      setNavigationBarTitle: (o: AsyncOptions) => this.settle(o, this.ok('setNavigationBarTitle')),
      // feedback
      showToast: (o: AsyncOptions) => {
        this.toasts.push({ title: String(o['title'] ?? ''), icon: String(o['icon'] ?? 'success') });
        return this.settle(o, this.ok('showToast'));
      },
      hideToast: (o?: AsyncOptions) => this.settle(o, this.ok('hideToast')),
      showLoading: (o: AsyncOptions) => this.settle(o, this.ok('showLoading')),
      hideLoading: (o?: AsyncOptions) => this.settle(o, this.ok('hideLoading')),
      showModal: (o: AsyncOptions) => {
        this.modals.push({ title: String(o['title'] ?? ''), content: String(o['content'] ?? '') });
        const confirm = this.modalAnswers.shift() ?? true;
        return this.settle(o, this.ok('showModal', { confirm, cancel: !confirm }));
      },
      showActionSheet: (o: AsyncOptions) => {
        const items = Array.isArray(o['itemList']) ? (o['itemList'] as unknown[]) : [];
        if (items.length > ACTION_SHEET_LIMIT) {
          return this.settle(
            o,
            this.failed('showActionSheet:fail parameter error: itemList should not be large than 6'),
          );
        }
        const answer = this.actionSheetAnswers.shift() ?? 'cancel';
        if (answer === 'cancel') return this.settle(o, this.failed('showActionSheet:fail cancel'));
        return this.settle(o, this.ok('showActionSheet', { tapIndex: answer }));
      },
      // tab bar badges, by tab index (the app sets the history tab's wrap-up count)
      setTabBarBadge: (o: AsyncOptions) => {
        this.tabBarBadges.set(Number(o['index']), String(o['text'] ?? ''));
        return this.settle(o, this.ok('setTabBarBadge'));
      },
      removeTabBarBadge: (o: AsyncOptions) => {
        this.tabBarBadges.delete(Number(o['index']));
        return this.settle(o, this.ok('removeTabBarBadge'));
      },
      // clipboard: personal data, behind the privacy agreement
      setClipboardData: (o: AsyncOptions) => {
        const refused = this.needsPrivacy('setClipboardData');
        if (refused) return this.settle(o, refused);
        this.clipboard = String(o['data'] ?? '');
        return this.settle(o, this.ok('setClipboardData'));
      },
      getClipboardData: (o: AsyncOptions) => {
        const refused = this.needsPrivacy('getClipboardData');
        if (refused) return this.settle(o, refused);
        return this.settle(o, this.ok('getClipboardData', { data: this.clipboard }));
      },
      // files
      getFileSystemManager: () => this.fileSystemManager(),
      shareFileMessage: (o: AsyncOptions) => this.shareFileMessage(o),
      // device
      getWindowInfo: () => ({
        windowWidth: 375,
        windowHeight: 667,
        screenWidth: 375,
        screenHeight: 667,
        pixelRatio: 2,
        statusBarHeight: 20,
      }),
      getSystemInfoSync: () => ({
        windowWidth: 375,
        windowHeight: 667,
        screenWidth: 375,
        screenHeight: 667,
        pixelRatio: 2,
        statusBarHeight: 20,
        platform: this.platform,
        system: this.platform === 'android' ? 'Android 13' : 'iOS 17.0',
        SDKVersion: this.sdkVersion,
        version: '8.0.50',
        fontSizeSetting: this.fontSizeSetting,
      }),
      getAppBaseInfo: () => ({
        SDKVersion: this.sdkVersion,
        version: '8.0.50',
        language: 'zh_CN',
        theme: 'light',
        fontSizeSetting: this.fontSizeSetting,
        fontSizeScaleFactor: this.fontSizeSetting / 17,
      }),
      getDeviceInfo: () => ({
        platform: this.platform,
        system: this.platform === 'android' ? 'Android 13' : 'iOS 17.0',
      }),
      nextTick: (fn: () => void) => queueMicrotask(fn),
      // errors: unhandled rejections (base library 2.10.0+), the realtime log, the app's version
      onUnhandledRejection: (listener: (r: { reason: unknown; promise: Promise<unknown> }) => void) =>
        void this.rejectionListeners.add(listener),
      offUnhandledRejection: (listener: (r: { reason: unknown; promise: Promise<unknown> }) => void) =>
        void this.rejectionListeners.delete(listener),
      getRealtimeLogManager: () => {
        const log =
          (level: 'info' | 'warn' | 'error') =>
          (...args: unknown[]) =>
            void this.realtimeLog.push({
              level,
              line: args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '),
            });
        return {
          info: log('info'),
          warn: log('warn'),
          error: log('error'),
          setFilterMsg: () => undefined,
          addFilterMsg: () => undefined,
        };
      },
      // A development build has no version ('' as WeChat gives it); a released one has its number.
      getAccountInfoSync: () => ({ miniProgram: { appId: 'wx0000000000000000', envVersion: 'develop', version: '' } }),
      // network (tools/wx-fake/network.ts says where each behaviour comes from)
      request: (o: AsyncOptions) => this.request(o),
      login: (o?: AsyncOptions) => this.login(o),
      requestSubscribeMessage: (o: AsyncOptions) =>
        this.settle(o, this.network.requestSubscribeMessage(o, this.gestureDepth > 0)),
    };
  }
}

/** The fake in use by the current test file (installed by test/setup.ts). */
export function currentWxFake(): WxFake {
  const fake = (globalThis as { __wxFake__?: WxFake }).__wxFake__;
  if (fake === undefined) throw new Error('the wx fake is not installed: is test/setup.ts in jest setupFiles?');
  return fake;
}

/**
 * Puts a fresh fake in place as global `wx`, with App/getApp/getCurrentPages beside it.
 * miniprogram-simulate later merges its own API list under ours, so ours wins for every API we model.
 */
export function installWxFake(options: WxFakeOptions): WxFake {
  const fake = new WxFake(options);
  const g = globalThis as Record<string, unknown>;
  g['__wxFake__'] = fake;
  const existing = (g['wx'] ?? {}) as Record<string, unknown>;
  g['wx'] = Object.assign(existing, fake.api);
  g['App'] = (options: AppLike) => fake.registerApp(options);
  g['getApp'] = () => fake.getApp();
  g['getCurrentPages'] = () => [...fake.pages];
  return fake;
}
