/**
 * The simulated TCCC's data push, run on the simulator's Node side: each ended call becomes a CDR (and a recording
 * when it connected) pushed to the team server with basic auth and X-TCCC-PUSH-UUID, some late, some twice, some
 * lost; every CDR also goes into the ledger the fake DescribeTelCdr serves, so the reconciler can find the lost ones.
 */

import crypto from 'node:crypto';
import { CDR_END_STATUSES, type CallEndReport, type CdrEndStatus } from './contract';

export interface PushTarget {
  /** The receiver without query, e.g. http://127.0.0.1:5181/tccc/push. */
  pushUrl: string;
  sdkAppId: string;
  secret: string;
}

/** Shares of calls whose CDR push is lost (never arrives), sent twice, or sent late. */
export interface PushFaults {
  lost: number;
  duplicated: number;
  late: number;
  /** How late a late push is. */
  lateMs: number;
}

export const DEMO_FAULTS: PushFaults = { lost: 0.1, duplicated: 0.15, late: 0.2, lateMs: 8000 };
/** TCCC re-pushes up to 3 times on anything but {"ErrCode":0,"ErrMsg":""}; its intervals are undocumented. */
export const TCCC_RETRY_DELAYS_MS = [2000, 10_000, 30_000];

export type PushFate = 'sent' | 'late' | 'duplicated' | 'lost';

export interface PushOutcome {
  pushUuid: string;
  action: 'cdr' | 'record';
  sessionId: string;
  fate: PushFate;
  /** acked: answered {"ErrCode":0}; failed: every retry refused or unreachable; lost: never sent. */
  status: 'acked' | 'failed' | 'lost';
  attempts: number;
}

export interface PusherOptions {
  target: PushTarget;
  random: () => number;
  /** What DescribeTelCdr answers: every CDR, pushed or not, in TCCC's API shape (UUI). */
  ledger: Record<string, unknown>[];
  faults?: PushFaults;
  retryDelaysMs?: readonly number[];
  nowMs?: () => number;
  log?: (line: string) => void;
}

export interface TcccPusher {
  /** Builds the call's CDR, files it in the ledger and schedules its pushes; null when no call was placed. */
  callEnded(report: CallEndReport): { sessionId: string; endStatus: CdrEndStatus; fate: PushFate } | null;
  /** Resolves when every scheduled push has been answered or given up. */
  idle(): Promise<void>;
  /** Stops for good (the server is closing): waiting pushes are dropped, no timer or request is left open. */
  stop(): Promise<void>;
  readonly outcomes: readonly PushOutcome[];
}

const TALK_STATUSES = new Set<CdrEndStatus>(['ok']);

/** The end status TCCC would report: the tester's choice, else from how the call ended (0 s by the client: seeded). */
export function endStatusOf(report: CallEndReport, random: () => number): CdrEndStatus {
  if (report.endStatus !== 'auto') return report.endStatus;
  if (report.duration > 0) return 'ok';
  if (report.closeBy === 'client') return random() < 0.5 ? 'notAnswer' : 'busy';
  return 'notAnswer';
}

export interface CdrPair {
  /** The push body (`Uui`, as the push documents it). */
  push: Record<string, unknown>;
  /** The same call as DescribeTelCdr returns it (`UUI`, with the recording's URL). */
  api: Record<string, unknown>;
  record: Record<string, unknown> | null;
}

