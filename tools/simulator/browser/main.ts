/** The simulator in the browser: wires the phone, the app shell, the TCCC mini program and the controls. */

import { StorageArea } from '../../wx-fake/storageArea';
import { AsyncOptions, UnreachableError, WxFake, type RequestHandler } from '../../wx-fake/wx';
import {
  CALL_ENDED_URL,
  TEAM_PROXY_URL,
  WX_LOGIN_URL,
  CallEndReport,
  EMPTY_IMAGE_URL,
  MINIPROGRAM_FILES_PREFIX,
  OFFLINE_IMAGE_URL,
} from '../contract';
import { runDemoSeeds } from '../demoSeed';
import { AppRuntime } from './appRuntime';
import { registerBuiltins } from './builtins';
import { EventLog } from './eventLog';
import { Feedback } from './feedback';
import { seededRandom, sessionIdSource } from './ids';
import { ModuleRegistry } from './moduleRegistry';
import { PageStack } from './pageStack';
import { PhoneChrome } from './phoneChrome';
import { SimulatedClipboard } from './simulatedClipboard';
import { SimulateHost } from './simulateHost';
import { localStorageBackend } from './storageBackend';
import { installTapBridge } from './tapBridge';
import { MiniProgramLaunch, openOtherMiniProgram, TCCC_APP_ID, TcccMiniProgram } from './tccc';
import { createWxApi } from './wxApi';

/** WeChat's standard font size setting (px): the simulator scales page text by setting / standard. */
const STANDARD_FONT_SIZE = 17;

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`simulator page lacks #${id}`);
  return element as T;
}

/** Image addresses as the phone would load them; remote ones get local stand-ins (there is no network). */
function resolveImageSrc(src: string, currentRoute: string | undefined): string {
  if (/^(data|blob):/.test(src)) return src;
  if (/^(https?:)?\/\//.test(src)) {
    const empty = /empty-image-(\w+)\.png/.exec(src);
    return empty === null ? OFFLINE_IMAGE_URL : `${EMPTY_IMAGE_URL}?kind=${empty[1]}`;
  }
  if (src.startsWith('/')) return MINIPROGRAM_FILES_PREFIX + src.slice(1);
  return MINIPROGRAM_FILES_PREFIX + (currentRoute ?? '').replace(/[^/]*$/, '') + src;
}

/** The phone's wx.request in the simulator: through the Node side to the team server (502 there: unreachable). */
const teamProxyHandler: RequestHandler = async (request) => {
  let response: Response;
  try {
    const init: RequestInit = { method: request.method, headers: request.header };
    if (request.body !== undefined) init.body = request.body;
    response = await fetch(`${TEAM_PROXY_URL}?to=${encodeURIComponent(request.url)}`, init);
  } catch {
    throw new UnreachableError();
  }
  if (response.headers.get('x-sim-unreachable') !== null) throw new UnreachableError();
  const header: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    header[key] = value;
  });
  return { statusCode: response.status, header, body: await response.text() };
};

/** This browser's WeChat user: a stable openid, so a bound phone signs in again without a bind code. */
function simulatedOpenid(): string {
  const key = 'sim.openid';
  let openid = window.localStorage.getItem(key);
  if (openid === null) {
    openid = `sim-${Math.random().toString(36).slice(2, 12)}`;
    window.localStorage.setItem(key, openid);
  }
  return openid;
}

