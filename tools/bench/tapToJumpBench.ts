/** The call loop section: tap to jump, the return from TCCC and the wrap-up, with 50,000 calls stored. */

import { realisticCalls } from '../fixtures/calls';
import { launchCall } from '../../miniprogram/services/callLauncher';
import { captureCallReturn } from '../../miniprogram/services/callReturn';
import { saveWrapUp } from '../../miniprogram/services/wrapUp';
import { freshFake, seedOurs } from './benchFake';
import { RUNS } from './config';
import { add, handlerBudget, ms } from './results';
import { gc, median } from './timing';

export async function benchTapToJump(): Promise<void> {
  const fake = freshFake();
  seedOurs(realisticCalls(50_000));
  const timings: number[] = [];
  let opsBefore: number;
  let opsAtJump = 0;
  let writesBefore = 0;
  let writesAtJump = 0;
  const jump = fake.api['navigateToMiniProgram'] as (o: unknown) => unknown;
  let entered = 0n;
  (wx as unknown as Record<string, unknown>)['navigateToMiniProgram'] = (o: unknown) => {
    timings.push(Number(process.hrtime.bigint() - entered) / 1e6);
    opsAtJump = fake.storage.ops.reads + fake.storage.ops.writes;
    writesAtJump = fake.storage.ops.writes;
    return jump(o);
  };
  const opsPerTap: number[] = [];
  const returns: number[] = [];
  const returnOps: number[] = [];
  const wrapUps: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    gc();
    opsBefore = fake.storage.ops.reads + fake.storage.ops.writes;
    writesBefore = fake.storage.ops.writes;
    entered = process.hrtime.bigint();
    const outcome = fake.tap(() => launchCall({ phone: '138 0013 8000', name: '张三' }));
    if (!outcome.ok) throw new Error(`tap ${i} refused: ${outcome.message}`);
    opsPerTap.push(opsAtJump - opsBefore);
    // WeChat's success callback comes on a later tick; then the agent comes back with a result.
    await new Promise((resolve) => setImmediate(resolve));
    const options = fake.returnFromMiniProgram({ sessionId: `s-${i}`, duration: 10, closeBy: 'seat' });
    // What App.onShow runs with those options (no App is registered here, so it runs once, timed).
    gc();
    const opsBeforeReturn = fake.storage.ops.reads + fake.storage.ops.writes;
    let started = process.hrtime.bigint();
    const back = captureCallReturn(options, false);
    returns.push(Number(process.hrtime.bigint() - started) / 1e6);
    returnOps.push(fake.storage.ops.reads + fake.storage.ops.writes - opsBeforeReturn);
    const finished = back.finished[0];
    if (finished === undefined) throw new Error(`return ${i} recorded no call`);
    // The agent wraps the call up: one shard rewritten.
    gc();
    started = process.hrtime.bigint();
    const wrapped = saveWrapUp(finished, {
      outcome: '有意向',
      note: '客户要求下周再联系',
      followUp: { dueAt: 0, addToDoNotCall: false },
    });
    if (!wrapped.ok) throw new Error(`wrap-up ${i} lost`);
    wrapUps.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  const section = 'Return and wrap-up (50,000 calls stored)';
  const returnMedian = median(returns);
  const wrapUpMedian = median(wrapUps);
  add(section, 'App.onShow back from TCCC: the call recorded', ms(returnMedian), 'WeChat flags > 50 ms', '');
  add(section, 'sync storage operations in that onShow', `${Math.max(...returnOps)}`, '', '');
  add(section, 'wrap-up saved (outcome and note)', ms(wrapUpMedian), 'WeChat flags > 50 ms', '');
  handlerBudget('back from TCCC, App.onShow (50,000 calls)', returnMedian);
  handlerBudget('wrap-up save (50,000 calls)', wrapUpMedian);
  const tapMedian = median(timings);
  handlerBudget('tap to jump (50,000 calls)', tapMedian);
  add(
    'Tap to jump (50,000 calls stored)',
    'tap handler entry → navigateToMiniProgram',
    ms(tapMedian),
    'WeChat flags > 50 ms',
    '',
  );
  add(
    'Tap to jump (50,000 calls stored)',
    'sync storage operations before the jump',
    `${Math.max(...opsPerTap)} (${writesAtJump - writesBefore} write)`,
    '',
    '',
  );
}
