/** The benchmark's run settings: sizes, runs, where results go; --quick skips the largest log. */

import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const QUICK = process.argv.includes('--quick');
export const SIZES = QUICK ? [1_000, 10_000] : [1_000, 10_000, 50_000];
export const RUNS = QUICK ? 5 : 21;
export const CONTACT_SIZES = [1_000, 10_000];
export const BENCH_OUT = path.join(ROOT, '.tmp', 'bench');
