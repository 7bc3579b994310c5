/**
 * The team outbox's benchmark (`npm run bench -- --outbox-only`): what binding adds to the call loop on the wx fake
 * with 50,000 calls stored: writes in the tap (beside the unbound figure), the outbox's writes per call event, and
 * how many requests 1,000 queued calls take. The server is an in-memory stand-in answering as POST /api/calls/batch.
 */

import { realisticCalls } from '../fixtures/calls';
import { launchCall } from '../../miniprogram/services/callLauncher';
import { captureCallReturn } from '../../miniprogram/services/callReturn';
import { saveWrapUp } from '../../miniprogram/services/wrapUp';
import { offCallChange, onCallChange } from '../../miniprogram/services/callEvents';
import {
  enqueueCall,
  flushOutbox,
  OUTBOX_KEY,
  outboxStatus,
  startOutbox,
  stopOutbox,
} from '../../miniprogram/services/outbox';
import { TEAM_SESSION_KEY, type TeamSession } from '../../miniprogram/services/teamSession';
import type { WxFake, WxHttpRequest } from '../wx-fake/wx';
import { freshFake, seedOurs } from './benchFake';
import { add, bytes, printTable } from './results';

const SERVER = 'https://team.example.com';
const CALLS_STORED = 50_000;
const TAPS = 20;

function bind(fake: WxFake): WxHttpRequest[] {
  const session: TeamSession = {
    version: 1,
    serverUrl: SERVER,
    token: 'bench-token-000000000000000000000',
    expiresAt: Date.now() + 86_400_000,
    user: { id: 1, name: '坐席甲', role: 'agent', sdkAppId: '1400000000', seatUserId: 'agent@example.com' },
    boundAt: Date.now(),
    expired: false,
  };
  fake.storage.set('bench', TEAM_SESSION_KEY, session);
  fake.network.requestDomains.push(SERVER);
  const seen: WxHttpRequest[] = [];
  // Answers as the server does: every call of the batch with the revision it now holds.
  fake.network.requestHandler = async (request) => {
    seen.push(request);
    const body = JSON.parse(request.body ?? '{}') as { calls?: { id: string; revision: number }[] };
    const calls = (body.calls ?? []).map((c) => ({ id: c.id, revision: c.revision, changed: true, tccc: null }));
    return { statusCode: 200, header: {}, body: JSON.stringify({ calls }) };
  };
  return seen;
}

/** Counts the writes (and their bytes) to each key while fn runs, microtasks after it included. */
async function writesDuring(fake: WxFake, fn: () => void): Promise<Map<string, { writes: number; bytes: number }>> {
  const set = fake.api['setStorageSync'] as (key: string, data: unknown) => void;
  const counts = new Map<string, { writes: number; bytes: number }>();
  // The call events in this window (a tap's window holds the append and the jump's success).
  const events = { writes: 0, bytes: 0 };
  counts.set('events', events);
  const countEvent = () => {
    events.writes += 1;
  };
  onCallChange(countEvent);
  (wx as unknown as Record<string, unknown>)['setStorageSync'] = (key: string, data: unknown) => {
    const entry = counts.get(key) ?? { writes: 0, bytes: 0 };
    entry.writes += 1;
    entry.bytes += JSON.stringify(data).length;
    counts.set(key, entry);
    set(key, data);
  };
  try {
    fn();
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    (wx as unknown as Record<string, unknown>)['setStorageSync'] = set;
    offCallChange(countEvent);
  }
  return counts;
}

/** Writes inside one tap handler (before and after the jump), as the tap runs synchronously. */
function writesInTap(fake: WxFake): number {
  const before = fake.storage.ops.writes;
  const outcome = fake.tap(() => launchCall({ phone: '138 0013 8000', name: '张三' }));
  if (!outcome.ok) throw new Error(`tap refused: ${outcome.message}`);
  return fake.storage.ops.writes - before;
}