/** TCCC's CDR for a call: times in Unix seconds, AcceptTimestamp 0 and Duration 0 when it did not connect. */
export function cdrOfCall(
  report: CallEndReport,
  endStatus: CdrEndStatus,
  random: () => number,
  nowMs: number,
): CdrPair {
  const ended = Math.floor(nowMs / 1000);
  const talked = TALK_STATUSES.has(endStatus);
  const duration = talked ? report.duration : 0;
  const accept = talked ? ended - duration : 0;
  const ring = (talked ? accept : ended) - (3 + Math.floor(random() * 15));
  const start = ring - 1;
  const recordId =
    talked && duration > 0 ? `rec${crypto.createHash('md5').update(report.sessionId).digest('hex')}` : null;
  const recordUrl = recordId === null ? null : `https://tccc.qcloud.com/tcccadmin/getRecord/${recordId}.mp3`;
  const common: Record<string, unknown> = {
    SdkAppId: Number(report.sdkAppId),
    SessionId: report.sessionId,
    Caller: '008602150000000',
    Callee: `0086${report.calleePhone.replace(/\D/g, '')}`,
    Direction: 1,
    CallType: 1,
    StartTimestamp: start,
    RingTimestamp: ring,
    AcceptTimestamp: accept,
    EndedTimestamp: ended,
    Duration: duration,
    SeatUser: { Mail: report.userId, UserId: report.userId, Name: '演示坐席' },
    HungUpSide: report.closeBy === 'client' ? 'user' : 'seat',
    EndStatusString: endStatus,
    ...(recordId === null ? {} : { RecordId: recordId }),
  };
  const uui = report.uui === '' ? null : report.uui;
  return {
    push: { ...common, ...(uui === null ? {} : { Uui: uui }) },
    api: { ...common, ...(uui === null ? {} : { UUI: uui }), ...(recordUrl === null ? {} : { RecordURL: recordUrl }) },
    record:
      recordId === null
        ? null
        : {
            SdkAppId: Number(report.sdkAppId),
            RecordId: recordId,
            SessionId: report.sessionId,
            Timestamp: ended,
            EndpointUser: report.userId,
            RecordURL: recordUrl,
            CustomRecordURL: '',
          },
  };
}

function fateOf(random: () => number, faults: PushFaults): PushFate {
  const roll = random();
  if (roll < faults.lost) return 'lost';
  if (roll < faults.lost + faults.duplicated) return 'duplicated';
  if (roll < faults.lost + faults.duplicated + faults.late) return 'late';
  return 'sent';
}

/** One push as TCCC sends it; true only for the exact acknowledgement. */
async function pushOnce(
  target: PushTarget,
  action: string,
  uuid: string,
  body: string,
  stopped: AbortSignal,
): Promise<boolean> {
  if (stopped.aborted) return false;
  try {
    const response = await fetch(`${target.pushUrl}?action=${action}&version=1`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json;charset=utf8',
        authorization: `Basic ${Buffer.from(`${target.sdkAppId}:${target.secret}`).toString('base64')}`,
        'x-tccc-push-uuid': uuid,
      },
      body,
      signal: AbortSignal.any([AbortSignal.timeout(10_000), stopped]),
    });
    const answer = (await response.json().catch(() => null)) as { ErrCode?: unknown; ErrMsg?: unknown } | null;
    return response.status === 200 && answer?.ErrCode === 0 && answer.ErrMsg === '';
  } catch {
    return false;
  }
}

