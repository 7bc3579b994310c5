/**
 * A month of a simulated team's calls for the dashboard demo: agents, the phones' call records and TCCC's CDRs and
 * recordings, and the callbacks booked on 预约回拨 calls, written through the server's own stores into a fresh demo
 * database (never into one that has calls).
 */

import { bookCallback, closeCallback } from '../../server/src/callbackReminders';
import { upsertCalls, type CallInput } from '../../server/src/callStore';
import { readCdr, readRecording } from '../../server/src/cdr';
import { upsertCdr, upsertRecording } from '../../server/src/cdrStore';
import type { Db } from '../../server/src/db';
import { createAgent, createStaff } from '../../server/src/identity';
import { seededRandom } from './browser/ids';

export const DEMO_TEAM = [
  { name: '王芳', seat: 'wangfang@example.com' },
  { name: '李强', seat: 'liqiang@example.com' },
  { name: '张敏', seat: 'zhangmin@example.com' },
  { name: '刘洋', seat: 'liuyang@example.com' },
  { name: '陈静', seat: 'chenjing@example.com' },
  { name: '杨磊', seat: 'yanglei@example.com' },
] as const;

/** A demo supervisor beside the admin, so the supervisor's (read and export only) view can be tried. */
export const DEMO_SUPERVISOR = { username: 'supervisor', password: 'simulator-supervisor', name: '演示主管' } as const;

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const TITLES = ['先生', '女士', '总', '经理'];
const COMPANIES = ['', '', '（华东物流）', '（星海科技）', '（顺达贸易）', '（明德教育）'];
const NOTES = [
  '客户要报价单，周五前发',
  '对年费版感兴趣',
  '说已经在用别家',
  '让下午再打',
  '需要发资料到邮箱',
  '决策人出差',
];
/** TCCC end statuses and how often the demo team meets them (a typical outbound day). */
const STATUSES: readonly [string, number][] = [
  ['ok', 0.46],
  ['notAnswer', 0.24],
  ['busy', 0.1],
  ['userReject', 0.08],
  ['powerOff', 0.05],
  ['numberNotExist', 0.04],
  ['notInService', 0.03],
];
const CONNECTED_OUTCOMES = ['有意向', '无意向', '预约回拨', '有意向', '无意向', '勿扰'];
const MISSED_OUTCOMES: Record<string, string> = {
  notAnswer: '未接通',
  busy: '忙线',
  userReject: '拒接',
  numberNotExist: '空号',
  powerOff: '未接通',
  notInService: '未接通',
};

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

function statusOf(random: () => number): string {
  let roll = random();
  for (const [status, share] of STATUSES) {
    if (roll < share) return status;
    roll -= share;
  }
  return 'notAnswer';
}

export interface SeededTeam {
  agents: number;
  calls: number;
  /** Callback bookings, and how many are still open (due today, overdue or later). */
  callbacks: number;
  openCallbacks: number;
}

const DAY_MS = 86_400_000;

/** A callback the demo agent booked on a 预约回拨 call. */
interface DemoBooking {
  agentId: number;
  call: CallInput;
}

/**
 * The team's callbacks, booked as the phones book them (no WeChat template in the demo: the phones remind): 1–3 days
 * after the call at 10:00 or 15:00. Those due before `now` were mostly made (done a little after), a few dropped,
 * a few still open (the 待回拨 card's overdue); the later ones wait. Its own random stream: the calls stay as they were.
 */
async function seedCallbacks(db: Db, bookings: readonly DemoBooking[], now: number, seed: number): Promise<number> {
  const random = seededRandom(seed * 31 + 7);
  let open = 0;
  for (const { agentId, call } of bookings) {
    const callDay = call.startedAt - ((call.startedAt + 8 * 3600_000) % DAY_MS);
    const dueAt = callDay + (1 + Math.floor(random() * 3)) * DAY_MS + (random() < 0.5 ? 10 : 15) * 3600_000;
    const bookedAt = call.returnedAt > 0 ? call.returnedAt : call.startedAt;
    await bookCallback(db, agentId, { callId: call.id, dueAt, name: call.name, subscribe: 'none' }, bookedAt);
    const roll = random();
    if (dueAt < now && roll < 0.88) {
      await closeCallback(db, agentId, call.id, 'done', Math.min(now, dueAt + Math.floor(random() * 4 * 3600_000)));
    } else if (dueAt < now && roll < 0.94) {
      await closeCallback(db, agentId, call.id, 'cancelled', Math.min(now, dueAt));
    } else open += 1;
  }
  return open;
}

interface DemoCall {
  agentSeat: string;
  call: CallInput;
  cdr: Record<string, unknown> | null;
}

