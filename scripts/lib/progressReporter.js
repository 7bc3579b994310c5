// @ts-check
/** Plain-text progress bars for miniprogram-ci's onProgressUpdate: whole lines, few of them, readable in CI logs. */

const BAR_WIDTH = 24;
const MESSAGE_WIDTH = 72;

/**
 * @typedef {{ id: string, message: string, status: string }} TaskStatus miniprogram-ci's ITaskStatus
 * @typedef {{
 *   title: string,
 *   write?: (text: string) => void,
 *   now?: () => number,
 *   intervalMs?: number,
 * }} ProgressOptions
 */

/** @param {string} text */
function shorten(text) {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > MESSAGE_WIDTH ? `${oneLine.slice(0, MESSAGE_WIDTH - 1)}…` : oneLine;
}

/** @param {number} done @param {number} started */
function bar(done, started) {
  const ratio = started === 0 ? 0 : done / started;
  const filled = Math.round(ratio * BAR_WIDTH);
  const percent = `${Math.floor(ratio * 100)}%`.padStart(4);
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${percent} ${done}/${started} tasks`;
}

/**
 * miniprogram-ci announces each task twice (doing, then done), and does not say how many will come: the bar shows
 * tasks finished of tasks begun. A line is printed when a new phase begins (a task that is not one file), at most
 * once per `intervalMs` otherwise, for every warning or failure, and once more at `finish()`.
 * @param {ProgressOptions} options
 */
function createProgressReporter(options) {
  const write = options.write || ((text) => process.stdout.write(text));
  const now = options.now || Date.now;
  const intervalMs = options.intervalMs === undefined ? 1000 : options.intervalMs;
  /** @type {Map<string, {label: string, finished: boolean}>} */
  const tasks = new Map();
  let done = 0;
  let lastPrintedAt = -Infinity;
  let lastPrinted = '';

  /** @param {string} label */
  const print = (label) => {
    const line = `  ${options.title} ${bar(done, tasks.size)}  ${shorten(label)}`.trimEnd();
    lastPrintedAt = now();
    lastPrinted = `${done}/${tasks.size}`;
    write(`${line}\n`);
  };

  /** @param {TaskStatus | string} task */
  const update = (task) => {
    if (typeof task === 'string') {
      write(`  ${options.title} ${shorten(task)}\n`);
      return;
    }
    const known = tasks.get(task.id);
    const label = (known && known.label) || task.message || '';
    if (task.status === 'warn') write(`  ${options.title} warning: ${shorten(task.message)}\n`);
    if (task.status === 'fail') write(`  ${options.title} failed: ${shorten(task.message)}\n`);
    const isNew = !known;
    const finishes = (task.status === 'done' || task.status === 'fail') && !(known && known.finished);
    tasks.set(task.id, { label, finished: Boolean((known && known.finished) || finishes) });
    if (finishes) done += 1;
    const isPhase = isNew && task.status === 'doing' && label !== '' && !label.startsWith('Compiling ');
    if (isPhase || now() - lastPrintedAt >= intervalMs) print(label);
  };

  /** Prints the final state, unless the last line already showed it. @param {string} [label] */
  const finish = (label = 'done') => {
    if (lastPrinted !== `${done}/${tasks.size}`) print(label);
  };

  return { update, finish };
}

module.exports = { createProgressReporter };