export function createTcccPusher(options: PusherOptions): TcccPusher {
  const faults = options.faults ?? DEMO_FAULTS;
  const retryDelays = options.retryDelaysMs ?? TCCC_RETRY_DELAYS_MS;
  const nowMs = options.nowMs ?? Date.now;
  const log = options.log ?? (() => undefined);
  const outcomes: PushOutcome[] = [];
  const pending = new Set<Promise<void>>();
  // stop() aborts requests in flight and wakes every sleeper, whose timer it clears: a late push's 8 s, a retry's 30 s.
  const stopping = new AbortController();
  const sleepers = new Map<ReturnType<typeof setTimeout>, () => void>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (stopping.signal.aborted) return resolve();
      const timer = setTimeout(() => {
        sleepers.delete(timer);
        resolve();
      }, ms);
      sleepers.set(timer, resolve);
    });

  /** Sends until acknowledged, retrying up to retryDelays.length times with the same push id. */
  const deliver = async (outcome: PushOutcome, body: string): Promise<void> => {
    for (let attempt = 0; ; attempt++) {
      if (stopping.signal.aborted) return;
      outcome.attempts += 1;
      if (await pushOnce(options.target, outcome.action, outcome.pushUuid, body, stopping.signal)) {
        outcome.status = 'acked';
        return;
      }
      const delay = retryDelays[attempt];
      if (delay === undefined) {
        outcome.status = 'failed';
        log(`TCCC ${outcome.action} push for ${outcome.sessionId} refused ${outcome.attempts} times, given up`);
        return;
      }
      await sleep(delay);
    }
  };

  const schedule = (action: 'cdr' | 'record', sessionId: string, body: Record<string, unknown>, fate: PushFate) => {
    const outcome: PushOutcome = {
      pushUuid: crypto.randomUUID(),
      action,
      sessionId,
      fate,
      status: fate === 'lost' ? 'lost' : 'failed',
      attempts: 0,
    };
    outcomes.push(outcome);
    if (fate === 'lost') return;
    const text = JSON.stringify(body);
    const run = (async () => {
      if (fate === 'late') await sleep(faults.lateMs);
      await deliver(outcome, text);
      // A duplicate: TCCC sends the same push (same id) again after it was acknowledged.
      if (fate === 'duplicated' && outcome.status === 'acked')
        await pushOnce(options.target, action, outcome.pushUuid, text, stopping.signal);
    })();
    pending.add(run);
    void run.finally(() => pending.delete(run));
  };

  return {
    outcomes,
    callEnded(report) {
      // 未呼出: no call was placed, so TCCC has no CDR.
      if (report.sessionId === '') return null;
      const endStatus = endStatusOf(report, options.random);
      const cdr = cdrOfCall(report, endStatus, options.random, nowMs());
      options.ledger.push(cdr.api);
      const fate = fateOf(options.random, faults);
      schedule('cdr', report.sessionId, cdr.push, fate);
      // The recording push is a separate toggle and arrives on its own; it is never lost here.
      if (cdr.record !== null) schedule('record', report.sessionId, cdr.record, fate === 'lost' ? 'sent' : fate);
      log(`TCCC CDR ${endStatus} for session ${report.sessionId.slice(0, 8)}…: push ${fate}`);
      return { sessionId: report.sessionId, endStatus, fate };
    },
    async idle() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    async stop() {
      stopping.abort();
      for (const [timer, wake] of sleepers) {
        clearTimeout(timer);
        wake();
      }
      sleepers.clear();
      await this.idle();
    },
  };
}

/** Reads the browser's report of an ended call; null for anything malformed. */
export function readCallEndReport(value: unknown): CallEndReport | null {
  if (typeof value !== 'object' || value === null) return null;
  const fields = value as Record<string, unknown>;
  const str = (key: string, max: number) => {
    const field = fields[key];
    return typeof field === 'string' && field.length <= max ? field : null;
  };
  const sessionId = str('sessionId', 128);
  const sdkAppId = str('sdkAppId', 20);
  const userId = str('userId', 128);
  const calleePhone = str('calleePhone', 32);
  const uui = str('uui', 1024);
  const closeBy = fields['closeBy'];
  const duration = fields['duration'];
  const endStatus = fields['endStatus'];
  if (sessionId === null || sdkAppId === null || !/^\d{1,20}$/.test(sdkAppId) || userId === null) return null;
  if (calleePhone === null || uui === null) return null;
  if (closeBy !== 'seat' && closeBy !== 'client' && closeBy !== 'admin') return null;
  if (typeof duration !== 'number' || !Number.isInteger(duration) || duration < 0 || duration > 86_400) return null;
  if (endStatus !== 'auto' && !CDR_END_STATUSES.includes(endStatus as CdrEndStatus)) return null;
  return {
    sessionId,
    sdkAppId,
    userId,
    calleePhone,
    uui,
    closeBy,
    duration,
    endStatus: endStatus as CdrEndStatus | 'auto',
  };
}
