/**
 * WeChat's page stack: navigateTo / redirectTo / switchTab / navigateBack / reLaunch with the page
 * lifecycles in WeChat's order, tab pages kept alive, the navigation bar and tab bar kept in step.
 */

import { PageLike, WxFake } from '../../wx-fake/wx';
import { AppJson } from '../contract';
import { brief, EventLog } from './eventLog';
import { PhoneChrome } from './phoneChrome';
import { PageInstance, pageTag, RenderedPage, SimulateHost } from './simulateHost';

interface PageJson {
  enablePullDownRefresh?: boolean;
  onReachBottomDistance?: number;
  navigationBarTitleText?: string;
  navigationBarBackgroundColor?: string;
  navigationBarTextStyle?: string;
  navigationStyle?: string;
}

interface PageRecord {
  route: string;
  query: Record<string, string>;
  container: HTMLElement;
  scroller: HTMLElement;
  rendered: RenderedPage;
  json: PageJson;
  title: string;
  ready: boolean;
  /** Inside the onReachBottom distance since the last call: WeChat calls it once per arrival. */
  atBottom: boolean;
  adapter: PageLike;
}

export interface Target {
  route: string;
  query: Record<string, string>;
}

type Lifecycle =
  | 'onLoad'
  | 'onShow'
  | 'onReady'
  | 'onHide'
  | 'onUnload'
  | 'onTabItemTap'
  | 'onPageScroll'
  | 'onReachBottom'
  | 'onPullDownRefresh';

