/**
 * A tap whose handler runs inside the fake's tap gesture, through vant's own event chain. j-component's
 * dispatchEvent delivers events a microtask later, after helpers/page.ts tap() has closed the gesture, so
 * gesture-only APIs (navigateToMiniProgram, shareFileMessage) would wrongly fail; this dispatches the same
 * exparser event synchronously. (The wrap-up sheet's tests carry the same driver.)
 */

import simulate from 'miniprogram-simulate';
import { currentWxFake } from '../fakes/wx';
import { find } from './page';

// The exparser instance j-component renders with (loaded before any jest.resetModules).
const exparser = require('miniprogram-exparser') as {
  Event: {
    dispatchEvent(target: unknown, event: unknown): void;
    create(name: string, detail: unknown, options: unknown): unknown;
  };
};

export async function tapInGesture(component: Parameters<typeof find>[0], ...selectors: string[]): Promise<void> {
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
