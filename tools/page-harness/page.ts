/** Loads a real page through miniprogram-simulate with real vant, and drives it like WeChat would. */

import * as fs from 'node:fs';
import * as path from 'node:path';
import simulate from 'miniprogram-simulate';
import { currentWxFake } from '../wx-fake/wx';

export const MINIPROGRAM_ROOT = path.resolve(__dirname, '..', '..', 'miniprogram');

type AnyComponent = ReturnType<typeof simulate.render>;

/**
 * Maps npm-style vant paths to the packed miniprogram_npm folder, which simulate cannot resolve itself. simulate
 * applies the root's map to every nested component, so the vant tags our own components use are mapped too.
 */
export function resolveUsingComponents(
  jsonFile: string,
  resolved: Record<string, string> = {},
): Record<string, string> {
  const json = JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as { usingComponents?: Record<string, string> };
  for (const [tag, target] of Object.entries(json.usingComponents ?? {})) {
    if (tag in resolved) continue;
    resolved[tag] = target.startsWith('@') ? `/miniprogram_npm/${target}` : target;
    if (target.startsWith('/components/'))
      resolveUsingComponents(path.join(MINIPROGRAM_ROOT, `${target}.json`), resolved);
  }
  return resolved;
}

export interface LoadedPage {
  component: AnyComponent;
  /** The page's methods and data, typed loosely: tests assert behaviour, not types. */
  instance: AnyComponent['instance'] & Record<string, (...args: unknown[]) => unknown>;
}

/** Hears every setData a page sends to its view, the first one (from onLoad) included. */
export type SetDataListener = (patch: Record<string, unknown>) => void;

export interface OpenPageOptions {
  /** Wrapped around setData before onLoad runs, so nothing the page sends goes unseen. */
  onSetData?: SetDataListener;
}

type SetDataHost = { setData(patch: Record<string, unknown>, callback?: () => void): void };

function watchSetData(instance: unknown, listener: SetDataListener): void {
  const host = instance as SetDataHost;
  const original = host.setData.bind(host);
  host.setData = (patch, callback) => {
    listener(patch);
    original(patch, callback);
  };
}

/**
 * Renders `pages/x/x` and runs onLoad(query) then onShow(), as WeChat does when a page opens.
 * Each call gets fresh modules, so one test file may load the same page twice.
 */
export function openPage(route: string, query: Record<string, string> = {}, options: OpenPageOptions = {}): LoadedPage {
  jest.resetModules();
  const file = path.join(MINIPROGRAM_ROOT, route);
  const id = simulate.load(file, {
    rootPath: MINIPROGRAM_ROOT,
    usingComponents: resolveUsingComponents(`${file}.json`),
  });
  const component = simulate.render(id);
  component.attach(document.createElement('parent-wrapper'));
  const instance = component.instance as LoadedPage['instance'];
  if (options.onSetData !== undefined) watchSetData(instance, options.onSetData);
  currentWxFake().openPage(instance);
  instance.onLoad?.(query);
  instance.onShow?.();
  return { component, instance };
}

/**
 * Finds an element or fails the test with the selector named. Several selectors walk into
 * custom components' shadow trees: find(page, '#save', '.van-button') is the button inside van-button.
 */
export function find(component: AnyComponent, ...selectors: string[]): AnyComponent {
  let current = component;
  for (const selector of selectors) {
    const found = current.querySelector(selector);
    if (found === undefined) throw new Error(`no element matches ${selectors.join(' >>> ')}`);
    current = found;
  }
  return current;
}

/** The exparser node behind a rendered element: j-component keeps the bound attributes in its virtual node. */
interface RenderedNode {
  _vt?: { attrs?: { name: string; value: unknown }[] };
}

/** What the agent typed into one native control, and whether the app has since changed the value bound to it. */
interface Typing {
  text: string;
  rendered: unknown;
  overwritten: boolean;
}

const typings = new WeakMap<RenderedNode, Typing>();
const watchedControls = new WeakSet<RenderedNode>();

function boundAttr(node: RenderedNode, name: string): unknown {
  return node._vt?.attrs?.find((attr) => attr.name === name)?.value;
}

/**
 * Notes every re-render of a native control: the view diff replaces its virtual node each time its owner renders,
 * and only a bound value that differs from the one rendered at typing time overwrites what the agent typed.
 */
function watchRenderedValue(node: RenderedNode): void {
  if (watchedControls.has(node)) return;
  watchedControls.add(node);
  let current = node._vt;
  Object.defineProperty(node, '_vt', {
    configurable: true,
    get: () => current,
    set: (next: RenderedNode['_vt']) => {
      current = next;
      const typing = typings.get(node);
      if (typing !== undefined && !typing.overwritten && boundAttr(node, 'value') !== typing.rendered) {
        typing.overwritten = true;
      }
    },
  });
}

