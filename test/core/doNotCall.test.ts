import {
  DO_NOT_CALL_MAX,
  doNotCallMessage,
  findEntry,
  matchesDoNotCallSearch,
  upgradeDoNotCall,
  withEntry,
  withoutEntry,
} from '../../miniprogram/core/doNotCall';

const ADDED = new Date('2026-11-24T09:30:00+08:00').getTime();

describe('do-not-call list', () => {
  it('the refusal names the reason and the day, never the number', () => {
    const message = doNotCallMessage({ phone: '13800138000', reason: '勿扰', addedAt: ADDED });
    expect(message).toBe('该号码已在勿扰名单（原因：勿扰，11-24 加入）');
    expect(message).not.toContain('1380013');
    expect(doNotCallMessage({ phone: '13800138000', reason: '', addedAt: ADDED })).toContain('原因：未注明');
  });

  it('adding a number again refreshes its reason and date instead of doubling it', () => {
    const once = withEntry([], { phone: '13800138000', reason: '勿扰', addedAt: 1 });
    const twice = withEntry(once, { phone: '13800138000', reason: '空号', addedAt: 2 });
    expect(twice).toEqual([{ phone: '13800138000', reason: '空号', addedAt: 2 }]);
    expect(findEntry(twice, '13800138000')?.reason).toBe('空号');
    expect(withoutEntry(twice, '13800138000')).toEqual([]);
  });

  it('keeps a long reason short, and drops the oldest numbers beyond the cap', () => {
    expect(withEntry([], { phone: '1', reason: '原'.repeat(50), addedAt: 1 })[0]?.reason).toHaveLength(20);
    const full = Array.from({ length: DO_NOT_CALL_MAX }, (_, i) => ({ phone: `p${i}`, reason: '', addedAt: i }));
    const next = withEntry(full, { phone: 'new', reason: '', addedAt: 0 });
    expect(next).toHaveLength(DO_NOT_CALL_MAX);
    expect(next[0]?.phone).toBe('p1');
    expect(next[next.length - 1]?.phone).toBe('new');
  });

  it('reads stored lists of any shape without throwing', () => {
    expect(upgradeDoNotCall(undefined)).toEqual({ v: 1, entries: [] });
    expect(upgradeDoNotCall({ entries: [{ phone: '13800138000', addedAt: 1 }, { phone: '' }, 7] }).entries).toEqual([
      { phone: '13800138000', reason: '', addedAt: 1 },
    ]);
  });
});

describe('do-not-call list search', () => {
  const entry = { phone: '13800138000', reason: '客户投诉', addedAt: ADDED };

  it.each([
    ['', true],
    ['张三', true],
    ['投诉', true],
    ['138', true],
    ['8000', true],
    ['0013', false],
    ['13800138000', true],
    ['138 0013 8000', true],
    ['李四', false],
  ])('masked: %p matches %p', (query, matches) => {
    expect(matchesDoNotCallSearch(entry, '张三', query, true)).toBe(matches);
  });

  it('unmasked, any run of digits matches; a number without a contact matches on digits alone', () => {
    expect(matchesDoNotCallSearch(entry, '', '0013', false)).toBe(true);
    expect(matchesDoNotCallSearch(entry, '', '0014', false)).toBe(false);
    expect(matchesDoNotCallSearch(entry, '', '张', false)).toBe(false);
  });
});
