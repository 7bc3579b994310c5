/**
 * The slow-phone section of `npm run bench` (`npm run bench -- --slow-phone-only` runs it alone): the real app in
 * the simulator, in Debian's Chromium, its CPU slowed 1× and 4× through the DevTools protocol; each step timed in
 * the page from the input event to the first frame showing its result, its long tasks, and one profiled run.
 */

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CDPSession } from 'playwright-core';
import { launchChromium, SimulatorPage } from '../simulator/driver';
import { startSimulator } from '../simulator/server';
import {
  MARKER_FUNCTION,
  markerScript,
  PROBE_SCRIPT,
  ProbeResult,
  ProbeTarget,
  SlowPhoneProbe,
} from './slowPhoneProbe';
import {
  attribute,
  CpuProfile,
  firstSampleIn,
  GOAL_RATE,
  goals,
  goalsTable,
  median,
  SECTION_HEADER,
  splitTable,
  spliceSection,
  STEP_NAMES,
  StepSummary,
  stepsTable,
  topFunctions,
  withScriptUrls,
} from './slowPhoneReport';

const ROOT = path.resolve(__dirname, '..', '..');
const QUICK = process.argv.includes('--quick');
const RUNS = QUICK ? 3 : 5;
const RATES = [1, 4];
/**
 * Profiled passes per rate: each step's split comes from the pass with the median app code in one task. On a
 * shared machine one pass can be descheduled mid-task, which charges the wait to whatever frame was running.
 */
const PROFILED_RUNS = QUICK ? 1 : 3;
/** The page is quiet (no DOM change, no long task) this long: the end of a step's window, not its time. */
const QUIET_MS = 400;
const STEP_TIMEOUT_MS = 20_000;
const DEMO = 'settings,many-contacts,many-calls';
const PROFILE_SAMPLING_US = 200;

const CURRENT_PAGE = '#sim-window > .sim-page:not([hidden])';
const onPage = (route: string, inside: string) =>
  `#sim-window > .sim-page[data-route="pages/${route}/${route}"]:not([hidden]) ${inside}`;

/** One measured step: what to do before (not timed), the input (timed from its click), what it must show. */
interface StepPlan {
  name: string;
  before?: (sim: SimulatorPage) => Promise<void>;
  input: (sim: SimulatorPage) => Promise<void>;
  /** The first is the step's result; the others are reported as later milestones. */
  targets: ProbeTarget[];
  /** Reported as a milestone: the app's call to wx.navigateToMiniProgram. */
  navigate?: boolean;
  after?: (sim: SimulatorPage) => Promise<void>;
}

const STEPS: StepPlan[] = [
  {
    name: STEP_NAMES.coldStart,
    input: (sim) => sim.control('cold-start'),
    targets: [
      {
        name: 'rows',
        selector: onPage('contacts', '[id^="row-"] [class*="row__name"]'),
        text: '\\S',
        visible: true,
        fresh: true,
      },
    ],
  },
  {
    name: STEP_NAMES.history,
    input: (sim) => sim.tapTab('通话记录'),
    targets: [
      { name: 'rows', selector: onPage('history', '[id^="row-"] [class*="row__name"]'), text: '\\S', visible: true },
      { name: 'stats numbers', selector: onPage('history', '#kpi-calls'), text: '\\d', visible: true },
    ],
  },
  {
    name: STEP_NAMES.dialer,
    input: (sim) => sim.tapTab('拨号'),
    targets: [{ name: 'keypad', selector: onPage('dialer', '#key-1'), visible: true }],
  },
  {
    name: STEP_NAMES.keystroke,
    before: async (sim) => {
      // An agent takes longer than this to start typing: the search keys' warm-up has its turns.
      await sim.page.waitForTimeout(500);
      for (const key of ['1', '3']) {
        await sim.currentPage().locator(`#key-${key}`).click();
        await quiet(sim);
      }
    },
    input: (sim) => sim.currentPage().locator('#key-9').click(),
    targets: [{ name: 'matches', selector: onPage('dialer', '#match-0'), visible: true, fresh: true }],
    after: async (sim) => {
      await sim.tapTab('联系人');
      await quiet(sim);
    },
  },
  {
    name: STEP_NAMES.tapToJump,
    input: (sim) => sim.currentPage().locator('[id^="row-"] [class*="row__name"]').first().click(),
    targets: [{ name: 'dialog', selector: '#sim-overlays .sim-modal', visible: true, fresh: true }],
    navigate: true,
    after: async (sim) => {
      await sim.answerDialog('允许');
      await sim.away().locator('.sim-tccc-callee').waitFor();
      await sim.page.locator('#sim-away .sim-tccc-duration').fill('30');
    },
  },
  {
    name: STEP_NAMES.wrapUp,
    input: (sim) => sim.page.locator('#sim-away .sim-tccc-end', { hasText: '坐席挂断' }).click(),
    targets: [{ name: 'sheet', selector: `${CURRENT_PAGE} #skip`, visible: true }],
    after: async (sim) => {
      await sim.currentPage().locator('#skip').click();
      await quiet(sim);
    },
  },
];