/** One agent's working day: calls from 9:00 to 18:00 Shanghai time with a lunch break. */
function dayOfCalls(random: () => number, agentIndex: number, day: number, serial: { n: number }): DemoCall[] {
  const out: DemoCall[] = [];
  const count = 18 + Math.floor(random() * 22);
  const seat = DEMO_TEAM[agentIndex]?.seat ?? '';
  for (let i = 0; i < count; i += 1) {
    const hour = 9 + Math.floor(random() * 8);
    const startedAt = day + (hour >= 12 ? hour + 1 : hour) * 3600_000 + Math.floor(random() * 3600_000);
    serial.n += 1;
    const id = `demo${String(serial.n).padStart(8, '0')}`;
    const status = statusOf(random);
    const ok = status === 'ok';
    const talk = ok ? 20 + Math.floor(random() * random() * 600) : 0;
    const sessionId = `demo-${agentIndex}-${serial.n.toString(16).padStart(8, '0')}`;
    const name =
      random() < 0.85 ? `${pick(random, [...SURNAMES])}${pick(random, TITLES)}${pick(random, COMPANIES)}` : '';
    const phone = `1${pick(random, ['38', '39', '50', '58', '86', '88'])}${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;
    // 1 in 100: the phone thinks it connected, TCCC says otherwise (the mismatch filter's case).
    const phoneSaysConnected = ok || random() < 0.01;
    const startTs = Math.floor(startedAt / 1000);
    const call: CallInput = {
      id,
      revision: 2,
      uui: `td1.${id}`,
      sessionId,
      phone,
      name,
      startedAt,
      returnedAt: startedAt + (talk + 15) * 1000,
      state: phoneSaysConnected ? 'connected' : 'placed-not-connected',
      duration: phoneSaysConnected ? Math.max(1, talk + Math.floor(random() * 3)) : 0,
      closeBy: random() < 0.6 ? 'client' : 'seat',
      outcome: random() < 0.9 ? (ok ? pick(random, CONNECTED_OUTCOMES) : (MISSED_OUTCOMES[status] ?? '')) : '',
      note: random() < 0.18 ? pick(random, NOTES) : '',
    };
    // 2 in 100 calls wait for a CDR that has not come yet (the list shows 待话单).
    const cdr =
      random() < 0.02
        ? null
        : {
            SdkAppId: 1400000000,
            SessionId: sessionId,
            UUI: call.uui,
            EndStatusString: status,
            Duration: talk,
            HungUpSide: ok ? (call.closeBy === 'client' ? 'user' : 'seat') : 'system',
            StartTimestamp: startTs,
            RingTimestamp: startTs + 2,
            AcceptTimestamp: ok ? startTs + 6 + Math.floor(random() * 10) : 0,
            EndedTimestamp: startTs + talk + 20,
            Direction: 1,
            CallType: 1,
            Callee: `0086${phone}`,
            Caller: '02161234567',
            SeatUser: { UserId: seat, Mail: seat },
            SkillGroup: '外呼销售组',
            QueuedSkillGroupName: '外呼销售组',
            RecordId: ok ? `rec-${sessionId}` : '',
          };
    out.push({ agentSeat: seat, call, cdr });
  }
  return out;
}

/**
 * Seeds the team when the database holds no calls yet (a fresh demo folder); returns null when it already has some.
 * The CDRs also go into `ledger` (what the fake DescribeTelCdr serves), so recordings play through fresh links.
 */
export async function seedDemoTeam(
  db: Db,
  ledger: Record<string, unknown>[],
  now: number,
  seed = 16,
): Promise<SeededTeam | null> {
  const [existing] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM calls');
  if ((existing?.n ?? 0) > 0) return null;
  const random = seededRandom(seed);
  await createStaff(db, { ...DEMO_SUPERVISOR, role: 'supervisor' }, now);
  const agentIds: number[] = [];
  for (const member of DEMO_TEAM) {
    const id = await createAgent(db, { name: member.name, seatUserId: member.seat }, now - 40 * 86_400_000);
    if (id !== null) agentIds.push(id);
  }
  // Most of the team has bound a phone (the agents screen shows when); the last one still has to.
  for (const [index, id] of agentIds.slice(0, -1).entries()) {
    await db.query('INSERT INTO wx_identities (openid, user_id, bound_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
      `demo-openid-${index}`,
      id,
      now - (35 - index * 3) * 86_400_000,
    ]);
  }
  const todayStart = Date.parse(`${new Date(now + 8 * 3600_000).toISOString().slice(0, 10)}T00:00:00+08:00`);
  const serial = { n: 0 };
  let calls = 0;
  const bookings: DemoBooking[] = [];
  for (let back = 29; back >= 0; back -= 1) {
    const day = todayStart - back * 86_400_000;
    const weekday = new Date(day + 8 * 3600_000).getUTCDay();
    if (weekday === 0) continue;
    const dayCalls = agentIds.flatMap((_, index) =>
      dayOfCalls(random, index, day, serial).filter((c) => c.call.startedAt < now),
    );
    await db.transaction(async (tx) => {
      for (const [index, agentId] of agentIds.entries()) {
        const mine = dayCalls.filter((c) => c.agentSeat === DEMO_TEAM[index]?.seat).map((c) => c.call);
        for (let i = 0; i < mine.length; i += 200) await upsertCalls(tx, agentId, mine.slice(i, i + 200), now);
        for (const call of mine) if (call.outcome === '预约回拨') bookings.push({ agentId, call });
      }
      for (const { cdr } of dayCalls) {
        if (cdr === null) continue;
        const raw = JSON.stringify(cdr);
        const parsed = readCdr(cdr);
        if (!parsed.ok) continue;
        await upsertCdr(tx, parsed.value, raw, 'push', now);
        ledger.push(cdr);
        if (cdr['RecordId'] !== '') {
          const record = {
            SdkAppId: 1400000000,
            SessionId: cdr['SessionId'],
            RecordId: cdr['RecordId'],
            Timestamp: cdr['EndedTimestamp'],
            EndpointUser: 'user',
          };
          const read = readRecording(record);
          if (read.ok) await upsertRecording(tx, read.value, JSON.stringify(record), now);
        }
      }
    });
    calls += dayCalls.length;
  }
  const openCallbacks = await seedCallbacks(db, bookings, now, seed);
  return { agents: agentIds.length, calls, callbacks: bookings.length, openCallbacks };
}
