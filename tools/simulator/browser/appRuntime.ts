/**
 * The app's life as WeChat runs it: App() and getApp(), cold starts (fresh modules, storage kept),
 * going to the background and back, and the return from another mini program.
 */

import { EnterOptions, WxFake } from '../../wx-fake/wx';
import { CompiledApp } from '../contract';
import { brief, EventLog } from './eventLog';
import { ModuleRegistry } from './moduleRegistry';
import { PageStack } from './pageStack';
import { SimulateHost } from './simulateHost';
import { hideAwayLayer, showAwayLayer } from './tccc';

type AppOptions = Record<string, unknown>;
type Hook = (this: unknown, argument?: unknown) => unknown;

const APP_LIFECYCLES = ['onLaunch', 'onShow', 'onHide'] as const;

export class AppRuntime {
  private backgroundShown = false;

  constructor(
    private readonly app: CompiledApp,
    private readonly host: SimulateHost,
    private readonly fake: WxFake,
    private readonly pages: PageStack,
    private readonly log: EventLog,
    private readonly awayLayer: HTMLElement,
  ) {
    this.installGlobals();
  }

  /** A cold start: app.js runs in a fresh registry, then onLaunch, onShow and the home page. */
  coldStart(options: Partial<EnterOptions> = {}): void {
    this.destroy();
    this.start(() => this.fake.launch(options));
  }

  /** WeChat destroyed the app in the background: nothing in memory survives, storage does. */
  destroy(): void {
    this.pages.destroy();
    this.fake.destroy();
    this.hideAwayLayer();
  }

  /** The user leaves WeChat or closes the app with the capsule: it stays alive in the background. */
  background(): void {
    if (this.backgroundShown || this.fake.isAway()) return;
    this.fake.hide();
    this.backgroundShown = true;
    const screen = document.createElement('div');
    screen.className = 'sim-background';
    const card = document.createElement('button');
    card.className = 'sim-background-card';
    card.type = 'button';
    card.textContent = '外呼助手（在后台）· 点击回到小程序';
    card.addEventListener('click', () => this.foreground());
    screen.appendChild(card);
    showAwayLayer(this.awayLayer, screen);
  }

  foreground(): void {
    if (!this.backgroundShown) return;
    this.hideAwayLayer();
    this.fake.show();
  }

  isInBackground(): boolean {
    return this.backgroundShown;
  }

  /** The other mini program closed; with destroyWhileAway the return is a cold start carrying the referrer. */
  returnFromMiniProgram(extraData: unknown, destroyWhileAway: boolean): void {
    this.log.add(`back from the other mini program: extraData ${brief(extraData)}`);
    if (!destroyWhileAway) {
      this.fake.returnFromMiniProgram(extraData);
      return;
    }
    this.log.add('the host was destroyed while away');
    this.destroy();
    this.start(() => this.fake.coldReturnFromMiniProgram(extraData));
  }

  private start(launch: () => void): void {
    const registry = new ModuleRegistry(this.app.modules);
    this.host.useRegistry(registry);
    this.log.add('cold start: app.js runs');
    registry.require('app.js');
    launch();
    const home = String(this.app.appJson['entryPagePath'] ?? this.app.appJson.pages[0] ?? '');
    this.pages.reLaunch({ route: home, query: {} });
  }

  private hideAwayLayer(): void {
    this.backgroundShown = false;
    hideAwayLayer(this.awayLayer);
  }

  private installGlobals(): void {
    const globals = window as unknown as Record<string, unknown>;
    globals['App'] = (options: AppOptions) => this.fake.registerApp(this.logged(options));
    globals['getApp'] = () => this.fake.getApp();
    globals['getCurrentPages'] = () => this.pages.instances();
    const component = () => globals['Component'] as (options: AppOptions) => unknown;
    // Page() as the Component() it is equivalent to: data stays data, functions become methods.
    globals['Page'] = (options: AppOptions) => {
      const methods: AppOptions = {};
      for (const [key, value] of Object.entries(options)) if (typeof value === 'function') methods[key] = value;
      return component()({ data: options['data'] ?? {}, methods });
    };
  }

  /** Wraps App()'s lifecycle functions so the event log shows what the app received. */
  private logged(options: AppOptions): AppOptions {
    for (const name of APP_LIFECYCLES) {
      const original = options[name] as Hook | undefined;
      const log = this.log;
      options[name] = function (this: unknown, argument?: unknown) {
        log.add(`App.${name}${argument === undefined ? '' : ` ${brief(argument)}`}`);
        return original?.call(this, argument);
      };
    }
    return options;
  }
}