interface StepRun {
  toFrameMs?: number;
  milestones: [string, number][];
  longestTaskMs: number;
  profile?: StepSummary['profile'];
  /** The profiled run's CPU profile and long tasks, saved for the pass chosen. */
  saved?: { profile: CpuProfile; longTasks: LongTaskSplit[] };
  error?: string;
}

let markers = 0;

function probe(sim: SimulatorPage) {
  return {
    arm: (targets: ProbeTarget[]) =>
      sim.page.evaluate((t) => (window as unknown as { __slowPhone: SlowPhoneProbe }).__slowPhone.arm(t), targets),
    result: () => sim.page.evaluate(() => (window as unknown as { __slowPhone: SlowPhoneProbe }).__slowPhone.result()),
    marker: () => sim.page.evaluate<number>(markerScript((markers += 1))),
  };
}

/** Waits until the page is quiet (the step's window closes); a step that never shows its result times out. */
async function settle(sim: SimulatorPage): Promise<void> {
  await sim.page.waitForFunction(
    (quietMs) => (window as unknown as { __slowPhone: SlowPhoneProbe }).__slowPhone.settled(quietMs),
    QUIET_MS,
    { polling: 100, timeout: STEP_TIMEOUT_MS },
  );
}

/** Between unmeasured actions: a moment without DOM changes. */
async function quiet(sim: SimulatorPage): Promise<void> {
  await sim.page.waitForTimeout(QUIET_MS);
}

function summariseRun(plan: StepPlan, result: ProbeResult): StepRun {
  const input = result.inputAt;
  if (input === undefined) return { milestones: [], longestTaskMs: 0, error: 'no click reached the page' };
  const [main, ...others] = plan.targets;
  const since = (at: number | undefined) => (at === undefined ? undefined : at - input);
  const milestones: [string, number][] = [];
  if (plan.navigate === true) {
    const called = since(result.navigateAt);
    if (called !== undefined) milestones.push(['navigateToMiniProgram called', called]);
  }
  for (const target of others) {
    const shown = since(result.painted[target.name]);
    if (shown !== undefined) milestones.push([target.name, shown]);
  }
  const toFrameMs = main === undefined ? undefined : since(result.painted[main.name]);
  const shownBefore = main !== undefined && (result.shown[main.name] ?? Infinity) < input;
  return {
    ...(toFrameMs === undefined ? {} : { toFrameMs }),
    milestones,
    longestTaskMs: Math.max(0, ...result.longTasks.map((t) => t.duration)),
    ...(shownBefore ? { error: 'the result was on screen before the input' } : {}),
  };
}

