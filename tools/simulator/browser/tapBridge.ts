/**
 * Turns the browser's mouse into WeChat's touch events on the page's exparser tree: press and release
 * become touchstart/touchend, a click becomes tap, a 350 ms press becomes longpress (and then no tap,
 * when something listens for it). The tap runs synchronously inside the DOM click handler and inside a
 * user gesture, so gesture-only APIs (navigateToMiniProgram) work exactly there and nowhere else.
 * While pressed, elements with hover-class show it, as on a phone.
 */

import exparser from 'miniprogram-exparser';

const LONGPRESS_MS = 350;
const HOVER_STAY_MS = 400;

interface RenderedNode {
  __wxElement?: {
    class?: string;
    _vt?: { attrs?: { name: string; value: unknown }[]; event?: Record<string, unknown> };
  };
}

/** The nearest DOM node that exparser rendered (stand-in elements inside built-ins are not). */
function exparserTarget(node: EventTarget | null): Node | undefined {
  let current = node instanceof Node ? node : null;
  while (current !== null && (current as RenderedNode).__wxElement === undefined) current = current.parentNode;
  return current ?? undefined;
}

/** Whether the pressed element or one of its ancestors binds the event (bind:longpress, catchlongpress …). */
function listensFor(node: Node | undefined, name: string): boolean {
  for (let current: Node | null = node ?? null; current !== null; current = current.parentNode) {
    const events = (current as RenderedNode).__wxElement?._vt?.event;
    if (events !== undefined && name in events) return true;
  }
  return false;
}

/** A template attribute as wcc compiled it (camelCase: hover-class is hoverClass). */
function attribute(node: Node, name: string): unknown {
  return (node as RenderedNode).__wxElement?._vt?.attrs?.find((a) => a.name === name)?.value;
}

function point(event: MouseEvent) {
  return { identifier: 0, pageX: event.pageX, pageY: event.pageY, clientX: event.clientX, clientY: event.clientY };
}

function dispatch(name: string, target: Node | undefined, event: MouseEvent, detail: object, touches: object[]): void {
  if (target === undefined) return;
  exparser.Event.dispatchEvent(
    target,
    exparser.Event.create(name, detail, {
      originalEvent: event,
      bubbles: true,
      capturePhase: true,
      composed: true,
      extraFields: { touches, changedTouches: [point(event)] },
    }),
  );
}

/**
 * Adds the pressed element's hover-class through exparser, which applies the component's class prefix;
 * returns how long it stays after release and how to remove it.
 */
function pressHover(target: Node | undefined): { stay: number; release: () => void } {
  for (let current: Node | null = target ?? null; current !== null; current = current.parentNode) {
    const hoverClass = attribute(current, 'hoverClass');
    const element = (current as RenderedNode).__wxElement;
    if (typeof hoverClass !== 'string' || hoverClass === '' || hoverClass === 'none' || element === undefined) continue;
    const original = String(attribute(current, 'class') ?? '');
    element.class = `${original} ${hoverClass}`;
    const stay = Number(attribute(current, 'hoverStayTime') ?? HOVER_STAY_MS);
    return { stay: Number.isFinite(stay) ? stay : HOVER_STAY_MS, release: () => (element.class = original) };
  }
  return { stay: 0, release: () => undefined };
}

export interface TapBridgeOptions {
  /** Runs the tap inside a user gesture (the wx fake's tap()). */
  inGesture(run: () => void): void;
  /** Seeded runs (tests, screenshots) skip hover-class: a timed visual state would make pictures vary. */
  hover: boolean;
}

export function installTapBridge(root: HTMLElement, options: TapBridgeOptions): void {
  let press: { timer: number; longpressed: boolean; hover: { stay: number; release: () => void } } | undefined;
  root.addEventListener('mousedown', (event) => {
    if (event.button !== 0) return;
    const target = exparserTarget(event.target);
    dispatch('touchstart', target, event, {}, [point(event)]);
    const current = {
      longpressed: false,
      hover: options.hover ? pressHover(target) : { stay: 0, release: () => undefined },
      timer: window.setTimeout(() => {
        if (!listensFor(target, 'longpress')) return;
        current.longpressed = true;
        dispatch('longpress', target, event, { x: event.pageX, y: event.pageY }, [point(event)]);
      }, LONGPRESS_MS),
    };
    press = current;
  });
  root.addEventListener('mouseup', (event) => {
    if (event.button !== 0) return;
    dispatch('touchend', exparserTarget(event.target), event, {}, []);
    if (press === undefined) return;
    window.clearTimeout(press.timer);
    window.setTimeout(press.hover.release, press.hover.stay);
  });
  root.addEventListener('click', (event) => {
    const longpressed = press?.longpressed === true;
    press = undefined;
    if (longpressed) return;
    const target = exparserTarget(event.target);
    options.inGesture(() => dispatch('tap', target, event, { x: event.pageX, y: event.pageY }, [point(event)]));
  });
}
