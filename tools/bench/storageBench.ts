/** The storage section: bytes per store with 50,000 calls and 10,000 contacts, against WeChat's quota. */

import { realisticCalls } from '../fixtures/calls';
import { CallRecord } from '../../miniprogram/core/callRecord';
import { EMPTY_FILTER } from '../../miniprogram/core/callFilter';
import { computeStats, resetStatsCache } from '../../miniprogram/services/callQuery';
import { importContacts, resetContactCache } from '../../miniprogram/services/contactStore';
import { generatedContacts } from '../fixtures/demoContacts';
import { freshFake, seedOurs } from './benchFake';
import { RECORD_BUDGET_BYTES, add, budget, bytes } from './results';

/** Bytes per store: the keys each store writes, by prefix. */
const STORES: [string, string][] = [
  ['call log', 'tccc.calls.'],
  ['contacts', 'tccc.contacts.'],
];

export async function benchStorage(): Promise<void> {
  const fake = freshFake();
  resetContactCache();
  resetStatsCache();
  const calls = realisticCalls(50_000);
  seedOurs(calls);
  importContacts(generatedContacts(10_000));
  // Steady state: the history page has run its stats once, so the per-day totals are stored too.
  await computeStats({ ...EMPTY_FILTER }, (calls[calls.length - 1] as CallRecord).startedAt, {
    yieldBetween: () => Promise.resolve(),
  });
  const keys = fake.storage.info().keys;
  const keyBytes = (key: string): number => Buffer.byteLength(key) + Buffer.byteLength(fake.storage.rawJson(key) ?? '');
  const section = 'Storage, 50,000 calls + 10,000 contacts';
  const quota = 10 * 1024 * 1024;
  const used = fake.storage.usedBytes();
  for (const [store, prefix] of STORES) {
    const mine = keys.filter((k) => k.startsWith(prefix));
    const total = mine.reduce((sum, k) => sum + keyBytes(k), 0);
    const largest = Math.max(...mine.map(keyBytes));
    add(
      section,
      `${store}: ${mine.length} keys, largest ${bytes(largest)}`,
      bytes(total),
      `${((total / quota) * 100).toFixed(0)} % of 10 MB`,
      '',
    );
    if (store === 'call log') {
      budget(
        'at most 100 B per record',
        'call log with its per-day totals (50,000)',
        bytes(total / 50_000),
        total / 50_000 <= RECORD_BUDGET_BYTES,
      );
    }
    if (store === 'contacts') {
      budget(
        'at most 100 B per record',
        'contacts (10,000)',
        bytes(total / 10_000),
        total / 10_000 <= RECORD_BUDGET_BYTES,
      );
    }
  }
  const others = keys.filter((k) => !STORES.some(([, prefix]) => k.startsWith(prefix)));
  add(
    section,
    `everything else (${others.length} keys: settings…)`,
    bytes(others.reduce((sum, k) => sum + keyBytes(k), 0)),
    '',
    '',
  );
  add(
    section,
    'total',
    bytes(used),
    `quota 10 MB: ${((used / quota) * 100).toFixed(0)} % used (WeChat flags > 50 %)`,
    '',
  );
  budget(
    'storage under 50 % (WeChat flags more)',
    'all stores',
    `${((used / quota) * 100).toFixed(0)} %`,
    used < quota / 2,
  );
  resetContactCache();
}
