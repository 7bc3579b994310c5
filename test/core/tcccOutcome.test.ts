/** TCCC's true outcome: labels, when the phone and the CDR disagree, the outcome code to preselect, the row's words. */

import {
  endStatusLabel,
  outcomesDisagree,
  readServerStatuses,
  suggestedOutcomeCode,
  TcccOutcome,
  tcccOutcomeView,
} from '../../miniprogram/core/tcccOutcome';
import { tcccRowText } from '../../miniprogram/core/historyRow';
import { DEFAULT_OUTCOME_CODES } from '../../miniprogram/core/agentSettings';

const NOW = Date.parse('2026-12-01T10:00:00+08:00');
const outcome = (endStatus: string | null, hasRecording = false): TcccOutcome => ({
  endStatus,
  duration: 0,
  hasRecording,
  at: NOW,
});
const talked = { state: 'connected' as const, sessionId: 's1', duration: 42, startedAt: NOW - 60_000 };
const silent = { state: 'placed-not-connected' as const, sessionId: 's1', duration: 0, startedAt: NOW - 60_000 };
const unknownTalk = { state: 'placed-not-connected' as const, sessionId: 's1', duration: null, startedAt: NOW };

describe('TCCC outcome', () => {
  it('says TCCC’s end statuses in Chinese; an unknown one is 其他, a missing one 未知', () => {
    expect(
      ['ok', 'notAnswer', 'busy', 'numberNotExist', 'userReject', 'powerOff', 'outOfCredit'].map(endStatusLabel),
    ).toEqual(['已接听', '无人接听', '忙线', '空号', '拒接', '关机', '欠费停机']);
    expect(endStatusLabel('brandNewStatus')).toBe('其他');
    expect(endStatusLabel(null)).toBe('未知');
  });

  it('marks a disagreement only when both sides know: talk time vs busy, or silence vs answered', () => {
    expect(outcomesDisagree(talked, outcome('busy'))).toBe(true);
    expect(outcomesDisagree(silent, outcome('ok'))).toBe(true);
    expect(outcomesDisagree(talked, outcome('ok'))).toBe(false);
    expect(outcomesDisagree(silent, outcome('notAnswer'))).toBe(false);
    // Unknown talk time, or a status TCCC does not explain: no mark on a guess.
    expect(outcomesDisagree(unknownTalk, outcome('ok'))).toBe(false);
    expect(outcomesDisagree(talked, outcome('brandNewStatus'))).toBe(false);
    expect(outcomesDisagree(talked, outcome(null))).toBe(false);
  });

  it('preselects the code TCCC’s status stands for, only when the agent has that code, never for ok', () => {
    expect(suggestedOutcomeCode('busy', DEFAULT_OUTCOME_CODES)).toBe('忙线');
    expect(suggestedOutcomeCode('numberNotExist', DEFAULT_OUTCOME_CODES)).toBe('空号');
    expect(suggestedOutcomeCode('notAnswer', DEFAULT_OUTCOME_CODES)).toBe('未接通');
    expect(suggestedOutcomeCode('ok', DEFAULT_OUTCOME_CODES)).toBe('');
    expect(suggestedOutcomeCode('busy', ['有意向', '无意向'])).toBe('');
    expect(suggestedOutcomeCode(null, DEFAULT_OUTCOME_CODES)).toBe('');
  });

  it('the row says TCCC’s outcome when known, that it is on its way only with a server, else nothing', () => {
    expect(tcccRowText(tcccOutcomeView(silent, outcome('busy'), 0, NOW))).toBe('TCCC 忙线');
    expect(tcccRowText(tcccOutcomeView(silent, undefined, 0, NOW))).toBe('TCCC 结果同步中');
    expect(tcccRowText(tcccOutcomeView(silent, undefined, null, NOW))).toBe('');
    // A call never placed has no CDR to wait for; a day later it is simply not known.
    const notPlaced = { ...silent, state: 'not-placed' as const, sessionId: '' };
    expect(tcccRowText(tcccOutcomeView(notPlaced, undefined, 0, NOW))).toBe('');
    // A call from before the phone was bound never reaches the server: nothing is on its way for it.
    expect(tcccRowText(tcccOutcomeView(silent, undefined, silent.startedAt + 1, NOW))).toBe('');
    expect(tcccRowText(tcccOutcomeView(silent, undefined, silent.startedAt, NOW))).toBe('TCCC 结果同步中');
    expect(tcccRowText(tcccOutcomeView(silent, undefined, 0, NOW + 2 * 86_400_000))).toBe('');
    expect(tcccOutcomeView(talked, outcome('ok', true), 0, NOW)).toEqual({
      label: '已接听',
      pending: false,
      disagree: false,
      hasRecording: true,
    });
  });

  it('reads the server’s call statuses leniently, skipping what is not one', () => {
    expect(
      readServerStatuses({
        calls: [
          { id: 'a', revision: 1, tccc: { endStatus: 'busy', duration: 0, hasRecording: false, sessionId: 's' } },
          { id: 'b', tccc: null },
          { id: 3, tccc: null },
          'junk',
          { id: 'c', tccc: 'busy' },
        ],
      }),
    ).toEqual([
      { id: 'a', tccc: { endStatus: 'busy', duration: 0, hasRecording: false } },
      { id: 'b', tccc: null },
    ]);
    expect(readServerStatuses('nope')).toEqual([]);
    expect(readServerStatuses(null)).toEqual([]);
  });
});