async function oneCall(
  fake: WxFake,
  i: number,
): Promise<{ tap: number; outboxWrites: number; outboxBytes: number; flushWrites: number }> {
  // Offline while the events happen: what they write is the queueing alone; the send is counted after.
  fake.network.online = false;
  let tap = 0;
  const onTap = await writesDuring(fake, () => {
    tap = writesInTap(fake);
  });
  await new Promise((resolve) => setImmediate(resolve));
  const options = fake.returnFromMiniProgram({ sessionId: `s-${i}`, duration: 10, closeBy: 'seat' });
  let finished: ReturnType<typeof captureCallReturn>['finished'][number] | undefined;
  const onReturn = await writesDuring(fake, () => {
    finished = captureCallReturn(options, false).finished[0];
  });
  if (finished === undefined) throw new Error(`return ${i} recorded no call`);
  const done = finished;
  const onWrapUp = await writesDuring(fake, () => {
    saveWrapUp(done, { outcome: '有意向', note: '', followUp: { dueAt: 0, addToDoNotCall: false } });
  });
  fake.network.online = true;
  const writesBefore = fake.storage.ops.writes;
  await flushOutbox();
  const flushWrites = fake.storage.ops.writes - writesBefore;
  const outbox = [onTap, onReturn, onWrapUp].map((m) => m.get(OUTBOX_KEY) ?? { writes: 0, bytes: 0 });
  return {
    tap,
    outboxWrites: Math.max(
      ...[onTap, onReturn, onWrapUp].map(
        (m) => (m.get(OUTBOX_KEY)?.writes ?? 0) / Math.max(m.get('events')?.writes ?? 1, 1),
      ),
    ),
    outboxBytes: Math.max(...outbox.map((o) => (o.writes === 0 ? 0 : o.bytes / o.writes))),
    flushWrites,
  };
}

async function main(): Promise<void> {
  const section = `Team outbox (${CALLS_STORED.toLocaleString('en')} calls stored)`;
  // Unbound: the old figure.
  const plain = freshFake();
  seedOurs(realisticCalls(CALLS_STORED));
  let unboundTap = 0;
  for (let i = 0; i < TAPS; i += 1) {
    unboundTap = Math.max(unboundTap, writesInTap(plain));
    // WeChat's success callback comes on a later tick; then the agent comes back.
    await new Promise((resolve) => setImmediate(resolve));
    captureCallReturn(plain.returnFromMiniProgram({ sessionId: `u-${i}`, duration: 1, closeBy: 'seat' }), false);
  }

  const fake = freshFake();
  seedOurs(realisticCalls(CALLS_STORED));
  const sent = bind(fake);
  startOutbox();
  const results = [];
  for (let i = 0; i < TAPS; i += 1) results.push(await oneCall(fake, i));
  add(
    section,
    'sync writes in the tap handler (bound / unbound)',
    `${Math.max(...results.map((r) => r.tap))}`,
    `${unboundTap}`,
    '',
  );
  add(
    section,
    'outbox writes per call event (tap, return, wrap-up)',
    `${Math.max(...results.map((r) => r.outboxWrites))}`,
    '≤ 1',
    '',
  );
  add(
    section,
    'writes when the queued call is sent (one batch answered)',
    `${Math.max(...results.map((r) => r.flushWrites))}`,
    '',
    '',
  );
  add(
    section,
    'bytes per outbox write, one call queued',
    bytes(Math.max(...results.map((r) => r.outboxBytes))),
    '',
    '',
  );

  // 1,000 calls queued offline, then one flush.
  fake.network.online = false;
  const ids = realisticCalls(CALLS_STORED)
    .slice(-1000)
    .map((call) => call.id);
  for (const id of ids) enqueueCall(id);
  await flushOutbox();
  const queued = outboxStatus().pending;
  const writeOfFull = JSON.stringify(fake.storage.get('bench', OUTBOX_KEY)).length;
  fake.network.online = true;
  const before = sent.length;
  await flushOutbox();
  const requests = sent.length - before;
  stopOutbox();
  add(section, `1,000 queued calls: requests to flush (left: ${outboxStatus().pending})`, `${requests}`, '≤ 10', '');
  add(section, `bytes per outbox write with ${queued} queued`, bytes(writeOfFull), '', '');
  process.stdout.write(`${printTable()}\n`);
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
