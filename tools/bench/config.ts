/** The benchmark's run settings: sizes, runs, where results go; --quick skips the largest log. */

import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const QUICK = process.argv.includes('--quick');
export const SIZES = QUICK ? [1_000, 10_000] : [1_000, 10_000, 50_000];
const RUNS_ARG = process.argv.find((a) => a.startsWith('--runs='));
/** Runs per median; --runs=N overrides it (an odd number keeps the median one run). */
export const RUNS =
  RUNS_ARG === undefined ? (QUICK ? 5 : 21) : Math.max(1, Number(RUNS_ARG.slice('--runs='.length)) || 21);
export const CONTACT_SIZES = [1_000, 10_000];
export const BENCH_OUT = path.join(ROOT, '.tmp', 'bench');

/**
 * --rows="<words>[|<words>…]": time only the rows whose section and measure hold every word of one alternative
 * (case-insensitive), e.g. --rows="1,000 calls first screen|1,000 calls append"; such a run prints its rows and
 * writes no docs.
 */
const ROWS_ARG = process.argv.find((a) => a.startsWith('--rows='));
export const ROW_FILTER: string[][] | undefined = ROWS_ARG?.slice('--rows='.length)
  .split('|')
  .map((alternative) =>
    alternative
      .toLowerCase()
      .split(/\s+/)
      .filter((w) => w !== ''),
  )
  .filter((words) => words.length > 0);

/**
 * Whether a row is measured in this run (always without --rows). The call log times each wanted row alone; the
 * other sections ask with their name only and are timed whole when an alternative's words are all in it.
 */
export function wanted(section: string, measure = ''): boolean {
  if (ROW_FILTER === undefined) return true;
  const text = `${section} ${measure}`.toLowerCase();
  return ROW_FILTER.some((words) => words.every((w) => text.includes(w)));
}
