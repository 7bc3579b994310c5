import { describeStorageUsage, isStorageNearlyFull, nearlyFullMessage } from '../../miniprogram/core/storageUsage';

describe('describeStorageUsage', () => {
  it.each([
    [12, 10240, { text: '12 KB / 10 MB（0%）', percent: 0, warn: false }],
    [1536, 10240, { text: '1.5 MB / 10 MB（15%）', percent: 15, warn: false }],
    [6000, 10240, { text: '5.9 MB / 10 MB（59%）', percent: 59, warn: true }],
    [0, 0, { text: '0 KB / 0 KB（0%）', percent: 0, warn: false }],
  ])('%d KB of %d KB', (current, limit, view) => {
    expect(describeStorageUsage(current, limit)).toEqual(view);
  });
});

describe('storage nearly full before a call', () => {
  it('warns above 80 % of the quota only', () => {
    expect(isStorageNearlyFull(8192, 10240)).toBe(false);
    expect(isStorageNearlyFull(8193, 10240)).toBe(true);
    expect(isStorageNearlyFull(10, 0)).toBe(false);
  });

  it('says how full it is and what happens when it is full', () => {
    expect(nearlyFullMessage(8704, 10240)).toBe('本机存储已用 8.5 MB / 10 MB（85%），存满后新的通话将无法记录。');
  });
});
