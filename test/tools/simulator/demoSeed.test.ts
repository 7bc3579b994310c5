/** The simulator's demo seeds at scale: `many-calls` writes the bench's 50,000 calls, and only when named. */

import { runDemoSeeds } from '../../../tools/simulator/demoSeed';
import { countCalls, listCalls } from '../../../miniprogram/services/callLog';

/** The app's modules as the seeds reach them in the browser, here the same modules jest loads. */
const app = {
  require: (file: string): unknown => require(`../../../miniprogram/${file.replace(/\.js$/, '')}`),
};
const NOW = new Date('2026-11-24T10:00:00+08:00').getTime();

describe('demo seeds at scale', () => {
  it('many-calls stores 50,000 calls, the newest an hour before now, one every 7 minutes', () => {
    runDemoSeeds(app, NOW, ['settings', 'many-calls']);
    expect(countCalls()).toBe(50_000);
    const [newest, next] = listCalls(0, 2).records;
    expect(newest?.startedAt).toBe(NOW - 3_600_000);
    expect(next?.startedAt).toBe(NOW - 3_600_000 - 7 * 60_000);
  });

  it('the default demo leaves the large data sets out', () => {
    runDemoSeeds(app, NOW);
    expect(countCalls()).toBe(60);
  });
});
