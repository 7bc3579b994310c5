/** The native parts of the phone screen WeChat draws itself: status bar, navigation bar, tab bar. */

import { AppJson, MINIPROGRAM_FILES_PREFIX, SCREEN } from '../contract';
import { resolveTheme, ThemeJson, ThemeMode } from '../theme';

export interface NavigationBarState {
  title: string;
  back: boolean;
  backgroundColor: string;
  /** WeChat allows only black or white text. */
  textStyle: 'black' | 'white';
  /** navigationStyle: custom: the page draws its own bar. */
  custom: boolean;
}

export interface ChromeElements {
  screen: HTMLElement;
  statusTime: HTMLElement;
  nav: HTMLElement;
  navTitle: HTMLElement;
  navBack: HTMLElement;
  capsuleClose: HTMLElement;
  window: HTMLElement;
  tabBar: HTMLElement;
}

export interface ChromeHandlers {
  back(): void;
  switchTab(index: number): void;
  capsuleClose(): void;
}

function clockText(): string {
  const now = new Date();
  return `${String(now.getHours()).padStart(2, '0')}:${String(now.getMinutes()).padStart(2, '0')}`;
}

export class PhoneChrome {
  private readonly tabItems: HTMLElement[] = [];
  private readonly badges: (HTMLElement | undefined)[] = [];
  /** app.json with its `@variables` resolved for the current theme. */
  private appJson: AppJson;
  private mode: ThemeMode = 'light';
  private selectedTab: number | undefined;

  constructor(
    private readonly elements: ChromeElements,
    private readonly rawAppJson: AppJson,
    private readonly theme: ThemeJson | undefined,
    handlers: ChromeHandlers,
  ) {
    this.appJson = resolveTheme(rawAppJson, theme, this.mode);
    elements.navBack.addEventListener('click', () => handlers.back());
    elements.capsuleClose.addEventListener('click', () => handlers.capsuleClose());
    elements.statusTime.textContent = clockText();
    window.setInterval(() => (elements.statusTime.textContent = clockText()), 15_000);
    this.buildTabBar(handlers);
  }

  /** WeChat's dark mode switched on or off: the page styles follow `data-theme`, the native bars theme.json. */
  setTheme(mode: ThemeMode): void {
    this.mode = mode;
    this.appJson = resolveTheme(this.rawAppJson, this.theme, mode);
    this.elements.screen.dataset['theme'] = mode;
    this.styleTabBar();
    this.setTabBar(this.selectedTab);
  }

  /** A page's JSON with its `@variables` resolved for the current theme. */
  themed<T>(json: T): T {
    return resolveTheme(json, this.theme, this.mode);
  }

  setNavigationBar(state: NavigationBarState): void {
    const { nav, navTitle, navBack } = this.elements;
    nav.hidden = state.custom;
    navTitle.textContent = state.title;
    navBack.hidden = !state.back;
    nav.style.backgroundColor = state.backgroundColor;
    nav.dataset['textStyle'] = state.textStyle;
    this.elements.screen.dataset['navText'] = state.custom ? 'black' : state.textStyle;
    this.layoutWindow();
  }

  /** Shows the tab bar with one item selected, or hides it (undefined) on pages outside the tab bar. */
  setTabBar(selected: number | undefined): void {
    const { tabBar } = this.elements;
    this.selectedTab = selected;
    tabBar.hidden = selected === undefined;
    const config = this.appJson.tabBar;
    this.tabItems.forEach((item, index) => {
      const active = index === selected;
      item.classList.toggle('sim-tab--active', active);
      item.style.color = (active ? config?.selectedColor : config?.color) ?? '';
      const icon = item.querySelector('img');
      const entry = config?.list[index];
      const iconPath = active ? (entry?.selectedIconPath ?? entry?.iconPath) : entry?.iconPath;
      if (icon !== null && iconPath !== undefined) icon.src = MINIPROGRAM_FILES_PREFIX + iconPath.replace(/^\//, '');
    });
    this.layoutWindow();
  }

  setTabBadge(index: number, text: string | undefined): void {
    const badge = this.badges[index];
    if (badge === undefined) return;
    badge.hidden = text === undefined;
    badge.textContent = text ?? '';
    badge.classList.toggle('sim-tab-badge--dot', text === '');
  }

  private buildTabBar(handlers: ChromeHandlers): void {
    const config = this.appJson.tabBar;
    const { tabBar } = this.elements;
    if (config === undefined) return;
    this.styleTabBar();
    const withIcons = config.list.some((item) => item.iconPath !== undefined);
    tabBar.classList.toggle('sim-tabbar--text-only', !withIcons);
    config.list.forEach((entry, index) => {
      const item = document.createElement('button');
      item.className = 'sim-tab';
      item.dataset['pagePath'] = entry.pagePath;
      if (entry.iconPath !== undefined) {
        const icon = document.createElement('img');
        icon.className = 'sim-tab-icon';
        icon.alt = '';
        item.appendChild(icon);
      }
      const label = document.createElement('span');
      label.className = 'sim-tab-text';
      label.textContent = entry.text;
      item.appendChild(label);
      const badge = document.createElement('span');
      badge.className = 'sim-tab-badge';
      badge.hidden = true;
      item.appendChild(badge);
      item.addEventListener('click', () => handlers.switchTab(index));
      tabBar.appendChild(item);
      this.tabItems.push(item);
      this.badges.push(badge);
    });
  }

  private styleTabBar(): void {
    const config = this.appJson.tabBar;
    const { tabBar } = this.elements;
    if (config === undefined) return;
    tabBar.style.backgroundColor = config.backgroundColor ?? '#ffffff';
    tabBar.dataset['border'] = config.borderStyle ?? 'black';
  }

  /** The page's window: between the navigation bar and the tab bar; `vh` in page styles means its height. */
  private layoutWindow(): void {
    const { nav, tabBar, window: pageWindow, screen } = this.elements;
    const top = SCREEN.statusBar + (nav.hidden ? 0 : SCREEN.navigationBar);
    const bottom = tabBar.hidden ? 0 : SCREEN.tabBar;
    pageWindow.style.top = `${nav.hidden ? 0 : top}px`;
    pageWindow.style.bottom = `${bottom}px`;
    const height = SCREEN.height - (nav.hidden ? 0 : top) - bottom;
    screen.style.setProperty('--sim-vh', `${height / 100}px`);
  }

  /** The window height as wx.getWindowInfo reports it. */
  windowHeight(): number {
    return this.elements.window.clientHeight || SCREEN.height;
  }
}
