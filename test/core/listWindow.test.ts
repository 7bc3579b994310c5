import { pageAtOffset, WindowPage, windowChange } from '../../miniprogram/core/listWindow';

function pages(shown: boolean[]): WindowPage[] {
  return shown.map((s) => ({ count: 40, shown: s }));
}

describe('list window', () => {
  it('finds the page under the scroll offset', () => {
    expect(pageAtOffset(0, 300, 1000, 5)).toBe(0);
    expect(pageAtOffset(1299, 300, 1000, 5)).toBe(0);
    expect(pageAtOffset(1300, 300, 1000, 5)).toBe(1);
    expect(pageAtOffset(99_999, 300, 1000, 5)).toBe(4);
    expect(pageAtOffset(500, 0, 1000, 0)).toBe(0);
  });

  it('folds the pages farthest from the screen once more than the window are shown', () => {
    expect(windowChange(pages([true, true, true, true]), 3, 4)).toEqual({ show: [], fold: [] });
    expect(windowChange(pages([true, true, true, true, true]), 4, 4)).toEqual({ show: [], fold: [0] });
    expect(windowChange(pages([false, true, true, true, true, true, true]), 6, 4)).toEqual({ show: [], fold: [1, 2] });
  });

  it('unfolds folded pages near the screen when scrolling back, folding far ones below', () => {
    const state = pages([false, false, false, true, true, true, true]);
    expect(windowChange(state, 2, 4)).toEqual({ show: [1, 2], fold: [6, 5] });
    // The focus page and its neighbours stay even if that is more than the window.
    expect(windowChange(pages([true, true, true]), 1, 1)).toEqual({ show: [], fold: [] });
  });
});
