/** Medians of timed runs, with a garbage collection before each so one run's garbage is not the next one's. */

import { RUNS } from './config';

export function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Median wall time in ms of fn over RUNS runs; setup runs before each and is not timed. */
export function medianMs(fn: () => void, setup: () => void = () => {}): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    setup();
    gc();
    const started = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}