function main(): void {
  const app = window.__SIM_APP__;
  const log = new EventLog(byId('sim-log'));
  const query = new URLSearchParams(location.search);
  const seed = query.has('seed') ? Number(query.get('seed')) : undefined;
  // Seeded runs (tests, screenshots) must repeat exactly: the app's own ids use Math.random too.
  if (seed !== undefined) Math.random = seededRandom(seed + 0x9e3779b9);
  const storage = new StorageArea(
    localStorageBackend(() => log.add('the browser cannot keep more: new data stays in memory until reload')),
  );
  // The fake checks routes against app.json's pages: subpackage pages count too.
  const fake = new WxFake({ appJson: { ...app.appJson, pages: app.routes }, storage });
  // As DevTools with 不校验合法域名 on: the local team server is http on 127.0.0.1.
  fake.network.checkRequestDomain = false;
  fake.network.requestHandler = teamProxyHandler;
  fake.network.loginCode = async () => {
    const answer = await fetch(WX_LOGIN_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ openid: simulatedOpenid() }),
    });
    return answer.ok ? String(((await answer.json()) as { code?: unknown }).code ?? '') : 'no-team-server';
  };
  const simulateApi = (window as unknown as { wx: Record<string, unknown> }).wx;
  const host = new SimulateHost(app);
  const feedback = new Feedback(byId('sim-overlays'));
  const awayLayer = byId('sim-away');
  const switches = {
    android: byId<HTMLInputElement>('sim-switch-android'),
    destroy: byId<HTMLInputElement>('sim-switch-destroy'),
    dark: byId<HTMLInputElement>('sim-switch-dark'),
    embedded: byId<HTMLInputElement>('sim-switch-embedded'),
    oldbase: byId<HTMLInputElement>('sim-switch-oldbase'),
  };

  const wxCall = (name: string, options: AsyncOptions) =>
    (window as unknown as { wx: Record<string, (o: AsyncOptions) => unknown> }).wx[name]?.(options);
  const chrome = new PhoneChrome(
    {
      screen: byId('sim-screen'),
      statusTime: byId('sim-status-time'),
      nav: byId('sim-nav'),
      navTitle: byId('sim-nav-title'),
      navBack: byId('sim-nav-back'),
      capsuleClose: byId('sim-capsule-close'),
      window: byId('sim-window'),
      tabBar: byId('sim-tabbar'),
    },
    app.appJson,
    app.theme,
    {
      back: () => {
        const goBack = () => wxCall('navigateBack', { fail: () => undefined });
        // WeChat asks first when the page enabled wx.enableAlertBeforeUnload; a navigateBack call never asks.
        const question = fake.unloadAlert();
        if (question === undefined) {
          goBack();
          return;
        }
        const answered = (result: unknown) => {
          if ((result as { confirm?: boolean }).confirm === true) goBack();
        };
        wxCall('showModal', { content: question, success: answered });
      },
      switchTab: (index) => {
        const route = app.appJson.tabBar?.list[index]?.pagePath;
        if (route === undefined) return;
        const tapped = () => pages.tabItemTapped(index);
        wxCall('switchTab', { url: `/${route}`, success: tapped, fail: () => undefined });
      },
      capsuleClose: () => appRuntime.background(),
    },
  );
  const pages = new PageStack(host, fake, chrome, log, app.appJson, app.files, byId('sim-window'));
  registerBuiltins((src) => resolveImageSrc(src, pages.currentRoute()));
  const appRuntime = new AppRuntime(app, host, fake, pages, log, awayLayer);
  const finish = (extraData: unknown) => appRuntime.returnFromMiniProgram(extraData, switches.destroy.checked);
  // The simulator's Node server pushes the CDR to the team server: no CORS, no push secret in this page.
  const callEnded = (report: CallEndReport) =>
    void fetch(CALL_ENDED_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(report),
    }).catch(() => undefined);
  const tccc = new TcccMiniProgram(awayLayer, { finish, sessionId: sessionIdSource(seed), callEnded });
  const clipboard = new SimulatedClipboard({
    field: byId<HTMLTextAreaElement>('sim-clipboard'),
    store: fake,
    browser: { clipboard: navigator.clipboard, permissions: navigator.permissions },
    useComputerClipboard: seed === undefined,
  });

  (window as unknown as { wx: unknown }).wx = createWxApi(simulateApi, {
    fake,
    pages,
    chrome,
    feedback,
    log,
    clipboard,
    openMiniProgram: (options, shownAs) => {
      const launch: MiniProgramLaunch = {
        appId: String(options['appId']),
        path: typeof options['path'] === 'string' ? options['path'] : '',
        envVersion: typeof options['envVersion'] === 'string' ? options['envVersion'] : undefined,
        extraData: options['extraData'],
        shownAs,
      };
      if (launch.appId === TCCC_APP_ID) tccc.open(launch);
      else openOtherMiniProgram(awayLayer, launch.appId, () => finish(undefined), shownAs);
    },
  });
  installTapBridge(byId('sim-window'), { inGesture: (run) => fake.tap(run), hover: seed === undefined });

  const platform = () => {
    fake.platform = switches.android.checked ? 'android' : 'ios';
    log.add(`platform: ${fake.platform}`);
  };
  switches.android.addEventListener('change', platform);
  // `?theme=dark` (screenshots, tests) or else the computer's own setting, as WeChat follows the phone's.
  const requested = query.get('theme');
  switches.dark.checked =
    requested === null ? window.matchMedia('(prefers-color-scheme: dark)').matches : requested === 'dark';
  const applyTheme = () => {
    const mode = switches.dark.checked ? 'dark' : 'light';
    chrome.setTheme(mode);
    pages.refreshChrome();
    log.add(`theme: ${mode}`);
  };
  applyTheme();
  switches.dark.addEventListener('change', applyTheme);
  // 半屏拨打: the admin console's half-screen list (TCCC approved by default here), and an old base library.
  const embedded = () => {
    if (switches.embedded.checked) fake.embeddedApproved.add(TCCC_APP_ID);
    else fake.embeddedApproved.delete(TCCC_APP_ID);
    fake.sdkVersion = switches.oldbase.checked ? '2.19.4' : '3.6.0';
  };
  embedded();
  switches.embedded.addEventListener('change', () => {
    embedded();
    log.add(`TCCC in the half-screen list: ${switches.embedded.checked ? 'yes' : 'no'}`);
  });
  switches.oldbase.addEventListener('change', () => {
    embedded();
    log.add(`base library: ${fake.sdkVersion}`);
  });
  // WeChat's font size setting: `?font=28` (screenshots, tests) or the select beside the phone.
  const fontSize = byId<HTMLSelectElement>('sim-font-size');
  const requestedFont = query.get('font');
  if (requestedFont !== null && [...fontSize.options].some((o) => o.value === requestedFont)) {
    fontSize.value = requestedFont;
  }
  const applyFontSize = () => {
    fake.fontSizeSetting = Number(fontSize.value);
    byId('sim-screen').style.setProperty('--sim-font-scale', String(fake.fontSizeSetting / STANDARD_FONT_SIZE));
    log.add(`font size: ${fake.fontSizeSetting} px`);
  };
  applyFontSize();
  fontSize.addEventListener('change', applyFontSize);
  switches.destroy.addEventListener('change', () =>
    log.add(`destroy host while away: ${switches.destroy.checked ? 'on' : 'off'}`),
  );
  byId('sim-background').addEventListener('click', () => appRuntime.background());
  byId('sim-foreground').addEventListener('click', () => appRuntime.foreground());
  byId('sim-cold-start').addEventListener('click', () => appRuntime.coldStart());
  byId('sim-pull-down').addEventListener('click', () => {
    if (!pages.startPullDownRefresh()) log.add('pull-down refresh: not enabled on this page (enablePullDownRefresh)');
  });
  // `?demo=settings` (tests that start from an empty app) seeds only the named parts; the default is all of it.
  const demoParts = query.get('demo')?.split(',');
  const seedDemoData = () => {
    runDemoSeeds(new ModuleRegistry(app.modules), Date.now(), demoParts);
    log.add(`demo data seeded: ${storage.info().keys.join(', ')}`);
  };
  byId('sim-reset').addEventListener('click', () => {
    appRuntime.destroy();
    storage.clear();
    seedDemoData();
    appRuntime.coldStart();
  });

  let pendingLaunch: AsyncOptions = {};
  byId('sim-tap-probe').addEventListener('click', () =>
    fake.tap(() => wxCall('navigateToMiniProgram', { ...pendingLaunch, fail: () => undefined })),
  );
  const storageText = byId('sim-storage');
  const showStorage = () => {
    const info = storage.info();
    storageText.textContent = `${info.keys.length} 个键，${info.currentSize} KB / ${info.limitSize} KB`;
  };
  window.setInterval(showStorage, 1000);

  window.__sim = {
    launchFromTap: (options) => {
      pendingLaunch = options;
      byId('sim-tap-probe').click();
    },
    launchWithoutTap: (options) => void wxCall('navigateToMiniProgram', { ...options, fail: () => undefined }),
    events: () => log.all(),
    storageInfo: () => storage.info(),
    setOnline: (online) => {
      fake.network.online = online;
      log.add(`network: ${online ? 'online' : 'offline'}`);
    },
  };

  if (storage.info().keys.length === 0) seedDemoData();
  appRuntime.coldStart();
  showStorage();
}

const buildError = (window as { __SIM_BUILD_ERROR__?: string }).__SIM_BUILD_ERROR__;
if (buildError === undefined) main();
else {
  const screen = byId('sim-window');
  screen.classList.add('sim-build-error');
  screen.textContent = `小程序编译失败\n\n${buildError}`;
}