async function runStep(sim: SimulatorPage, plan: StepPlan, cdp: CDPSession | undefined): Promise<StepRun> {
  const p = probe(sim);
  await plan.before?.(sim);
  await p.arm(plan.targets);
  let markerAt: number | undefined;
  if (cdp !== undefined) {
    await cdp.send('Profiler.start');
    markerAt = await p.marker();
  }
  let run: StepRun;
  try {
    await plan.input(sim);
    await settle(sim);
    const result = await p.result();
    run = summariseRun(plan, result);
    if (cdp !== undefined && markerAt !== undefined && result.inputAt !== undefined) {
      const stopped = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
      const profile = withScriptUrls(stopped.profile, scriptUrls);
      run.profile = profileOf(profile, markerAt, result);
      run.saved = { profile, longTasks: longTasksOf(profile, markerAt, result) };
    }
  } catch (error) {
    if (cdp !== undefined) await cdp.send('Profiler.stop').catch(() => undefined);
    await p.result().catch(() => undefined);
    run = {
      milestones: [],
      longestTaskMs: 0,
      error: error instanceof Error ? error.message.split('\n')[0] : String(error),
    };
  }
  await plan.after?.(sim);
  return run;
}

const PROFILES_DIR = path.join(ROOT, '.tmp', 'bench', 'slow-phone');
let profileRate = 1;
/** Script id → URL, from the debugger's scriptParsed events during the profiled passes. */
const scriptUrls = new Map<string, string>();

/** The chosen profiled pass's profiles, to open in Chromium's DevTools (Performance → Load profile), and their long tasks. */
function saveProfile(plan: StepPlan, profile: CpuProfile, longTasks: LongTaskSplit[]): void {
  fs.mkdirSync(PROFILES_DIR, { recursive: true });
  const name = `${STEPS.indexOf(plan) + 1}-${plan.name.replace(/[^\w]+/g, '-').replace(/^-|-$/g, '')}-${profileRate}x`;
  fs.writeFileSync(path.join(PROFILES_DIR, `${name}.cpuprofile`), JSON.stringify(profile));
  fs.writeFileSync(path.join(PROFILES_DIR, `${name}.longtasks.json`), JSON.stringify(longTasks, null, 1));
}

/** One long task of a profiled step: when (ms after the input), how long, and the app's files' self time in it. */
interface LongTaskSplit {
  atMs: number;
  durationMs: number;
  appMs: number;
  appByFunction: [string, number][];
}

/** Each long task's share of app code, by function: which task holds the most, and what runs in it. */
function longTasksOf(profile: CpuProfile, markerAt: number, result: ProbeResult): LongTaskSplit[] {
  const markerUs = firstSampleIn(profile, MARKER_FUNCTION);
  if (markerUs === undefined || result.inputAt === undefined) return [];
  const offsetUs = markerUs - markerAt * 1000;
  const input = result.inputAt;
  return result.longTasks.map((task) => {
    const from = task.start * 1000 + offsetUs;
    const split = attribute(profile, from, from + task.duration * 1000);
    const top = [...split.appByFunction].sort((a, b) => b[1] - a[1]).slice(0, 12);
    return {
      atMs: Math.round(task.start - input),
      durationMs: Math.round(task.duration),
      appMs: Math.round(split.byCategory.app * 10) / 10,
      appByFunction: top.map(([name, ms]): [string, number] => [name, Math.round(ms * 10) / 10]),
    };
  });
}

/** The profile from the input on, and the most app code inside one long task (clocks lined up by the marker). */
function profileOf(profile: CpuProfile, markerAt: number, result: ProbeResult): StepSummary['profile'] {
  const markerUs = firstSampleIn(profile, MARKER_FUNCTION);
  // Without the marker (it should always be sampled: 3 ms at 0.2 ms), the whole profile counts and no task is split.
  const offsetUs = markerUs === undefined ? undefined : markerUs - markerAt * 1000;
  const inputUs = offsetUs === undefined ? -Infinity : (result.inputAt as number) * 1000 + offsetUs;
  const attribution = attribute(profile, inputUs);
  let appInOneTaskMs = 0;
  if (offsetUs !== undefined) {
    for (const task of result.longTasks) {
      const from = task.start * 1000 + offsetUs;
      const app = attribute(profile, from, from + task.duration * 1000).byCategory.app;
      appInOneTaskMs = Math.max(appInOneTaskMs, app);
    }
  }
  return { attribution, appInOneTaskMs };
}

/** One pass through every step, from a cold start, at one CPU rate. */
async function runPass(sim: SimulatorPage, cdp: CDPSession, rate: number, profiled: boolean): Promise<StepRun[]> {
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  // A minute between passes, so each pass's call has its own time.
  await sim.passTime(60_000);
  const runs: StepRun[] = [];
  try {
    for (const plan of STEPS) runs.push(await runStep(sim, plan, profiled ? cdp : undefined));
  } finally {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  }
  return runs;
}

