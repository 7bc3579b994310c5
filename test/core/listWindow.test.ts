import { rowAtOffset, rowWindow, WindowShape } from '../../miniprogram/core/listWindow';

const SHAPE: WindowShape = { before: 5, size: 30, step: 10 };
const ROW = 68;

describe('row window', () => {
  it('finds the row under an offset, clamped to the list', () => {
    expect(rowAtOffset(0, ROW, 100)).toBe(0);
    expect(rowAtOffset(67.9, ROW, 100)).toBe(0);
    expect(rowAtOffset(68, ROW, 100)).toBe(1);
    expect(rowAtOffset(-500, ROW, 100)).toBe(0);
    expect(rowAtOffset(1_000_000, ROW, 100)).toBe(99);
    expect(rowAtOffset(500, ROW, 0)).toBe(0);
    expect(rowAtOffset(500, 0, 10)).toBe(0);
  });

  it('starts on a step boundary at least `before` rows above the screen, and renders `size` rows', () => {
    expect(rowWindow(0, ROW, 1_000, SHAPE)).toEqual({ start: 0, end: 30 });
    // Rows 0-14 on top: still the first window.
    expect(rowWindow(14 * ROW, ROW, 1_000, SHAPE)).toEqual({ start: 0, end: 30 });
    expect(rowWindow(15 * ROW, ROW, 1_000, SHAPE)).toEqual({ start: 10, end: 40 });
    expect(rowWindow(24 * ROW + 67, ROW, 1_000, SHAPE)).toEqual({ start: 10, end: 40 });
    expect(rowWindow(500 * ROW, ROW, 1_000, SHAPE)).toEqual({ start: 490, end: 520 });
  });

  it('covers the screen with a margin wherever it is: 5 rows above and 16 below at least', () => {
    for (let first = 0; first < 1_000; first += 1) {
      const { start, end } = rowWindow(first * ROW + 30, ROW, 1_000, SHAPE);
      expect(start).toBeLessThanOrEqual(Math.max(0, first - SHAPE.before));
      expect(end).toBeGreaterThanOrEqual(Math.min(1_000, first + 16));
      expect(end - start).toBe(Math.min(SHAPE.size, 1_000 - start));
    }
  });

  it('sends nothing new for scrolls within one step: the same window for every offset in it', () => {
    const windows = new Set<string>();
    for (let px = 15 * ROW; px < 25 * ROW; px += 7) windows.add(JSON.stringify(rowWindow(px, ROW, 1_000, SHAPE)));
    expect([...windows]).toEqual([JSON.stringify({ start: 10, end: 40 })]);
  });

  it('ends with the list: short lists, offsets past the end, and an empty list', () => {
    expect(rowWindow(0, ROW, 8, SHAPE)).toEqual({ start: 0, end: 8 });
    // Past the end (the list was reloaded shorter while the page was scrolled deep): the last rows.
    expect(rowWindow(10_000 * ROW, ROW, 30, SHAPE)).toEqual({ start: 20, end: 30 });
    expect(rowWindow(10_000, ROW, 0, SHAPE)).toEqual({ start: 0, end: 0 });
  });
});
