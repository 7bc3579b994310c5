/** What a call says in the list, the detail and the CSV: hang-up side only when placed, 时长未知 never as 未接通. */

import { callDetailView } from '../../miniprogram/core/callDetail';
import { csvRecord } from '../../miniprogram/core/csvExport';
import { historyRow } from '../../miniprogram/core/historyRow';
import { HISTORY_NOW, makeCall } from '../../tools/fixtures/callFixtures';

const AT = HISTORY_NOW - 3_600_000;

function field(record: ReturnType<typeof makeCall>, key: string): string | undefined {
  return callDetailView(record, true).fields.find((f) => f.key === key)?.value;
}

describe('one call across list, detail and CSV', () => {
  it('a call never placed names no hang-up side, and reads 未呼出', () => {
    // TCCC sends closeBy 'seat' with an empty sessionId when no call was placed.
    const record = makeCall({ startedAt: AT, state: 'not-placed', sessionId: '', duration: 0, closeBy: 'seat' });
    const row = historyRow(record, true, HISTORY_NOW);
    expect(row.sub).not.toContain('挂断');
    expect(row.markLabel).toBe('未呼出');
    expect(field(record, 'closeBy')).toBe('—');
    expect(field(record, 'state')).toBe('未呼出');
    expect(csvRecord(record, { fullNumbers: false })).not.toContain('挂断');
  });

  it('a placed call with an unreadable duration reads 时长未知 everywhere, never 未接通', () => {
    const record = makeCall({
      startedAt: AT,
      state: 'placed-not-connected',
      sessionId: 's-1',
      duration: null,
      closeBy: 'client',
    });
    const row = historyRow(record, true, HISTORY_NOW);
    expect([row.mark, row.markLabel]).toEqual(['unknown', '时长未知']);
    expect(row.sub).toContain('客户挂断');
    const detail = callDetailView(record, true);
    expect([detail.stateLabel, field(record, 'duration')]).toEqual(['时长未知', '时长未知']);
    const csv = csvRecord(record, { fullNumbers: false });
    expect(csv).toContain('时长未知');
    expect(csv).not.toContain('未接通');
  });

  it('an out-of-range duration stored by an older version is no talk time', () => {
    const record = makeCall({ startedAt: AT, state: 'connected', sessionId: 's-1', duration: 1e12, closeBy: 'seat' });
    const row = historyRow(record, true, HISTORY_NOW);
    expect([row.markLabel, row.talk]).toEqual(['时长未知', '']);
    expect(field(record, 'duration')).toBe('时长未知');
    expect(csvRecord(record, { fullNumbers: false })).not.toContain('1000000000000');
  });

  it('timer and unknown hang-up sides are Chinese', () => {
    const timer = makeCall({ startedAt: AT, state: 'connected', sessionId: 's-1', duration: 5, closeBy: 'timer' });
    expect(historyRow(timer, true, HISTORY_NOW).sub).toContain('超时挂断');
    expect(field({ ...timer, closeBy: 'other' }, 'closeBy')).toBe('其他方式挂断');
  });
});
