/** What the Node side and the browser runtime agree on: placeholders, asset addresses, the app payload, the test hook. */

import type { ThemeJson } from './theme';

/** Replaced in the browser by the component's class prefix (`tag--`), as exparser renders classes. */
export const CLASS_PREFIX_PLACEHOLDER = '__SIM_CLASS_PREFIX__';
/** Replaced in the browser by the selector of the page's container: what `page` (wcsc: `body`) means. */
export const PAGE_SELECTOR_PLACEHOLDER = '__SIM_PAGE__';
/** vant's icon font, served from @vant/icons instead of the CDN. */
export const VANT_ICON_FONT_URL = '/assets/vant-icon.woff2';
/** Any remote image: there is no network, so the simulator draws a placeholder. */
export const OFFLINE_IMAGE_URL = '/assets/offline-image.svg';
/** vant's van-empty illustrations (remote in vant), drawn locally. */
export const EMPTY_IMAGE_URL = '/assets/empty-image.svg';
/** Local files of the mini program (images), served read-only. */
export const MINIPROGRAM_FILES_PREFIX = '/miniprogram/';

/** The phone: an iPhone 8-sized screen, in CSS pixels (pt). */
export const SCREEN = { width: 375, height: 667, statusBar: 20, navigationBar: 44, tabBar: 50 } as const;

export interface TabBarItemJson {
  pagePath: string;
  text: string;
  iconPath?: string;
  selectedIconPath?: string;
}

export interface AppJson {
  pages: string[];
  window?: Record<string, unknown>;
  tabBar?: {
    color?: string;
    selectedColor?: string;
    backgroundColor?: string;
    borderStyle?: string;
    list: TabBarItemJson[];
  };
  usingComponents?: Record<string, string>;
  subpackages?: { root: string; pages: string[] }[];
  subPackages?: { root: string; pages: string[] }[];
  [key: string]: unknown;
}

/** Everything the browser needs to run the app; paths are relative to the mini program root. */
export interface CompiledApp {
  appJson: AppJson;
  /** Every page route: app.json's pages, then the subpackages' (root + page). */
  routes: string[];
  /** simulate's file map: component JSON (usingComponents resolved to absolute paths) and CSS templates. */
  files: Record<string, string>;
  /** Component paths (no extension): pages first, then what they use. */
  components: string[];
  /** Global CSS: wcsc's `:host` rules, which match `[is="<component path>"]`. */
  hostCss: string;
  /** The body of a function that returns wcc's $gwx. */
  gwxBody: string;
  /** CommonJS source of every script, keyed by path with .js. */
  modules: Record<string, string>;
  /** theme.json when app.json turns darkmode on: the values of the `@variables` in app.json and page JSON. */
  theme?: ThemeJson;
}

/** The simulator's hook for tests and scripts: launches inside a real click, the event log, storage facts. */
export interface SimulatorHook {
  launchFromTap(options: Record<string, unknown>): void;
  launchWithoutTap(options: Record<string, unknown>): void;
  events(): string[];
  storageInfo(): { keys: string[]; currentSize: number; limitSize: number };
  /** The phone's network: off models airplane mode (wx.request and wx.login fail as WeChat's do). */
  setOnline(online: boolean): void;
}

declare global {
  interface Window {
    __SIM_APP__: CompiledApp;
    __sim: SimulatorHook;
  }
}

/** The end statuses the simulated TCCC can report in its CDR (TCCC's EndStatusString). */
export const CDR_END_STATUSES = ['ok', 'notAnswer', 'busy', 'numberNotExist', 'userReject', 'powerOff'] as const;
export type CdrEndStatus = (typeof CDR_END_STATUSES)[number];

/** What the simulated TCCC page tells the simulator's Node side when a call ends (POST CALL_ENDED_URL). */
export interface CallEndReport {
  sessionId: string;
  sdkAppId: string;
  userId: string;
  /** Stays on 127.0.0.1: the Node side puts it in the CDR as TCCC does, never in a log. */
  calleePhone: string;
  uui: string;
  closeBy: 'seat' | 'client' | 'admin';
  duration: number;
  /** The tester's pick in the developer panel; 'auto' follows how the call ended. */
  endStatus: CdrEndStatus | 'auto';
}

export const CALL_ENDED_URL = '/sim/tccc/call-ended';

/**
 * The phone's wx.request to the team server goes through the simulator's Node side (same origin, no CORS):
 * POST/GET TEAM_PROXY_URL?to=<the full URL>; only the team server's own origin is forwarded.
 */
export const TEAM_PROXY_URL = '/sim/team';
/** The simulated wx.login: a one-time code the team server's fake WeChat accepts (body: {openid}). */
export const WX_LOGIN_URL = '/sim/wx/login';
