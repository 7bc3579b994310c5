/** The phone's copy of the team do-not-call list: changes applied in order, the cap, expiry, stored form. */

import {
  applyTeamDncChanges,
  decodeTeamDnc,
  emptyTeamDnc,
  encodeTeamDnc,
  isTeamEntryActive,
  readTeamDncChanges,
  TEAM_DNC_MAX,
} from '../../miniprogram/core/teamDnc';

const URL = 'https://team.example.com';
const entry = (phone: string, reason = '勿扰', expiresAt: number | null = null) => ({
  phone,
  reason,
  expiresAt,
  addedAt: 1,
});
const changes = (over: Partial<Parameters<typeof applyTeamDncChanges>[1]>) => ({
  entries: [],
  removed: [],
  seq: 1,
  more: false,
  reset: false,
  ...over,
});

describe('team do-not-call copy', () => {
  it('adds, replaces and removes by number, and moves the seq on', () => {
    let copy = applyTeamDncChanges(
      emptyTeamDnc(URL),
      changes({ entries: [entry('13800138000'), entry('13900139000')], seq: 5 }),
    );
    copy = applyTeamDncChanges(
      copy,
      changes({ entries: [entry('13800138000', '投诉')], removed: ['13900139000'], seq: 9 }),
    );
    expect(copy).toEqual({ v: 1, serverUrl: URL, seq: 9, entries: [entry('13800138000', '投诉')], dropped: 0 });
  });

  it('starts over on reset, and keeps the newest entries past the cap, counting what it left out', () => {
    const full = applyTeamDncChanges(
      emptyTeamDnc(URL),
      changes({ entries: Array.from({ length: TEAM_DNC_MAX + 3 }, (_, i) => entry(`1380000${i}`)), seq: 2 }),
    );
    expect(full.entries).toHaveLength(TEAM_DNC_MAX);
    expect(full.dropped).toBe(3);
    expect(full.entries[0]?.phone).toBe('13800003');
    expect(applyTeamDncChanges(full, changes({ reset: true, seq: 0 }))).toEqual(emptyTeamDnc(URL));
  });

  it('an expired entry stops blocking', () => {
    expect(isTeamEntryActive(entry('1', 'x', 1000), 999)).toBe(true);
    expect(isTeamEntryActive(entry('1', 'x', 1000), 1000)).toBe(false);
    expect(isTeamEntryActive(entry('1'), Number.MAX_SAFE_INTEGER)).toBe(true);
  });

  it('round-trips through its compact stored form; anything unreadable is no copy', () => {
    const copy = applyTeamDncChanges(
      emptyTeamDnc(URL),
      changes({ entries: [entry('13800138000', '投诉', 5000), entry('01012345678')], seq: 3 }),
    );
    expect(decodeTeamDnc(JSON.parse(JSON.stringify(encodeTeamDnc(copy))))).toEqual(copy);
    expect(decodeTeamDnc(null)).toBeNull();
    expect(decodeTeamDnc({ v: 2, serverUrl: URL, seq: 1, e: [] })).toBeNull();
    expect(decodeTeamDnc({ v: 1, serverUrl: URL, seq: 1, e: [['', 'x', 0, 1], 'junk', ['138', 'x', 0, 1]] })).toEqual({
      ...emptyTeamDnc(URL),
      seq: 1,
      entries: [entry('138', 'x')],
    });
  });

  it('applies nothing from a garbled answer', () => {
    expect(readTeamDncChanges({ entries: [{ phone: '' }], removed: [], seq: 1 })).toBeNull();
    expect(readTeamDncChanges({ entries: [], seq: 1 })).toBeNull();
    expect(readTeamDncChanges('x')).toBeNull();
    expect(
      readTeamDncChanges({
        entries: [{ phone: '13800138000', reason: 'r', expiresAt: null, addedAt: 3 }],
        removed: ['1'],
        seq: 4,
        more: true,
      }),
    ).toEqual({
      entries: [{ phone: '13800138000', reason: 'r', expiresAt: null, addedAt: 3 }],
      removed: ['1'],
      seq: 4,
      more: true,
      reset: false,
    });
  });
});
