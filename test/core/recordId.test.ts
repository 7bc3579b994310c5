import { createdAtOfContactId, newCallId, newContactId, startedAtOfId } from '../../miniprogram/core/recordId';

describe('record ids', () => {
  it('ids encode their start time', () => {
    const now = new Date('2026-11-24T10:00:00+08:00').getTime();
    const id = newCallId(now, () => 0.5);
    expect(id).toHaveLength(10);
    expect(startedAtOfId(id)).toBe(now);
    expect(startedAtOfId('not-an-id')).toBeNaN();
  });
});

describe('contact ids', () => {
  it('encode their creation time and stay unique within one millisecond', () => {
    const now = new Date('2026-11-24T10:00:00+08:00').getTime();
    const ids = [newContactId(now), newContactId(now), newContactId(now + 1)];
    expect(new Set(ids).size).toBe(3);
    expect(ids.map(createdAtOfContactId)).toEqual([now, now, now + 1]);
    expect(createdAtOfContactId('imported-7')).toBe(0);
  });
});
