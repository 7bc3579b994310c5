/** Which pages of a long list keep their rows in the view: the ones near the screen; the rest become spacers. No wx. */

export interface WindowPage {
  /** Rows in the page (its spacer keeps the same height when it is folded). */
  count: number;
  shown: boolean;
}

/** The page under a scroll offset, given the list's top and the fixed height of a full page. */
export function pageAtOffset(scrollTop: number, listTop: number, pageHeight: number, pageCount: number): number {
  if (pageCount === 0 || pageHeight <= 0) return 0;
  const index = Math.floor(Math.max(0, scrollTop - listTop) / pageHeight);
  return Math.min(pageCount - 1, index);
}

export interface WindowChange {
  show: number[];
  fold: number[];
}

/**
 * Pages to unfold (folded ones within `radius` of the focus page) and to fold (the shown ones farthest from
 * it) so at most `maxShown` pages keep their rows. The focus page and its neighbours are never folded.
 */
export function windowChange(pages: WindowPage[], focus: number, maxShown: number, radius = 1): WindowChange {
  const near = (i: number) => Math.abs(i - focus) <= radius;
  const show = pages.map((p, i) => (!p.shown && near(i) ? i : -1)).filter((i) => i >= 0);
  const shown = pages.map((p, i) => (p.shown || show.includes(i) ? i : -1)).filter((i) => i >= 0);
  const fold = shown
    .filter((i) => !near(i))
    .sort((a, b) => Math.abs(b - focus) - Math.abs(a - focus) || a - b)
    .slice(0, Math.max(0, shown.length - maxShown));
  return { show, fold };
}
