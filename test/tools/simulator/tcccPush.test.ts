/** @jest-environment node */
/** The simulated TCCC pusher stops for good: a late push or a retry waiting when the server closes leaves no timer. */

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTcccPusher, type PushFaults } from '../../../tools/simulator/tcccPush';
import type { CallEndReport } from '../../../tools/simulator/contract';

const REPORT: CallEndReport = {
  sessionId: 'session-stop-1',
  sdkAppId: '1400123456',
  userId: 'agent@example.com',
  calleePhone: '13800138000',
  uui: 'k000000001',
  closeBy: 'client',
  duration: 0,
  endStatus: 'busy',
};

const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

describe('TCCC pusher stop', () => {
  let server: http.Server;
  let received = 0;
  let answer = { status: 200, body: '{"ErrCode":0,"ErrMsg":""}' };
  let url = '';
  beforeAll(async () => {
    server = http.createServer((request, response) => {
      received += 1;
      request.resume();
      request.on('end', () => response.writeHead(answer.status).end(answer.body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tccc/push`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    received = 0;
  });

  const pusher = (faults: PushFaults, retryDelaysMs: number[]) =>
    createTcccPusher({
      target: { pushUrl: url, sdkAppId: '1400123456', secret: 'push-secret' },
      random: () => 0.5,
      ledger: [],
      faults,
      retryDelaysMs,
    });

  it('a late push still waiting is dropped: stop resolves at once and no timer stays', async () => {
    const before = timers();
    const tccc = pusher({ lost: 0, duplicated: 0, late: 1, lateMs: 60_000 }, []);
    expect(tccc.callEnded(REPORT)?.fate).toBe('late');
    expect(timers()).toBe(before + 1);
    await tccc.stop();
    expect(timers()).toBe(before);
    expect(received).toBe(0);
    expect(tccc.outcomes).toEqual([expect.objectContaining({ fate: 'late', attempts: 0 })]);
  });

  it('a refused push waiting for its retry is dropped too; nothing is pushed after stop', async () => {
    answer = { status: 500, body: 'no' };
    const before = timers();
    const tccc = pusher({ lost: 0, duplicated: 0, late: 0, lateMs: 0 }, [60_000]);
    tccc.callEnded(REPORT);
    // The first try goes out, is refused, and the retry waits a minute.
    for (let round = 0; received === 0 || timers() === before; round += 1) {
      if (round > 500) throw new Error('the first push never went out');
      await new Promise((resolve) => setImmediate(resolve));
    }
    await tccc.stop();
    expect(received).toBe(1);
    expect(timers()).toBe(before);
    expect(tccc.outcomes).toEqual([expect.objectContaining({ status: 'failed', attempts: 1 })]);
    answer = { status: 200, body: '{"ErrCode":0,"ErrMsg":""}' };
  });
});
