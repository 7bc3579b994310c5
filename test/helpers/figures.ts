/** Figures some tests measure (bytes, nodes, timings): printed only with TEST_FIGURES=1, so `npm test` stays quiet. */

export function printFigures(text: string): void {
  // Straight to stdout: jest's console adds a stack location to every line.
  if (process.env['TEST_FIGURES'] === '1') process.stdout.write(`${text}\n`);
}
