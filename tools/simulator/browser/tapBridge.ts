/**
 * Turns the browser's mouse clicks into WeChat's tap (and press into touchstart/touchend) on the page's
 * exparser tree. The tap runs synchronously inside the DOM click handler and inside a user gesture, so
 * gesture-only APIs (navigateToMiniProgram) work exactly there and nowhere else.
 */

import exparser from 'miniprogram-exparser';

/** The nearest DOM node that exparser rendered (stand-in elements inside built-ins are not). */
function exparserTarget(node: EventTarget | null): Node | undefined {
  let current = node instanceof Node ? node : null;
  while (current !== null && !(current as unknown as { __wxElement?: unknown }).__wxElement) {
    current = current.parentNode;
  }
  return current ?? undefined;
}

function point(event: MouseEvent) {
  return { identifier: 0, pageX: event.pageX, pageY: event.pageY, clientX: event.clientX, clientY: event.clientY };
}

function dispatch(name: string, event: MouseEvent, detail: object, touches: object[], changed: object[]): void {
  const target = exparserTarget(event.target);
  if (target === undefined) return;
  exparser.Event.dispatchEvent(
    target,
    exparser.Event.create(name, detail, {
      originalEvent: event,
      bubbles: true,
      capturePhase: true,
      composed: true,
      extraFields: { touches, changedTouches: changed },
    }),
  );
}

export function installTapBridge(root: HTMLElement, inGesture: (run: () => void) => void): void {
  root.addEventListener('mousedown', (event) => {
    if (event.button !== 0) return;
    dispatch('touchstart', event, {}, [point(event)], [point(event)]);
  });
  root.addEventListener('mouseup', (event) => {
    if (event.button !== 0) return;
    dispatch('touchend', event, {}, [], [point(event)]);
  });
  root.addEventListener('click', (event) => {
    inGesture(() => dispatch('tap', event, { x: event.pageX, y: event.pageY }, [point(event)], [point(event)]));
  });
}