/** Resolves a page URL as WeChat does: absolute from the root, or relative to the current page. */
export function parsePageUrl(url: string, fromRoute: string | undefined): Target {
  const [pathPart = '', queryPart = ''] = url.split('?', 2);
  const base = pathPart.startsWith('/') || fromRoute === undefined ? '' : fromRoute.replace(/[^/]*$/, '');
  const parts: string[] = [];
  for (const part of `${base}${pathPart}`.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  // WeChat hands query values to onLoad as they are in the URL: pages decode them themselves.
  const query: Record<string, string> = {};
  for (const pair of queryPart.split('&')) {
    if (pair === '') continue;
    const index = pair.indexOf('=');
    query[index < 0 ? pair : pair.slice(0, index)] = index < 0 ? '' : pair.slice(index + 1);
  }
  return { route: parts.join('/'), query };
}

export class PageStack {
  private stack: PageRecord[] = [];
  private readonly aliveTabs = new Map<string, PageRecord>();
  private readonly tabRoutes: string[];

  constructor(
    private readonly host: SimulateHost,
    private readonly fake: WxFake,
    private readonly chrome: PhoneChrome,
    private readonly log: EventLog,
    private readonly appJson: AppJson,
    private readonly files: Record<string, string>,
    private readonly pageWindow: HTMLElement,
  ) {
    this.tabRoutes = (appJson.tabBar?.list ?? []).map((item) => item.pagePath);
  }

  current(): PageRecord | undefined {
    return this.stack[this.stack.length - 1];
  }

  currentRoute(): string | undefined {
    return this.current()?.route;
  }

  /** What getCurrentPages() returns: the stack's page instances, bottom first. */
  instances(): PageInstance[] {
    return this.stack.map((record) => record.rendered.instance);
  }

  isTab(route: string): boolean {
    return this.tabRoutes.includes(route);
  }

  depth(): number {
    return this.stack.length;
  }

  navigateTo(target: Target): void {
    const previous = this.current();
    if (previous !== undefined) this.hide(previous);
    const record = this.open(target);
    this.stack.push(record);
    this.enter(record);
  }

  redirectTo(target: Target): void {
    const previous = this.stack.pop();
    if (previous !== undefined) this.unload(previous);
    const record = this.open(target);
    this.stack.push(record);
    this.enter(record);
  }

  navigateBack(delta: number): void {
    const count = Math.min(Math.max(1, Math.floor(delta)), this.stack.length - 1);
    for (let i = 0; i < count; i += 1) this.unload(this.stack.pop() as PageRecord);
    const top = this.current();
    if (top !== undefined) this.show(top);
    this.afterChange();
  }

  switchTab(target: Target): void {
    const top = this.current();
    if (top?.route === target.route && this.stack.length === 1) return;
    if (top !== undefined && this.isTab(top.route)) this.hide(top);
    while (this.stack.length > 0) {
      const record = this.stack.pop() as PageRecord;
      if (!this.isTab(record.route)) this.unload(record);
    }
    const alive = this.aliveTabs.get(target.route);
    if (alive !== undefined) {
      this.stack = [alive];
      this.show(alive);
    } else {
      const record = this.open(target);
      this.aliveTabs.set(target.route, record);
      this.stack = [record];
      this.enter(record);
      return;
    }
    this.afterChange();
  }

  reLaunch(target: Target): void {
    const all = new Set([...this.stack.reverse(), ...this.aliveTabs.values()]);
    this.stack = [];
    this.aliveTabs.clear();
    for (const record of all) this.unload(record);
    const record = this.open(target);
    if (this.isTab(target.route)) this.aliveTabs.set(target.route, record);
    this.stack = [record];
    this.enter(record);
  }

  /** After a tab bar tap switched pages, WeChat calls the (now shown) page's onTabItemTap. */
  tabItemTapped(index: number): void {
    const item = this.appJson.tabBar?.list[index];
    const top = this.current();
    if (item === undefined || top?.route !== item.pagePath) return;
    this.call(top, 'onTabItemTap', { index, pagePath: item.pagePath, text: item.text });
  }

  /** wx.pageScrollTo: the current page's window scrolls (selectors are not supported). */
  scrollTo(top: number, smooth: boolean): void {
    this.current()?.scroller.scrollTo({ top, behavior: smooth ? 'smooth' : 'auto' });
  }

  /** Pull-down refresh, where the page enables it: the three dots show and onPullDownRefresh runs. */
  startPullDownRefresh(): boolean {
    const top = this.current();
    if (top === undefined || top.json.enablePullDownRefresh !== true) return false;
    top.container.classList.add('sim-page--refreshing');
    this.call(top, 'onPullDownRefresh');
    return true;
  }

  stopPullDownRefresh(): void {
    for (const page of Array.from(this.pageWindow.children)) page.classList.remove('sim-page--refreshing');
  }

  setTitle(title: string): void {
    const top = this.current();
    if (top === undefined) return;
    top.title = title;
    this.refreshChrome();
  }

  /** The app was destroyed: pages vanish without any lifecycle, as on a phone. */
  destroy(): void {
    for (const record of new Set([...this.stack, ...this.aliveTabs.values()])) {
      record.rendered.component.detach();
      record.container.remove();
    }
    this.stack = [];
    this.aliveTabs.clear();
    this.fake.pages.length = 0;
  }

  // ---- internals ----

  /** Builds the page (attached, no lifecycle yet): the caller puts it on the stack, then enters it. */
  private open(target: Target): PageRecord {
    const container = document.createElement('div');
    container.className = 'sim-page';
    container.dataset['simPage'] = pageTag(target.route);
    container.dataset['route'] = target.route;
    const refresh = document.createElement('div');
    refresh.className = 'sim-refresh';
    container.appendChild(refresh);
    const scroller = document.createElement('div');
    scroller.className = 'sim-page-scroll';
    container.appendChild(scroller);
    this.pageWindow.appendChild(container);
    const json = JSON.parse(this.files[`${target.route}.json`] ?? '{}') as PageJson;
    const windowJson = (this.appJson.window ?? {}) as PageJson;
    const rendered = this.host.render(target.route, scroller);
    rendered.instance.route = target.route;
    rendered.instance.options = target.query;
    const record: PageRecord = {
      route: target.route,
      query: target.query,
      container,
      scroller,
      rendered,
      json: { ...windowJson, ...json },
      title: json.navigationBarTitleText ?? windowJson.navigationBarTitleText ?? '',
      ready: false,
      atBottom: false,
      adapter: { route: target.route },
    };
    record.adapter = {
      route: target.route,
      onShow: () => this.show(record),
      onHide: () => this.hide(record),
      onUnload: () => this.unload(record),
    };
    scroller.addEventListener('scroll', () => this.scrolled(record));
    return record;
  }

  /**
   * onLoad, onShow, onReady of a page already on top of the stack, as in WeChat: getCurrentPages() ends with
   * it and setNavigationBarTitle in onLoad names it, not the page below.
   */
  private enter(record: PageRecord): void {
    this.afterChange();
    this.call(record, 'onLoad', record.query);
    this.show(record);
  }

  /** onPageScroll on every scroll (not logged: too many), onReachBottom once per arrival at the bottom. */
  private scrolled(record: PageRecord): void {
    if (record !== this.current()) return;
    const { scroller } = record;
    this.call(record, 'onPageScroll', { scrollTop: scroller.scrollTop }, false);
    const distance = record.json.onReachBottomDistance ?? 50;
    const atBottom = scroller.scrollHeight - scroller.clientHeight - scroller.scrollTop <= distance;
    if (atBottom && !record.atBottom) this.call(record, 'onReachBottom');
    record.atBottom = atBottom;
  }

  private show(record: PageRecord): void {
    for (const page of Array.from(this.pageWindow.children)) (page as HTMLElement).hidden = page !== record.container;
    this.call(record, 'onShow');
    record.rendered.component.triggerPageLifeTime('show');
    if (!record.ready) {
      record.ready = true;
      this.call(record, 'onReady');
    }
  }

  private hide(record: PageRecord): void {
    this.call(record, 'onHide');
    record.rendered.component.triggerPageLifeTime('hide');
  }

  private unload(record: PageRecord): void {
    this.call(record, 'onUnload');
    record.rendered.component.detach();
    record.container.remove();
  }

  private call(record: PageRecord, name: Lifecycle, argument?: unknown, logged = true): void {
    if (logged) this.log.add(`${record.route} ${name}${argument === undefined ? '' : ` ${brief(argument)}`}`);
    const method = record.rendered.instance[name];
    if (typeof method !== 'function') return;
    try {
      (method as (arg?: unknown) => void).call(record.rendered.instance, argument);
    } catch (error) {
      this.log.add(`error in ${record.route} ${name}: ${error instanceof Error ? error.message : String(error)}`);
      console.error(error);
    }
  }

  private afterChange(): void {
    this.fake.pages.splice(0, this.fake.pages.length, ...this.stack.map((record) => record.adapter));
    this.refreshChrome();
  }

  /** The native bars for the page on top: after a navigation, or when the theme changed. */
  refreshChrome(): void {
    const top = this.current();
    if (top === undefined) return;
    const json = this.chrome.themed(top.json);
    this.chrome.setNavigationBar({
      title: top.title,
      back: this.stack.length > 1,
      backgroundColor: json.navigationBarBackgroundColor ?? '#ffffff',
      textStyle: json.navigationBarTextStyle === 'white' ? 'white' : 'black',
      custom: json.navigationStyle === 'custom',
    });
    const tabIndex = this.tabRoutes.indexOf(top.route);
    this.chrome.setTabBar(tabIndex < 0 ? undefined : tabIndex);
  }
}