/** Per step, the profiled run with the median app code in one task (its profile saved for DevTools). */
function medianProfiled(passes: StepRun[][]): StepRun[] {
  return STEPS.map((plan, i) => {
    const runs = passes
      .map((pass) => pass[i])
      .filter((run): run is StepRun => run?.profile !== undefined)
      .sort((a, b) => (a.profile?.appInOneTaskMs ?? 0) - (b.profile?.appInOneTaskMs ?? 0));
    const chosen = runs[Math.floor((runs.length - 1) / 2)] ?? passes[0]?.[i] ?? { milestones: [], longestTaskMs: 0 };
    if (chosen.saved !== undefined) saveProfile(plan, chosen.saved.profile, chosen.saved.longTasks);
    return chosen;
  });
}

function summarise(rate: number, runsByStep: StepRun[][], profiled: StepRun[]): StepSummary[] {
  return STEPS.map((plan, i) => {
    const runs = runsByStep.map((pass) => pass[i] as StepRun);
    const good = runs.filter((r) => r.error === undefined && r.toFrameMs !== undefined);
    const names = [...new Set(good.flatMap((r) => r.milestones.map(([name]) => name)))];
    const profile = profiled[i]?.profile;
    const firstError = runs.find((r) => r.error !== undefined)?.error;
    return {
      step: plan.name,
      rate,
      toFrameMs: good.length === 0 ? undefined : median(good.map((r) => r.toFrameMs as number)),
      milestones: names.map((name): [string, number] => [
        name,
        median(good.flatMap((r) => r.milestones.filter(([n]) => n === name).map(([, ms]) => ms))),
      ]),
      longestTaskMs: good.length === 0 ? 0 : median(good.map((r) => r.longestTaskMs)),
      runs: good.length,
      ...(profile === undefined ? {} : { profile }),
      ...(good.length === 0 && firstError !== undefined ? { error: firstError } : {}),
    };
  });
}

/** miniprogram/core/x.js (as served) → miniprogram/core/x.ts when that is the source. */
function sourceName(compiled: string): string {
  const ts = compiled.replace(/\.js$/, '.ts');
  return fs.existsSync(path.join(ROOT, ts)) ? ts : compiled;
}

const NOT_MODELLED = [
  "**What this does not model.** It runs the real pages, but not WeChat's renderer: layout, style and paint are Chromium's, the templates are WeChat's own compiled WXML run by miniprogram-simulate's component framework (exparser), not WeChat's WebView or Skyline. A phone runs the app's logic and its rendering on separate threads, with `setData` serialised between them; here both share one main thread and `setData` renders synchronously, so a handler's time includes the rendering it causes, and the rendering cannot overlap the next handler. Chromium's CPU throttling slows this machine's main thread by the rate; it does not model a phone's memory, GPU, storage speed (`wx.getStorageSync` is localStorage here) or thermal limits.",
  '',
  `**How it is measured.** One simulator page, seeded with \`?demo=${DEMO}\` (the bench's 10,000 generated contacts and 50,000 realistic calls), the CPU slowed with \`Emulation.setCPUThrottlingRate\`. Each pass starts with a cold start (the 冷启动 control: the app's modules, pages and memory go, storage stays) and goes through the steps in order; the passes alternate 1× and 4×, ${RUNS} of each, after one pass to warm up (it stores the history's per-day totals, as a first open on a phone does). Times are measured in the page: from the click event's \`timeStamp\` to the end of the first frame after a MutationObserver saw the result (a message posted from that frame's requestAnimationFrame), the median of the passes. The longest task is the median of each pass's longest \`longtask\` entry (the browser reports tasks of 50 ms and more). The split of the time comes from ${PROFILED_RUNS} more passes at each rate under the CPU profiler (sampling every ${PROFILE_SAMPLING_US} µs, the debugger on to name every script; for each step the pass with the median app code in one task is reported, so a pass descheduled on a busy machine does not decide it; noisier than the medians, and not part of the timings; the chosen profiles and their long tasks are kept in \`.tmp/bench/slow-phone/\` for DevTools), from the input until the page was quiet for ${QUIET_MS} ms; the app's own code is the self time of scripts under \`miniprogram/\` (the simulator names each compiled file \`miniprogram/<path>\`; builtins such as \`JSON.parse\` count for their caller), vant is \`miniprogram/miniprogram_npm/\`, and "most in one task" is the app's self time inside its largest long task.`,
];

