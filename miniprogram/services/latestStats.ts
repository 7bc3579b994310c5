/**
 * Stats for the filter in force: a newer run cancels the one under way, and only long runs report progress: none in
 * the turn the run starts, so a run over stored per-day totals (done in that turn) costs the view one update, not ten.
 */

import { CallFilter } from '../core/callFilter';
import { computeStats, StatsResult } from './callQuery';

/** Runs over fewer shards than this finish before progress would be seen: none is reported. */
const PROGRESS_MIN_SHARDS = 8;

export interface StatsRunHandlers {
  /** Percent done, a tenth of the way at a time. */
  onProgress(percent: number): void;
  onDone(result: StatsResult): void;
  onFailed(): void;
}

/** One per view: start() supersedes the run under way, stop() ends it (the view is gone). */
export class LatestStatsRun {
  private run = 0;

  start(filter: CallFilter, now: number, handlers: StatsRunHandlers): void {
    this.run += 1;
    const run = this.run;
    const current = () => run === this.run;
    let shown = -1;
    let firstTurn = true;
    setTimeout(() => {
      firstTurn = false;
    }, 0);
    computeStats(filter, now, {
      isCancelled: () => !current(),
      onProgress: (done, total) => {
        const percent = Math.floor((done / total) * 10) * 10;
        if (firstTurn || total < PROGRESS_MIN_SHARDS || percent === shown) return;
        shown = percent;
        handlers.onProgress(percent);
      },
    })
      .then((result) => {
        if (result !== undefined && current()) handlers.onDone(result);
      })
      .catch(() => {
        if (current()) handlers.onFailed();
      });
  }

  stop(): void {
    this.run += 1;
  }
}
