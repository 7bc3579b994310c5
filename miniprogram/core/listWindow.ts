/** Which rows of a long list of fixed-height rows are rendered: a window near the screen, spacers for the rest. No wx. */

export interface WindowShape {
  /** Rows rendered above the first visible one, at least. */
  before: number;
  /** Rows rendered in all: a few screens, never the whole list. */
  size: number;
  /** The window starts on a multiple of this, so scrolling moves it once per `step` rows, not on every frame. */
  step: number;
}

export interface RowWindow {
  /** First rendered row, and one past the last. */
  start: number;
  end: number;
}

/** The row under an offset into the list (px): rows have one fixed height, so this is arithmetic. */
export function rowAtOffset(offset: number, rowHeight: number, count: number): number {
  if (count === 0 || !(rowHeight > 0)) return 0;
  return Math.min(count - 1, Math.floor(Math.max(0, offset) / rowHeight));
}

/**
 * The rows to render when the top of the screen is `offset` px into the list. The start is a multiple of
 * `shape.step` at least `shape.before` rows above the first visible row, so any scroll within one step gives the
 * same window.
 */
export function rowWindow(offset: number, rowHeight: number, count: number, shape: WindowShape): RowWindow {
  const first = rowAtOffset(offset, rowHeight, count);
  const start = Math.max(0, Math.floor((first - shape.before) / shape.step) * shape.step);
  return { start, end: Math.min(count, start + shape.size) };
}
