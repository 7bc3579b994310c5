/**
 * Driving our UI in page tests. pinClock fakes only Date: simulate and vant's transitions need real timers.
 * tapInGesture is a tap whose handler runs inside the fake's tap gesture. j-component's dispatchEvent delivers events in a
 * microtask, after helpers/page.ts tap() has closed the gesture, so gesture-only APIs (navigateToMiniProgram)
 * would wrongly fail there; this delivers the same exparser event synchronously instead.
 */

import simulate from 'miniprogram-simulate';
import { currentWxFake } from '../../fakes/wx';
import { find } from '../../helpers/page';

// The same exparser instance j-component renders with (loaded before any jest.resetModules).
const exparser = require('miniprogram-exparser') as {
  Event: {
    dispatchEvent(target: unknown, event: unknown): void;
    create(name: string, detail: unknown, options: unknown): unknown;
  };
};

type AnyComponent = Parameters<typeof find>[0];

export async function tapInGesture(component: AnyComponent, ...selectors: string[]): Promise<void> {
  const target = find(component, ...selectors);
  const element = (target.dom as unknown as { __wxElement?: unknown } | undefined)?.__wxElement;
  if (element === undefined) throw new Error(`${selectors.join(' >>> ')} is not rendered`);
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

type Fakeable = NonNullable<FakeTimersConfig['doNotFake']>;

const REAL_TIMERS: Fakeable = [
  'nextTick',
  'queueMicrotask',
  'setTimeout',
  'clearTimeout',
  'setInterval',
  'clearInterval',
  'setImmediate',
  'clearImmediate',
  'requestAnimationFrame',
  'cancelAnimationFrame',
];

/** Pins Date.now() (and new Date()) to `now`; every timer stays real. */
export function pinClock(now: number): void {
  jest.useFakeTimers({ now, doNotFake: REAL_TIMERS });
}
