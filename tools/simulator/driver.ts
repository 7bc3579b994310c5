/**
 * Drives the simulator in Debian's Chromium with playwright-core, hermetically: no download, no network
 * beyond 127.0.0.1, a fixed clock and time zone. Shared by `npm run screenshots` and the e2e tests.
 */

import { Browser, BrowserContext, Locator, Page } from 'playwright-core';
// Launching lives in chromium.ts (no DOM types there, so server tests can use it); re-exported for the tools.
export { CHROMIUM_ARGS, CHROMIUM_PATH, launchChromium } from './chromium';
import type { CdrEndStatus } from './contract';
import './contract';
import { ThemeMode } from './theme';

/** Every run sees the same moment: 24 Nov 2026, 10:00 in Shanghai. */
export const FIXED_TIME = '2026-11-24T10:00:00+08:00';
/** Seeds the simulator's session ids, so TCCC's results repeat from run to run. */
export const ID_SEED = 1;

/** The font size settings the simulator offers (px); the largest is what the font checks use. */
export type FontSizeSetting = 17 | 20 | 24 | 28;
export const LARGEST_FONT_SIZE: FontSizeSetting = 28;

function isLocal(url: string): boolean {
  return /^(http:\/\/127\.0\.0\.1[:/]|data:|blob:|about:)/.test(url);
}

export interface SimulatorPageOptions {
  /** 2 for pictures (750 x 1334 PNGs of the 375 x 667 screen), 1 for tests. */
  deviceScaleFactor?: number;
  /** Which demo data to seed: all of it (default, as `npm start`), or only the settings (an empty app that can call). */
  demoData?: 'all' | 'settings';
  /** WeChat's dark mode on or off (the simulator's 深色模式 switch); light by default. */
  theme?: ThemeMode;
  /** WeChat's font size setting in px (17 standard, 28 the largest the simulator models). */
  fontSize?: FontSizeSetting;
}

interface FixedDateWindow {
  __setFixedDate?: (now: number) => void;
}

/**
 * Runs in the page before its scripts: Date.now() and new Date() read a fixed time, moved on only by passTime.
 * Only Date: timers stay the browser's own, so each timer is its own task as on a phone (Playwright's clock ran
 * every timer due at once in one task, which made a chain of zero-delay steps one long task).
 */
function installFixedDate(start: number): void {
  let now = start;
  const RealDate = Date;
  class FixedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(now);
      else super(...(args as [string | number | Date]));
    }

    static now(): number {
      return now;
    }
  }
  (window as unknown as { Date: DateConstructor }).Date = FixedDate as unknown as DateConstructor;
  (window as unknown as FixedDateWindow).__setFixedDate = (next: number) => {
    now = next;
  };
}

/** A page of the simulator, loaded and booted, with the helpers tests and screenshots use. */
export class SimulatorPage {
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  /** The page's clock: fixed, moved on only by passTime. */
  private now = 0;

  static async open(browser: Browser, url: string, options: SimulatorPageOptions = {}): Promise<SimulatorPage> {
    const context = await browser.newContext({
      viewport: { width: 960, height: 760 },
      deviceScaleFactor: options.deviceScaleFactor ?? 1,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      reducedMotion: 'reduce',
      serviceWorkers: 'block',
    });
    await context.route('**/*', (route) => (isLocal(route.request().url()) ? route.continue() : route.abort()));
    const page = await context.newPage();
    await page.addInitScript(installFixedDate, new Date(FIXED_TIME).getTime());
    const simulator = new SimulatorPage(context, page);
    simulator.now = new Date(FIXED_TIME).getTime();
    const target = new URL(url);
    if (options.demoData === 'settings') target.searchParams.set('demo', 'settings');
    target.searchParams.set('theme', options.theme ?? 'light');
    if (options.fontSize !== undefined) target.searchParams.set('font', String(options.fontSize));
    await simulator.load(target.toString());
    return simulator;
  }

  async load(url: string): Promise<void> {
    const target = new URL(url);
    target.searchParams.set('seed', String(ID_SEED));
    await this.page.goto(target.toString());
    await this.page.waitForFunction(() => (window as { __sim?: unknown }).__sim !== undefined);
  }

  async close(): Promise<void> {
    await this.context.close();
  }

  /**
   * Moves the fixed clock on, e.g. a minute between two calls: otherwise every call of a test starts at the
   * same millisecond and lists cannot order them. Still deterministic.
   */
  async passTime(ms: number): Promise<void> {
    this.now += ms;
    await this.page.evaluate((now) => (window as unknown as FixedDateWindow).__setFixedDate?.(now), this.now);
  }