/** The native wx-input or wx-textarea inside a van-field or a van-search, or the element itself when it is one. */
function nativeControl(component: AnyComponent, fieldSelector: string): { control: AnyComponent; node: RenderedNode } {
  const found = find(component, fieldSelector);
  // A van-search holds its van-field one shadow tree further in.
  const field = found.querySelector('.van-search__field') ?? found;
  const isNative = (c: AnyComponent) => c.dom?.tagName === 'WX-INPUT' || c.dom?.tagName === 'WX-TEXTAREA';
  // exparser selectors match classes and ids only; the native control is the one rendered as wx-input or wx-textarea.
  const control = isNative(field) ? field : field.querySelectorAll('.van-field__control').find(isNative);
  const node = (control?.dom as unknown as { __wxElement?: RenderedNode } | undefined)?.__wxElement;
  if (control === undefined || node === undefined) throw new Error(`${fieldSelector} has no input or textarea`);
  return { control, node };
}

/** WeChat's native input and textarea take 140 characters unless told otherwise; -1 means no limit. */
function clipToMaxlength(node: RenderedNode, text: string): string {
  const bound = boundAttr(node, 'maxlength');
  const maxlength = bound === undefined || bound === '' ? 140 : Number(bound);
  return maxlength >= 0 ? text.slice(0, maxlength) : text;
}

/**
 * Types into a real van-field (single-line or textarea), van-search or native input/textarea: the native control fires
 * input with the whole new text, as WeChat does, and keeps showing it (see shownValue).
 */
export async function typeInto(component: AnyComponent, fieldSelector: string, value: string): Promise<void> {
  const { control, node } = nativeControl(component, fieldSelector);
  const text = clipToMaxlength(node, value);
  watchRenderedValue(node);
  typings.set(node, { text, rendered: boundAttr(node, 'value'), overwritten: false });
  control.dispatchEvent('input', { detail: { value: text, cursor: text.length } });
  await simulate.sleep(10);
}

/**
 * What the agent sees in a field, as real WeChat draws it: a native control keeps the text typed into it until the
 * value bound to it actually changes. Writing the same bound value again ('' after '') leaves the typed text on
 * screen; only a different value, or a newly created control, replaces it.
 */
export function shownValue(component: AnyComponent, fieldSelector: string): string {
  const { node } = nativeControl(component, fieldSelector);
  const typing = typings.get(node);
  if (typing !== undefined && !typing.overwritten) return typing.text;
  const rendered = boundAttr(node, 'value');
  return rendered === undefined || rendered === null ? '' : String(rendered);
}

// The exparser instance j-component renders with: imported once, before any jest.resetModules.
const exparser = require('miniprogram-exparser') as {
  Event: {
    dispatchEvent(target: unknown, event: unknown): void;
    create(name: string, detail: unknown, options: unknown): unknown;
  };
};

/** The exparser element behind a selector, to send it an event directly (as WeChat delivers it). */
function exparserElement(component: AnyComponent, selectors: string[]): unknown {
  const element = (find(component, ...selectors).dom as unknown as { __wxElement?: unknown } | undefined)?.__wxElement;
  if (element === undefined) throw new Error(`${selectors.join(' >>> ')} is not rendered`);
  return element;
}

/**
 * Taps an element as a user would: the handler runs synchronously inside the fake's tap gesture, as WeChat runs a
 * tap handler, so gesture-only APIs (navigateToMiniProgram) work there and fail after an await. j-component's own
 * dispatchEvent delivers in a microtask, after the gesture would have closed, so the exparser event is sent directly.
 */
export async function tap(component: AnyComponent, ...selectors: string[]): Promise<void> {
  const element = exparserElement(component, selectors);
  currentWxFake().tap(() =>
    exparser.Event.dispatchEvent(
      element,
      exparser.Event.create(
        'tap',
        {},
        { bubbles: true, capturePhase: true, composed: true, extraFields: { touches: {}, changedTouches: {} } },
      ),
    ),
  );
  await simulate.sleep(10);
}

/**
 * Scrolls a scroll-view as WeChat reports it: one scroll event whose detail carries the position. j-component's own
 * dispatchEvent also fires its DOM scroll listener, which sends a second event with an empty detail afterwards, as
 * if the list went back to the top; so the exparser event is sent directly.
 */
export async function scrollTo(component: AnyComponent, selector: string, scrollTop: number): Promise<void> {
  exparser.Event.dispatchEvent(
    exparserElement(component, [selector]),
    exparser.Event.create(
      'scroll',
      { scrollTop, scrollLeft: 0, deltaX: 0, deltaY: 0 },
      { bubbles: false, capturePhase: false, composed: false },
    ),
  );
  await simulate.sleep(0);
}

/** Wraps a page's setData to record the JSON size of every update it sends to the view. */
export function measureSetData(page: LoadedPage): number[] {
  const sizes: number[] = [];
  watchSetData(page.instance, (patch) => sizes.push(JSON.stringify(patch).length));
  return sizes;
}

/** The visible text of the page, whitespace folded: what an agent would read. */
export function textOf(component: AnyComponent): string {
  return (component.dom?.textContent ?? '').replace(/\s+/g, ' ').trim();
}
