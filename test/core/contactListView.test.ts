import {
  jumpAtOffset,
  stripMarks,
  buildLayout,
  callbackView,
  HEADER_HEIGHT,
  itemAt,
  itemEntry,
  itemsIn,
  itemTop,
  type ListLayout,
  lastCallText,
  noMatchView,
  ROW_HEIGHT,
  WINDOW_SIZE,
  windowAt,
} from '../../miniprogram/core/contactListView';

const NOW = new Date('2026-11-24T10:00:00+08:00').getTime();

/** The layout as a flat list of every item, one entry per contact: what the per-group arithmetic must agree with. */
function flatLayout(groups: readonly { letter: string; start: number; count: number }[]) {
  const tops: number[] = [];
  const items: number[] = [];
  let top = 0;
  groups.forEach((group, g) => {
    tops.push(top);
    items.push(-(g + 1));
    top += HEADER_HEIGHT;
    for (let i = 0; i < group.count; i += 1) {
      tops.push(top);
      items.push(group.start + i);
      top += ROW_HEIGHT;
    }
  });
  return { tops, items, total: top };
}

const allEntries = (layout: ListLayout) => itemsIn(layout, 0, layout.count);

describe('buildLayout', () => {
  it('puts each group header before its rows, with fixed heights', () => {
    const layout = buildLayout([
      { letter: 'A', start: 0, count: 2 },
      { letter: 'B', start: 2, count: 1 },
    ]);
    expect(allEntries(layout)).toEqual([-1, 0, 1, -2, 2]);
    expect([0, 1, 2, 3, 4, 5].map((item) => itemTop(layout, item))).toEqual([0, 32, 96, 160, 192, 256]);
    expect(layout.total).toBe(2 * HEADER_HEIGHT + 3 * ROW_HEIGHT);
    expect(layout.jumps).toEqual([
      { letter: 'A', top: 0, item: 0 },
      { letter: 'B', top: 160, item: 3 },
    ]);
  });

  it('keeps one entry per group, not per contact', () => {
    const layout = buildLayout([
      { letter: 'A', start: 0, count: 6_000 },
      { letter: 'B', start: 6_000, count: 4_000 },
    ]);
    expect(layout.jumps).toHaveLength(2);
    expect(layout.starts).toEqual([0, 6_000]);
    expect(layout.count).toBe(10_002);
    expect(itemEntry(layout, 10_001)).toBe(9_999);
  });

  it('agrees with the flat list item by item and pixel by pixel, empty groups included', () => {
    // A fixed pseudo-random walk (no Math.random): the same cases every run.
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    for (let round = 0; round < 200; round += 1) {
      const groups: { letter: string; start: number; count: number }[] = [];
      let start = 0;
      for (let g = 0, n = next(6); g < n; g += 1) {
        const count = next(4) === 0 ? 0 : next(30);
        groups.push({ letter: String.fromCharCode(65 + g), start, count });
        start += count;
      }
      const layout = buildLayout(groups);
      const flat = flatLayout(groups);
      expect(allEntries(layout)).toEqual(flat.items);
      expect(layout.count).toBe(flat.items.length);
      expect(layout.total).toBe(flat.total);
      expect(flat.items.map((_, item) => itemTop(layout, item))).toEqual(flat.tops);
      for (const scrollTop of [
        -5,
        0,
        31,
        32,
        95,
        96,
        flat.total - 1,
        flat.total,
        flat.total + 500,
        next(flat.total + 1),
      ]) {
        // The flat list's answer: the last item whose top is at or above the scroll position.
        let expected = 0;
        flat.tops.forEach((top, item) => {
          if (top <= scrollTop) expected = item;
        });
        expect(itemAt(layout, scrollTop)).toBe(expected);
      }
    }
  });
});

describe('windowAt', () => {
  const layout = buildLayout([{ letter: 'Z', start: 0, count: 10_000 }]);

  it('renders at most a window of items, with spacers that keep the full height', () => {
    for (const scrollTop of [0, 5_000, 320_000, layout.total]) {
      const window = windowAt(layout, scrollTop);
      expect(window.end - window.start).toBeLessThanOrEqual(WINDOW_SIZE);
      const rendered = itemTop(layout, window.end) - itemTop(layout, window.start);
      expect(window.before + rendered + window.after).toBe(layout.total);
      expect(itemAt(layout, scrollTop)).toBeGreaterThanOrEqual(window.start);
      expect(itemAt(layout, scrollTop)).toBeLessThan(window.end);
    }
  });

  it('keeps the same window for small scrolls', () => {
    expect(windowAt(layout, 10)).toEqual(windowAt(layout, 300));
    expect(windowAt(layout, 10).start).not.toBe(windowAt(layout, 10 * ROW_HEIGHT * 3).start);
  });

  it('is empty for an empty list', () => {
    expect(windowAt(buildLayout([]), 0)).toEqual({ start: 0, end: 0, before: 0, after: 0 });
  });
});

