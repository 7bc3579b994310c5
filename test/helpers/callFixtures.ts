/** Call records for history tests: one builder with sensible defaults, and a small fixture with known stats. */

import { CallRecord } from '../../miniprogram/core/callRecord';
import { newCallId } from '../../miniprogram/core/recordId';

/** Pinned "now" of the history tests: Tuesday 2026-11-24 15:30 in Shanghai. */
export const HISTORY_NOW = new Date('2026-11-24T15:30:00+08:00').getTime();

export function at(text: string): number {
  return new Date(`${text}+08:00`).getTime();
}

let counter = 0;

/** A finished call; the id encodes its start time, as the launcher's ids do. */
export function makeCall(overrides: Partial<CallRecord> & { startedAt: number }): CallRecord {
  counter += 1;
  const id = overrides.id ?? newCallId(overrides.startedAt, () => (counter % 1296) / 1296);
  return {
    id,
    sdkAppId: '1400000000',
    userId: 'agent@example.com',
    phone: '13800138000',
    name: '',
    contactId: '',
    uui: id,
    returnedAt: overrides.startedAt + 120_000,
    state: 'connected',
    sessionId: '0a1b2c3d-1a2b-4c3d-8e9f-0123456789ab',
    duration: 60,
    closeBy: 'client',
    outcome: '',
    note: '',
    error: '',
    ...overrides,
  };
}

/**
 * Eight calls over three days with stats computed by hand:
 * calls 8; placed (has a session) 6; connected 4 (30+90+120+240 = 480 s, average 120 s, longest 240 s);
 * connect rate 4/6 = 66.7%. Hang-up: client 3, seat 2, admin 1, unknown 2. Outcomes: 有意向 3, 无意向 1,
 * 忙线 1, none 3. Days: 11-22: 2 calls (1 connected); 11-23: 2 (1); 11-24: 4 (2). Agents: agent@ 6, b@ 2.
 */
export function statsFixture(): CallRecord[] {
  const session = (n: number) => `0a1b2c3d-1a2b-4c3d-8e9f-00000000000${n}`;
  return [
    makeCall({
      startedAt: at('2026-11-22T09:00:00'),
      name: '张三',
      phone: '13800138001',
      state: 'connected',
      sessionId: session(1),
      duration: 30,
      closeBy: 'client',
      outcome: '有意向',
    }),
    makeCall({
      startedAt: at('2026-11-22T10:00:00'),
      name: '李四',
      phone: '13900139002',
      state: 'placed-not-connected',
      sessionId: session(2),
      duration: 0,
      closeBy: 'seat',
      outcome: '忙线',
    }),
    makeCall({
      startedAt: at('2026-11-23T11:00:00'),
      name: '王五, "老王"',
      phone: '13700137003',
      state: 'connected',
      sessionId: session(3),
      duration: 90,
      closeBy: 'seat',
      outcome: '有意向',
      userId: 'b@example.com',
    }),
    makeCall({
      startedAt: at('2026-11-23T12:00:00'),
      name: '',
      phone: '02112345678',
      state: 'not-placed',
      sessionId: '',
      duration: null,
      closeBy: '',
      outcome: '',
    }),
    makeCall({
      startedAt: at('2026-11-24T08:00:00'),
      name: '赵六',
      phone: '13600136004',
      state: 'connected',
      sessionId: session(4),
      duration: 120,
      closeBy: 'client',
      outcome: '无意向',
    }),
    makeCall({
      startedAt: at('2026-11-24T09:00:00'),
      name: '孙七',
      phone: '13500135005',
      state: 'connected',
      sessionId: session(5),
      duration: 240,
      closeBy: 'admin',
      outcome: '有意向',
      userId: 'b@example.com',
    }),
    makeCall({
      startedAt: at('2026-11-24T10:00:00'),
      name: '周八',
      phone: '13400134006',
      state: 'placed-not-connected',
      sessionId: session(6),
      duration: 0,
      closeBy: 'client',
      outcome: '',
    }),
    makeCall({
      startedAt: at('2026-11-24T11:00:00'),
      name: '吴九',
      phone: '13300133007',
      state: 'cancelled',
      sessionId: '',
      duration: null,
      closeBy: '',
      outcome: '',
    }),
  ];
}

const SURNAMES = '张王李赵刘陈杨黄周吴';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平';
const OUTCOMES = ['有意向', '无意向', '未接通', '忙线', '拒接', '空号', '预约回拨', '勿扰', ''];
const STATES = ['connected', 'connected', 'placed-not-connected', 'not-placed', 'connected', 'cancelled'] as const;

/** Call i of a large realistic log: one every `spacingMs`, the last one `spacingMs` before `end`. */
export function loggedCall(i: number, count: number, end = HISTORY_NOW, spacingMs = 7 * 60_000): CallRecord {
  const startedAt = end - (count - i) * spacingMs;
  const state = STATES[i % STATES.length] ?? 'connected';
  const placed = state === 'connected' || state === 'placed-not-connected';
  const hex = ((i * 2654435761) >>> 0).toString(16).padStart(8, '0');
  return makeCall({
    id: newCallId(startedAt, () => (i % 1296) / 1296),
    startedAt,
    userId: i % 10 === 0 ? 'agent2@example.com' : 'agent@example.com',
    phone: `13${String(800000000 + ((i * 7919) % 199999999)).slice(0, 9)}`,
    name: i % 7 === 0 ? '' : SURNAMES.charAt(i % 10) + GIVEN.charAt(i % 20),
    state,
    sessionId: placed ? `${hex}-1a2b-4c3d-8e9f-${hex}abcd` : '',
    duration: state === 'connected' ? 30 + (i % 300) : placed ? 0 : null,
    closeBy: placed ? (['seat', 'client', 'admin'][i % 3] ?? '') : '',
    outcome: OUTCOMES[i % OUTCOMES.length] ?? '',
  });
}

/** Seeds `count` calls into storage through the real store, in batches as the app would archive them. */
export function seedCallLog(
  archive: (records: CallRecord[]) => { ok: boolean },
  count: number,
  end = HISTORY_NOW,
  spacingMs?: number,
): CallRecord[] {
  const all: CallRecord[] = [];
  for (let start = 0; start < count; start += 5_000) {
    const batch: CallRecord[] = [];
    for (let i = start; i < Math.min(count, start + 5_000); i += 1) batch.push(loggedCall(i, count, end, spacingMs));
    if (!archive(batch).ok) throw new Error('seeding failed');
    all.push(...batch);
  }
  return all;
}