async function main(): Promise<void> {
  const started = Date.now();
  const server = await startSimulator({ port: 0 });
  const browser = await launchChromium();
  try {
    const sim = await SimulatorPage.open(browser, `${server.url}?demo=${DEMO}`);
    await sim.page.evaluate(PROBE_SCRIPT);
    const cdp = await sim.context.newCDPSession(sim.page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: PROFILE_SAMPLING_US });
    process.stderr.write('bench: slow phone: warm-up pass…\n');
    await runPass(sim, cdp, 1, false);
    const timed = new Map<number, StepRun[][]>(RATES.map((rate) => [rate, []]));
    for (let i = 0; i < RUNS; i += 1) {
      for (const rate of RATES) {
        process.stderr.write(`bench: slow phone: pass ${i + 1} of ${RUNS} at ${rate}×…\n`);
        timed.get(rate)?.push(await runPass(sim, cdp, rate, false));
      }
    }
    const summaries: StepSummary[] = [];
    // Only for the profiled passes: the debugger reports every script's URL, which V8's profile can leave out.
    cdp.on('Debugger.scriptParsed', (script) => scriptUrls.set(script.scriptId, script.url));
    await cdp.send('Debugger.enable');
    for (const rate of RATES) {
      process.stderr.write(`bench: slow phone: profiled pass at ${rate}×…\n`);
      profileRate = rate;
      const passes: StepRun[][] = [];
      for (let i = 0; i < PROFILED_RUNS; i += 1) passes.push(await runPass(sim, cdp, rate, true));
      summaries.push(...summarise(rate, timed.get(rate) ?? [], medianProfiled(passes)));
    }
    await sim.close();
    writeSection(summaries, Date.now() - started);
  } finally {
    await browser.close();
    await server.close();
  }
}

function writeSection(summaries: StepSummary[], tookMs: number): void {
  const ordered = STEPS.flatMap((plan) => summaries.filter((s) => s.step === plan.name));
  const table = stepsTable(ordered, sourceName);
  const goalList = goals(summaries);
  const missed = goalList.filter((g) => !g.met);
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const section = [
    SECTION_HEADER,
    '',
    `Command: \`npm run bench -- --slow-phone-only\` (also part of \`npm run bench\`). Machine: ${os.cpus().length} × ${cpu}, shared with other work while it ran. Date: ${new Date().toISOString().slice(0, 10)}. It took ${Math.round(tookMs / 1000)} s.`,
    '',
    ...NOT_MODELLED,
    '',
    table,
    '',
    `### Goals at ${GOAL_RATE}×`,
    '',
    goalsTable(goalList),
    '',
    missed.length === 0
      ? 'Every goal was met in this run.'
      : `Missed in this run: ${missed.map((g) => `${g.goal} (${g.measure}: ${g.value})`).join('; ')}.`,
    '',
    `### Where the time goes (profiled pass, ${GOAL_RATE}×)`,
    '',
    splitTable(summaries, GOAL_RATE),
    '',
    `The app's functions with the most self time over all steps (profiled pass, ${GOAL_RATE}×):`,
    '',
    ...topFunctions(summaries, GOAL_RATE, 8, sourceName).map((line) => `- ${line}`),
    '',
  ].join('\n');
  process.stdout.write(`\n${section}\n`);
  if (QUICK) return;
  const doc = path.join(ROOT, 'docs', 'benchmarks.md');
  const before = fs.existsSync(doc) ? fs.readFileSync(doc, 'utf8') : '# Benchmarks\n';
  fs.writeFileSync(doc, spliceSection(before, section));
}

main().catch((error: unknown) => {
  process.stderr.write(`slow phone: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