describe('row texts', () => {
  it('shows the outcome, else the call state, with the date', () => {
    expect(lastCallText({ at: NOW - 60_000, state: 'connected', outcome: '有意向' }, NOW)).toBe('有意向 · 09:59');
    expect(lastCallText({ at: NOW - 86_400_000, state: 'placed-not-connected', outcome: '' }, NOW)).toBe(
      '未接通 · 昨天 10:00',
    );
    expect(lastCallText(undefined, NOW)).toBe('');
  });

  it('a last call of unknown duration reads 时长未知, and one never placed 未呼出', () => {
    expect(lastCallText({ at: NOW - 60_000, state: 'duration-unknown', outcome: '' }, NOW)).toBe('时长未知 · 09:59');
    expect(lastCallText({ at: NOW - 60_000, state: 'not-placed', outcome: '' }, NOW)).toBe('未呼出 · 09:59');
  });

  it('shows a callback by name, else by masked number, with its day and whether it is overdue', () => {
    const base = { id: 'b', callId: '', contactId: '', createdAt: 0, done: false, remindedAt: 0 };
    expect(callbackView({ ...base, name: '', phone: '13800138000', dueAt: NOW - 60_000 }, true, NOW)).toEqual({
      id: 'b',
      title: '138****8000',
      when: '今天 09:59',
      status: 'overdue',
    });
    expect(callbackView({ ...base, name: '张三', phone: '1', dueAt: NOW + 1 }, true, NOW).status).toBe('today');
    const tomorrow = callbackView({ ...base, name: '张三', phone: '1', dueAt: NOW + 86_400_000 }, true, NOW);
    expect(tomorrow).toMatchObject({ when: '明天 10:00', status: 'later' });
  });
});

describe('the letter strip', () => {
  const letters = 'ABCDEFGHJKLMNOPQRSTWXYZ#'.split('');

  it('shows every letter when they fit, or when the height is not known yet', () => {
    expect(stripMarks(letters, 24).map((m) => m.letter)).toEqual(letters);
    expect(stripMarks(letters, 0)).toHaveLength(24);
  });

  it('picks letters evenly when fewer fit, always keeping the first and the last', () => {
    const marks = stripMarks(letters, 13);
    expect(marks).toHaveLength(13);
    expect(marks[0]).toEqual({ letter: 'A', index: 0 });
    expect(marks[12]).toEqual({ letter: '#', index: 23 });
    expect(marks.map((m) => m.index)).toEqual([...marks.map((m) => m.index)].sort((a, b) => a - b));
    // No two picks further apart than two letters: every part of the list is near a mark.
    marks.slice(1).forEach((m, i) => expect(m.index - (marks[i] as { index: number }).index).toBeLessThanOrEqual(2));
    expect(stripMarks(letters, 1)).toEqual([{ letter: 'A', index: 0 }]);
  });

  it('maps a thumb anywhere on a shortened strip to every letter in turn', () => {
    // 13 marks of 20 px over 24 jumps: sliding the 260 px strip passes every jump, in order.
    const reached = new Set<number>();
    let last = -1;
    for (let offset = -10; offset <= 270; offset += 1) {
      const at = jumpAtOffset(offset, 13, 20, 24);
      expect(at).toBeGreaterThanOrEqual(last);
      last = at;
      reached.add(at);
    }
    expect(reached.size).toBe(24);
    // With every letter shown it is the letter under the thumb.
    expect(jumpAtOffset(45, 24, 20, 24)).toBe(2);
    expect(jumpAtOffset(5, 0, 20, 0)).toBe(0);
  });
});

describe('noMatchView', () => {
  it('offers a whole number in dial form with its extension, shown as typed in full', () => {
    expect(noMatchView('+86 138-0013-8000')).toEqual({
      title: '没有找到号码为 138 0013 8000 的联系人',
      hint: '',
      dial: '13800138000',
      extension: '',
    });
    expect(noMatchView('0755-3656-4058 分机 12')).toMatchObject({ dial: '075536564058', extension: '12' });
  });

  it('asks for the rest of a partial number (full-width digits too), and says what words search', () => {
    for (const partial of ['1380013', '（010）1234', '１３８']) {
      expect(noMatchView(partial)).toMatchObject({ dial: '', hint: '输入完整号码，即可直接拨打或新建联系人' });
    }
    for (const words of ['张飞', 'zsf', '138 张']) {
      expect(noMatchView(words)).toMatchObject({ dial: '', title: '没有找到匹配的联系人' });
      expect(noMatchView(words).hint).toContain('拼音首字母');
    }
  });
});
