/**
 * A long list drawn a window at a time (the history and the contacts): the view holds only the rows near the screen
 * and two spacers, and each update sends only what changed. The host says which window (core arithmetic) and how a
 * row looks; this keeps what the view has and writes the patch for `rows`, `before` and `after`.
 */

/** The rendered items [start, end) and the spacers above and below them, in the view's unit. */
export interface ShownWindow {
  start: number;
  end: number;
  before: number;
  after: number;
}

interface Sent extends ShownWindow {
  /** The rows last sent whole, as JSON: a forced redraw that would send the same sends nothing. '' after a path update. */
  rows: string;
}

/** Nothing in the view yet. */
const NOTHING: Sent = { start: -1, end: -1, before: -1, after: -1, rows: '' };

/** Keyed by the host instance: a behavior has no fields of its own. */
const sentByHost = new WeakMap<object, Sent>();

function sentTo(host: object): Sent {
  return sentByHost.get(host) ?? NOTHING;
}

export const listWindow = Behavior({
  lifetimes: {
    detached() {
      sentByHost.delete(this);
    },
  },
  methods: {
    /** The window the view holds ({start: -1} before the first). */
    shownWindow(): ShownWindow {
      const { start, end, before, after } = sentTo(this);
      return { start, end, before, after };
    },

    /**
     * Adds to `patch` what the view needs for `next`: all its rows when the window moved, shrank or `redraw` is
     * set (unless they are exactly what the view has), only the rows new under it when it grew, and the spacers
     * that changed. rowAt(i) is item i's row.
     */
    windowPatch(patch: Record<string, unknown>, next: ShownWindow, rowAt: (item: number) => unknown, redraw: boolean) {
      const sent = sentTo(this);
      let whole = sent.rows;
      if (redraw || next.start !== sent.start || next.end < sent.end) {
        const view: unknown[] = [];
        for (let i = next.start; i < next.end; i += 1) view.push(rowAt(i));
        whole = JSON.stringify(view);
        if (whole !== sent.rows) patch['rows'] = view;
      } else {
        for (let i = sent.end; i < next.end; i += 1) patch[`rows[${i - next.start}]`] = rowAt(i);
        if (next.end > sent.end) whole = '';
      }
      if (next.before !== sent.before) patch['before'] = next.before;
      if (next.after !== sent.after) patch['after'] = next.after;
      sentByHost.set(this, { ...next, rows: whole });
    },

    /** Adds to `patch` one item's row rewritten in place, when it is in the window. */
    windowRowPatch(patch: Record<string, unknown>, item: number, row: unknown) {
      const sent = sentTo(this);
      if (item < sent.start || item >= sent.end) return;
      patch[`rows[${item - sent.start}]`] = row;
      sentByHost.set(this, { ...sent, rows: '' });
    },
  },
});
