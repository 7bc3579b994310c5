/**
 * Runs the compiled app on miniprogram-simulate in the browser: the file map for simulate, app scripts
 * from the shared module registry, WeChat's rpx for inline styles, the `is` attribute on component hosts.
 */

import exparser from 'miniprogram-exparser';
import simulate from 'miniprogram-simulate';
import simulateUtils from 'miniprogram-simulate/src/utils';
import jComponentUtils from 'j-component/src/tool/utils';
import { CompiledApp, SCREEN } from '../contract';
import { ModuleRegistry } from './moduleRegistry';

type AnyOptions = Record<string, unknown> & { behaviors?: unknown[] };
/** The parts of j-component's root component the shell uses (its typings lack some). */
export interface RootComponent {
  readonly dom: HTMLElement | undefined;
  readonly instance: unknown;
  attach(parent: HTMLElement): void;
  detach(): void;
  triggerPageLifeTime(name: 'show' | 'hide' | 'resize'): void;
}

/** A page instance as the shell drives it: the component's method caller with WeChat's page fields. */
export interface PageInstance {
  route: string;
  options: Record<string, string>;
  [method: string]: unknown;
}

export interface RenderedPage {
  component: RootComponent;
  instance: PageInstance;
}

/** The tag a page is registered under: also its class prefix and the key of its `page { }` styles. */
export function pageTag(route: string): string {
  return route.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

/** wcsc's formula: floor(n / 750 * width), and a non-zero value never rounds to nothing (0.5 on iOS @2x). */
export function rpxToPx(rpx: number): number {
  if (rpx === 0) return 0;
  const px = Math.floor((rpx / 750) * SCREEN.width + 1e-4);
  return px === 0 ? 0.5 : px;
}

/**
 * WXML ids reach the DOM, as in WeChat's webview (page WXSS may use #id selectors, and people and tests
 * look elements up by id); j-component registers every component with exparser's writeIdToDOM off.
 */
function writeIdsToDom(): void {
  const proto = exparser.Element.prototype as object;
  const descriptor = Object.getOwnPropertyDescriptor(proto, 'id');
  const set = descriptor?.set;
  if (descriptor === undefined || set === undefined) return;
  Object.defineProperty(proto, 'id', {
    ...descriptor,
    set(this: { __domElement?: HTMLElement }, value: unknown) {
      set.call(this, value);
      const text = String(value ?? '');
      if (this.__domElement !== undefined && text !== '') this.__domElement.id = text;
    },
  });
}

export class SimulateHost {
  private registry: ModuleRegistry | undefined;
  private readonly pageIds = new Map<string, string>();
  private readonly hostBehaviors = new Map<string, unknown>();
  private loadingFile = '';

  constructor(app: CompiledApp) {
    // Named, so a CPU profile (the slow-phone benchmark) tells WeChat's compiled templates from the runtime.
    const gwx = new Function(`${app.gwxBody}\n//# sourceURL=wxml-templates.js`)() as (file: string) => unknown;
    const fileMap: Record<string, unknown> = { ...app.files };
    for (const component of app.components) fileMap[`${component}.wxml`] = gwx(`${component}.wxml`);
    (window as unknown as { __FILE_MAP__: unknown }).__FILE_MAP__ = fileMap;

    simulateUtils.runJs = (filePath: string) => this.runComponentFile(filePath);
    // j-component turns rpx in inline styles into px 1:1; WeChat scales by the screen width.
    jComponentUtils.transformRpx = (style: string) =>
      style.replace(/(-?\d*\.?\d+)rpx/gi, (_all, n: string) => `${rpxToPx(Number(n))}px`);
    this.wrapComponentConstructor();
    writeIdsToDom();
    const style = document.createElement('style');
    style.textContent = app.hostCss;
    document.head.appendChild(style);
  }

  /** A cold start: the next pages load their scripts from this (fresh) registry. */
  useRegistry(registry: ModuleRegistry): void {
    this.registry = registry;
    this.pageIds.clear();
  }

  /** Renders a new instance of a page into the container; a page's definition is loaded once per app start. */
  render(route: string, container: HTMLElement): RenderedPage {
    let id = this.pageIds.get(route);
    if (id === undefined) {
      id = simulate.load(`/${route}`, pageTag(route), { rootPath: '/', compiler: 'official' });
      this.pageIds.set(route, id);
    }
    const component = simulate.render(id) as unknown as RootComponent;
    component.attach(container);
    return { component, instance: component.instance as PageInstance };
  }

  private runComponentFile(filePath: string): unknown {
    if (this.registry === undefined) throw new Error('no app is running');
    const file = `${filePath.replace(/^\//, '')}.js`;
    const previous = this.loadingFile;
    this.loadingFile = file.replace(/\.js$/, '');
    try {
      return this.registry.run(file);
    } finally {
      this.loadingFile = previous;
    }
  }

  /**
   * Every Component() gets a small behaviour: the host element carries `is="<path>"` as in WeChat (wcsc
   * compiles `:host` to that attribute), and `groupSetData`, which simulate lacks, runs its callback.
   */
  private wrapComponentConstructor(): void {
    const globals = window as unknown as Record<string, (options: AnyOptions) => unknown>;
    const simulateComponent = globals['Component'] as (options: AnyOptions) => unknown;
    const behavior = globals['Behavior'] as (definition: object) => unknown;
    globals['Component'] = (options: AnyOptions) => {
      const file = this.loadingFile;
      let host = this.hostBehaviors.get(file);
      if (host === undefined) {
        host = behavior({
          lifetimes: {
            created(this: { _exparserNode?: { $$?: HTMLElement } }) {
              this._exparserNode?.$$?.setAttribute('is', file);
            },
          },
          methods: {
            groupSetData(callback: () => void) {
              callback();
            },
          },
        });
        this.hostBehaviors.set(file, host);
      }
      return simulateComponent({ ...options, behaviors: [...(options.behaviors ?? []), host] });
    };
  }
}
