/**
 * Reconciliation: pulls TCCC's CDRs with DescribeTelCdr and stores those no push delivered. Windows of at most one
 * day, pages of 100 from page 0, paced under TCCC's 20 requests/s; one instance at a time (advisory lock).
 */

import type { Db } from './db';
import { readCdr } from './cdr';
import { insertCdrIfAbsent } from './cdrStore';
import type { TcccApi } from './tcccApi';

export const RECONCILE_LOCK = 714_002;
export const WINDOW_SECONDS = 24 * 3600;
export const PAGE_SIZE = 100;
/** Half TCCC's limit of 20/s: the token route shares the account's budget. */
export const REQUESTS_PER_SECOND = 10;

export interface ReconcileRange {
  /** Unix seconds, inclusive. */
  fromTs: number;
  /** Unix seconds, exclusive. */
  toTs: number;
}

export interface ReconcileReport {
  windows: number;
  requests: number;
  fetched: number;
  /** CDRs stored because no push had delivered them. */
  filled: number;
  /** Rows TCCC returned that could not be read (no SessionId, another app). */
  skipped: number;
}

export interface ReconcileDeps {
  db: Db;
  tccc: TcccApi;
  sdkAppId: string;
  now: () => number;
  /** Waits ms milliseconds (tests record instead of sleeping). */
  sleep: (ms: number) => Promise<void>;
}

/** [from, to) cut into consecutive windows of at most one day. */
export function windowsOf(range: ReconcileRange): ReconcileRange[] {
  const windows: ReconcileRange[] = [];
  for (let start = range.fromTs; start < range.toTs; start += WINDOW_SECONDS) {
    windows.push({ fromTs: start, toTs: Math.min(start + WINDOW_SECONDS, range.toTs) });
  }
  return windows;
}

/** Runs one reconciliation; null when another instance is running one. TCCC errors are thrown as TcccError. */
export async function reconcile(deps: ReconcileDeps, range: ReconcileRange): Promise<ReconcileReport | null> {
  const gapMs = Math.ceil(1000 / REQUESTS_PER_SECOND);
  return deps.db.withAdvisoryLock(RECONCILE_LOCK, async () => {
    const report: ReconcileReport = { windows: 0, requests: 0, fetched: 0, filled: 0, skipped: 0 };
    let lastRequest = -Infinity;
    for (const window of windowsOf(range)) {
      report.windows += 1;
      for (let pageNumber = 0; ; pageNumber++) {
        const wait = lastRequest + gapMs - deps.now();
        if (wait > 0) await deps.sleep(wait);
        lastRequest = deps.now();
        report.requests += 1;
        const page = await deps.tccc.describeTelCdr({
          startTs: window.fromTs,
          endTs: window.toTs,
          pageNumber,
          pageSize: PAGE_SIZE,
        });
        report.fetched += page.cdrs.length;
        for (const raw of page.cdrs) {
          const read = readCdr(raw);
          if (!read.ok || read.value.sdkAppId !== deps.sdkAppId) {
            report.skipped += 1;
            continue;
          }
          // One transaction per CDR: the CDR and its calls' stored TCCC side are written together.
          const stored = await deps.db.transaction((tx) =>
            insertCdrIfAbsent(tx, read.value, JSON.stringify(raw), deps.now()),
          );
          if (stored) report.filled += 1;
        }
        if (page.cdrs.length < PAGE_SIZE || (pageNumber + 1) * PAGE_SIZE >= page.totalCount) break;
      }
    }
    return report;
  });
}
