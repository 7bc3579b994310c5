/**
 * Driving our UI in page tests. pinClock fakes only Date: simulate and vant's transitions need real timers.
 * tapInGesture is kept as a name for tools/page-harness/page.ts tap(), which now runs handlers inside the tap gesture.
 */

import { tap } from '../../../tools/page-harness/page';

/** A tap inside the gesture: now what tools/page-harness/page.ts tap() does for every page test. */
export const tapInGesture = tap;

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
  // Timing tests read performance.now(): only Date is pinned.
  'performance',
];

/** Pins Date.now() (and new Date()) to `now`; every timer stays real. */
export function pinClock(now: number): void {
  jest.useFakeTimers({ now, doNotFake: REAL_TIMERS });
}