  /** The phone screen: what a screenshot shows. */
  screen(): Locator {
    return this.page.locator('#sim-screen');
  }

  /** The page on top of the stack. */
  currentPage(): Locator {
    return this.page.locator('#sim-window > .sim-page:not([hidden])');
  }

  async navigationTitle(): Promise<string> {
    return (await this.page.locator('#sim-nav-title').textContent()) ?? '';
  }

  async selectedTab(): Promise<string> {
    return (await this.page.locator('#sim-tabbar .sim-tab--active').textContent()) ?? '';
  }

  async tapTab(text: string): Promise<void> {
    await this.page.locator('#sim-tabbar .sim-tab', { hasText: text }).click();
  }

  /** Taps the first element of the current page showing the text, as a finger would. */
  async tapText(text: string): Promise<void> {
    await this.currentPage().getByText(text, { exact: true }).first().click();
  }

  async back(): Promise<void> {
    await this.page.locator('#sim-nav-back').click();
  }

  /** What the toast on screen says, or '' when none shows. */
  async toastText(): Promise<string> {
    // One read: a toast counted and then gone before its text is read would otherwise wait 30 s.
    const texts = await this.page.locator('#sim-overlays .sim-toast').allTextContents();
    return texts[0] ?? '';
  }

  /** The simulator's event log as shown beside the phone, one line per event (without numbers). */
  async events(): Promise<string[]> {
    const lines = await this.page.locator('#sim-log li').allTextContents();
    return lines.map((line) => line.replace(/^\d+\.\s/, ''));
  }

  /** How many events were logged so far; pass it to eventsSince to read only what followed. */
  async eventCount(): Promise<number> {
    return this.page.locator('#sim-log li').count();
  }

  async eventsSince(count: number): Promise<string[]> {
    return (await this.events()).slice(count);
  }

  /** Waits until an event matching the pattern is logged (after the first `since` events) and returns it. */
  async waitForEvent(pattern: RegExp, since = 0, timeout = 10_000): Promise<string> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const found = (await this.eventsSince(since)).find((line) => pattern.test(line));
      if (found !== undefined) return found;
      if (Date.now() > deadline) {
        throw new Error(`no event matching ${pattern} after #${since}:\n${(await this.eventsSince(since)).join('\n')}`);
      }
      await this.page.waitForTimeout(50);
    }
  }

  /** Calls wx.navigateToMiniProgram from inside a real click, as a tap handler would. */
  async launchFromTap(options: {
    appId: string;
    path: string;
    envVersion?: string;
    extraData?: unknown;
  }): Promise<void> {
    await this.page.evaluate((o) => window.__sim.launchFromTap(o), options);
  }

  async launchWithoutTap(options: { appId: string; path: string }): Promise<void> {
    await this.page.evaluate((o) => window.__sim.launchWithoutTap(o), options);
  }

  /** Answers WeChat's confirmation dialog (允许 / 取消). */
  async answerDialog(button: string): Promise<void> {
    await this.page.locator('#sim-overlays .sim-modal-button', { hasText: button }).click();
  }

  /** The other mini program's screen (TCCC), as shown while the host is away. */
  away(): Locator {
    return this.page.locator('#sim-away');
  }

  /** Ends the simulated TCCC call: a hang-up after some seconds, or one of the other endings. */
  async endCall(
    button: '坐席挂断' | '客户挂断' | '系统挂断' | '未呼出（sessionId 为空）' | '胶囊退出（无 extraData）',
    seconds?: number,
    endStatus?: CdrEndStatus,
  ): Promise<void> {
    if (seconds !== undefined) await this.page.locator('#sim-away .sim-tccc-duration').fill(String(seconds));
    if (endStatus !== undefined) await this.page.locator('#sim-away .sim-tccc-end-status').selectOption(endStatus);
    await this.page.locator('#sim-away .sim-tccc-end', { hasText: button }).click();
  }

  async setSwitch(name: 'android' | 'destroy' | 'dark' | 'embedded' | 'oldbase', on: boolean): Promise<void> {
    await this.page.locator(`#sim-switch-${name}`).setChecked(on);
  }

  async setFontSize(px: FontSizeSetting): Promise<void> {
    await this.page.locator('#sim-font-size').selectOption(String(px));
  }

  async control(name: 'background' | 'foreground' | 'cold-start' | 'reset' | 'pull-down'): Promise<void> {
    await this.page.locator(`#sim-${name}`).click();
  }
}
