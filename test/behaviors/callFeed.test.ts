/** The call feed and the behavior pages hear it through: who emits what, pairing with detach, one delivery a turn. */

import simulate from 'miniprogram-simulate';
import { currentWxFake } from '../../tools/wx-fake/wx';
import { configureAgent, loadApp, settle } from '../../tools/page-harness/appHarness';
import { makeCall, HISTORY_NOW } from '../../tools/fixtures/callFixtures';
import type { CallChange } from '../../miniprogram/services/callEvents';

type Feed = typeof import('../../miniprogram/services/callEvents');

/** A component with the behavior that records what it hears, rendered and attached like a page's. */
function renderListener(): { heard: CallChange[][]; component: ReturnType<typeof simulate.render> } {
  const { callFeed } =
    require('../../miniprogram/behaviors/callFeed') as typeof import('../../miniprogram/behaviors/callFeed');
  const heard: CallChange[][] = [];
  const id = simulate.load({
    template: '<view>{{ count }}</view>',
    behaviors: [callFeed],
    data: { count: 0 },
    methods: {
      onCallChanges(changes: CallChange[]) {
        heard.push(changes);
      },
    },
  });
  const component = simulate.render(id);
  component.attach(document.createElement('parent-wrapper'));
  return { heard, component };
}

function kinds(changes: readonly CallChange[]): string[] {
  return changes.map((change) => `${change.kind}:${change.calls.length}`);
}

describe('call feed', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: HISTORY_NOW, doNotFake: ['nextTick', 'queueMicrotask', 'setTimeout', 'clearTimeout'] });
    configureAgent();
  });
  afterEach(() => jest.useRealTimers());

  it('hears a call placed, its jump, its result and its wrap-up from the services that write them', async () => {
    const app = loadApp();
    const feed = app.feed;
    const heard: CallChange[] = [];
    feed.onCallChange((change) => heard.push(change));
    const launched = currentWxFake().tap(() => app.launcher.launchCall({ phone: '13800138000', name: '张三' }));
    if (!launched.ok) throw new Error(launched.message);
    await settle();
    app.callReturn.captureCallReturn(
      { scene: 1038, referrerInfo: { appId: 'wx49e8ab828096cff3', extraData: { sessionId: 's-1', duration: 5 } } },
      false,
    );
    const call = app.callLog.findCall(launched.callId);
    if (call === undefined) throw new Error('call not kept');
    app.wrapUp.saveWrapUp(call, { outcome: '有意向', note: '', followUp: { dueAt: 0, addToDoNotCall: false } });
    app.wrapUp.saveWrapUp(call, { outcome: '忙线', note: '改了' });
    expect(kinds(heard)).toEqual(['append:1', 'jump:1', 'result:1', 'wrap-up:1', 'edit:1']);
    expect(heard.map((change) => change.calls[0]?.state)).toEqual([
      'dialing',
      'in-tccc',
      'connected',
      'connected',
      'connected',
    ]);
    expect(heard[4]?.calls[0]).toMatchObject({ outcome: '忙线', note: '改了' });
    // A result that matches none of ours is a call newly kept.
    heard.length = 0;
    app.callReturn.captureCallReturn(
      { scene: 1038, referrerInfo: { appId: 'wx49e8ab828096cff3', extraData: { sessionId: 's-2', duration: 7 } } },
      false,
    );
    expect(kinds(heard)).toEqual(['append:1']);
    expect(heard[0]?.calls[0]?.state).toBe('orphan');
    // Clearing the data is told too.
    heard.length = 0;
    app.callLog.clearCalls();
    expect(kinds(heard)).toEqual(['clear:0']);
  });

  it('says when damaged call data is set aside', () => {
    const app = loadApp();
    const feed = app.feed;
    const heard: CallChange[] = [];
    feed.onCallChange((change) => heard.push(change));
    currentWxFake().storage.set('test', app.callLog.PENDING_KEY, { rows: 'damaged' });
    app.callLog.readPending();
    expect(kinds(heard)).toEqual(['quarantine:0']);
  });

  it('hands a turn of changes to the host at once, and nothing after it is detached', async () => {
    jest.resetModules();
    const { heard, component } = renderListener();
    const feed = require('../../miniprogram/services/callEvents') as Feed;
    const call = makeCall({ startedAt: HISTORY_NOW - 60_000 });
    feed.emitCallChange({ kind: 'wrap-up', calls: [call] });
    feed.emitCallChange({ kind: 'append', calls: [call] });
    // Nothing in the middle of a turn: a wrap-up's callback and do-not-call entry are written first.
    expect(heard).toEqual([]);
    await simulate.sleep(5);
    expect(heard.map(kinds)).toEqual([['wrap-up:1', 'append:1']]);

    feed.emitCallChange({ kind: 'edit', calls: [call] });
    (component as unknown as { detach(): void }).detach();
    await simulate.sleep(5);
    feed.emitCallChange({ kind: 'edit', calls: [call] });
    await simulate.sleep(5);
    expect(heard).toHaveLength(1);
  });
});
