/** The slow-phone section's arithmetic: medians, CPU-profile attribution by file, its tables and goals, its place in the doc. */

/** What a CDP CPU profile holds (Profiler.stop), as much as the attribution reads. Times in µs. */
export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; scriptId?: string };
  children?: number[];
}

export interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** Where main-thread time goes: the app's own files, vant, WeChat's compiled templates, the simulator's runtime… */
export type CostCategory = 'app' | 'vant' | 'templates' | 'runtime' | 'native' | 'gc' | 'probe';

export const CATEGORY_LABELS: Record<CostCategory, string> = {
  app: 'app (miniprogram/)',
  vant: 'vant',
  templates: 'WXML templates',
  runtime: 'component framework and shell',
  native: 'browser (style, layout, paint)',
  gc: 'GC',
  probe: 'measuring probe',
};

/** The script the bench's probe runs as, so its own cost is told apart. */
export const PROBE_SCRIPT_URL = 'slow-phone-probe.js';
/** The simulator names the compiled templates' function so (simulateHost.ts). */
export const TEMPLATES_SCRIPT_URL = 'wxml-templates.js';

export interface Owner {
  category: CostCategory;
  /** The app's or vant's file under miniprogram/, as the simulator names it (compiled .js). */
  file?: string;
}

/**
 * Who owns a frame with this script URL; undefined for a frame without one (a builtin such as JSON.parse), which
 * the caller charges to the nearest caller that has one. The simulator runs each app file with
 * `//# sourceURL=miniprogram/<path>`.
 */
export function ownerOfUrl(url: string): Owner | undefined {
  if (url === '') return undefined;
  if (url.endsWith(PROBE_SCRIPT_URL) || /playwright|pptr:/.test(url)) return { category: 'probe' };
  if (url.endsWith(TEMPLATES_SCRIPT_URL)) return { category: 'templates' };
  const inApp = /(?:^|\/)miniprogram\/(.+)$/.exec(url);
  if (inApp !== null) {
    const file = `miniprogram/${inApp[1] as string}`;
    return { category: file.startsWith('miniprogram/miniprogram_npm/') ? 'vant' : 'app', file };
  }
  return { category: 'runtime' };
}

/**
 * The profile with every frame's script URL: V8 leaves it empty on code compiled before Profiler.start (the app's
 * `new Function` files run again on each cold start, but a warm function keeps its code), so it is taken from the
 * scripts the debugger reported, or from another frame of the same script.
 */
export function withScriptUrls(profile: CpuProfile, urls: ReadonlyMap<string, string>): CpuProfile {
  const known = new Map(urls);
  for (const node of profile.nodes) {
    const id = node.callFrame.scriptId;
    if (id !== undefined && node.callFrame.url !== '' && !known.has(id)) known.set(id, node.callFrame.url);
  }
  const nodes = profile.nodes.map((node) => {
    const url = node.callFrame.scriptId === undefined ? undefined : known.get(node.callFrame.scriptId);
    return node.callFrame.url === '' && url !== undefined && url !== ''
      ? { ...node, callFrame: { ...node.callFrame, url } }
      : node;
  });
  return { ...profile, nodes };
}

const SPECIAL_FRAMES: Record<string, CostCategory | 'idle'> = {
  '(idle)': 'idle',
  '(program)': 'native',
  '(root)': 'native',
  '(garbage collector)': 'gc',
};

export interface Attribution {
  /** Sampled time that was not idle, ms. */
  busyMs: number;
  byCategory: Record<CostCategory, number>;
  /** The app's own self time per file under miniprogram/ (vant not included), ms. */
  appByFile: Map<string, number>;
  /** The app's own self time per function, keyed "name (file:line)", ms. */
  appByFunction: Map<string, number>;
}

function emptyCategories(): Record<CostCategory, number> {
  return { app: 0, vant: 0, templates: 0, runtime: 0, native: 0, gc: 0, probe: 0 };
}

/** Each sample's time (µs, the profile's clock) and how long it stands for: until the next sample. */
export function sampleTimes(profile: CpuProfile): { at: number[]; weight: number[] } {
  const deltas = profile.timeDeltas ?? [];
  const at: number[] = [];
  let t = profile.startTime;
  for (const delta of deltas) {
    t += delta;
    at.push(t);
  }
  const weight = at.map((time, i) => Math.max(0, (i + 1 < at.length ? (at[i + 1] as number) : profile.endTime) - time));
  return { at, weight };
}

/**
 * Self time by owner over the samples taken in [fromUs, toUs) (the whole profile by default). A frame without a
 * script URL counts for its nearest caller that has one, so JSON.parse called by the codec is the codec's.
 */
export function attribute(profile: CpuProfile, fromUs = -Infinity, toUs = Infinity): Attribution {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const ownerCache = new Map<number, { owner: CostCategory | 'idle'; file?: string; fn?: string }>();
  const ownerOf = (id: number): { owner: CostCategory | 'idle'; file?: string; fn?: string } => {
    const cached = ownerCache.get(id);
    if (cached !== undefined) return cached;
    const node = byId.get(id);
    let found: { owner: CostCategory | 'idle'; file?: string; fn?: string };
    if (node === undefined) found = { owner: 'native' };
    else {
      const special = node.callFrame.url === '' ? SPECIAL_FRAMES[node.callFrame.functionName] : undefined;
      const own = ownerOfUrl(node.callFrame.url);
      const parent = parentOf.get(id);
      if (special !== undefined) found = { owner: special };
      else if (own !== undefined) {
        const fn = `${node.callFrame.functionName || '(anonymous)'} (${own.file ?? node.callFrame.url}:${node.callFrame.lineNumber + 1})`;
        found = { owner: own.category, ...(own.file === undefined ? {} : { file: own.file }), fn };
      } else found = parent === undefined ? { owner: 'native' } : ownerOf(parent);
    }
    ownerCache.set(id, found);
    return found;
  };
  const { at, weight } = sampleTimes(profile);
  const result: Attribution = {
    busyMs: 0,
    byCategory: emptyCategories(),
    appByFile: new Map(),
    appByFunction: new Map(),
  };
  (profile.samples ?? []).forEach((id, i) => {
    const time = at[i] as number;
    if (time < fromUs || time >= toUs) return;
    const ms = (weight[i] as number) / 1000;
    const { owner, file, fn } = ownerOf(id);
    if (owner === 'idle') return;
    result.busyMs += ms;
    result.byCategory[owner] += ms;
    if (owner !== 'app') return;
    if (file !== undefined) result.appByFile.set(file, (result.appByFile.get(file) ?? 0) + ms);
    if (fn !== undefined) result.appByFunction.set(fn, (result.appByFunction.get(fn) ?? 0) + ms);
  });
  return result;
}

/** The first sample (µs, the profile's clock) whose stack holds a function of this name: to line the clocks up. */
export function firstSampleIn(profile: CpuProfile, functionName: string): number | undefined {
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const named = new Set(profile.nodes.filter((n) => n.callFrame.functionName === functionName).map((n) => n.id));
  const holds = (id: number | undefined): boolean => id !== undefined && (named.has(id) || holds(parentOf.get(id)));
  const { at } = sampleTimes(profile);
  const index = (profile.samples ?? []).findIndex((id) => holds(id));
  return index < 0 ? undefined : at[index];
}

/** The middle value (the upper one of an even count, as the rest of the bench takes it). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** The n largest entries of a map, largest first. */
export function largest(map: ReadonlyMap<string, number>, n: number): [string, number][] {
  return [...map].sort((a, b) => b[1] - a[1]).slice(0, n);
}

/** One step at one CPU rate, summarised over its runs. */
export interface StepSummary {
  step: string;
  rate: number;
  /** Median input → first frame showing the result, ms; undefined when no run showed it. */
  toFrameMs: number | undefined;
  /** Further milestones of the step (median ms from the input), e.g. the stats numbers after the rows. */
  milestones: [string, number][];
  /** Median of each run's longest main-thread task, ms; 0 when no task reached 50 ms (longtask's threshold). */
  longestTaskMs: number;
  runs: number;
  /** From the profiled run: the time split and the app's own code. */
  profile?: {
    attribution: Attribution;
    /** The most app code sampled inside one long task (ms), 0 when there was none. */
    appInOneTaskMs: number;
  };
  error?: string;
}

export function formatMs(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return 'not measured';
  return value >= 1000 ? `${Math.round(value).toLocaleString('en')} ms` : `${Math.round(value)} ms`;
}

function percent(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((part / whole) * 100)} %` : '—';
}

function longestTask(ms: number): string {
  return ms > 0 ? formatMs(ms) : 'none ≥ 50 ms';
}

/** The app file's source name: the simulator serves `core/x.ts` compiled as `core/x.js`. */
export type SourceName = (compiledFile: string) => string;

function shortFunction(key: string, sourceName: SourceName): string {
  return key.replace(/\((miniprogram\/[^:]+):/, (_all, file: string) => `(${sourceName(file)}:`);
}

export function stepsTable(summaries: readonly StepSummary[], sourceName: SourceName): string {
  const header = [
    'step',
    'CPU',
    'input → first frame',
    'then',
    'longest task',
    "app's own code (share of busy time; most in one task)",
    'biggest app parts',
  ];
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const s of summaries) {
    const then = s.milestones.map(([name, ms]) => `${name} ${formatMs(ms)}`).join(', ');
    const p = s.profile;
    const app =
      p === undefined
        ? 'not profiled'
        : `${percent(p.attribution.byCategory.app, p.attribution.busyMs)} of ${formatMs(p.attribution.busyMs)}; ${p.appInOneTaskMs > 0 ? formatMs(p.appInOneTaskMs) : 'no long task'}`;
    const parts =
      p === undefined
        ? ''
        : largest(p.attribution.appByFile, 3)
            .map(([file, ms]) => `${sourceName(file).replace(/^miniprogram\//, '')} ${formatMs(ms)}`)
            .join(', ');
    const frame = s.error === undefined ? formatMs(s.toFrameMs) : `not measured: ${s.error}`;
    lines.push(`| ${s.step} | ${s.rate}× | ${frame} | ${then} | ${longestTask(s.longestTaskMs)} | ${app} | ${parts} |`);
  }
  return lines.join('\n');
}

/** Where the profiled run's busy time went, per step, at one rate. */
export function splitTable(summaries: readonly StepSummary[], rate: number): string {
  const categories = Object.keys(CATEGORY_LABELS) as CostCategory[];
  const header = ['step', 'busy', ...categories.map((c) => CATEGORY_LABELS[c])];
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const s of summaries.filter((x) => x.rate === rate && x.profile !== undefined)) {
    const a = (s.profile as NonNullable<StepSummary['profile']>).attribution;
    lines.push(
      `| ${s.step} | ${formatMs(a.busyMs)} | ${categories.map((c) => percent(a.byCategory[c], a.busyMs)).join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

/** The app's functions with the most self time over every profiled step at one rate. */
export function topFunctions(
  summaries: readonly StepSummary[],
  rate: number,
  n: number,
  sourceName: SourceName,
): string[] {
  const total = new Map<string, number>();
  for (const s of summaries) {
    if (s.rate !== rate || s.profile === undefined) continue;
    for (const [fn, ms] of s.profile.attribution.appByFunction) total.set(fn, (total.get(fn) ?? 0) + ms);
  }
  return largest(total, n).map(([fn, ms]) => `${shortFunction(fn, sourceName)}: ${formatMs(ms)}`);
}

export interface Goal {
  goal: string;
  measure: string;
  value: string;
  met: boolean;
}

/** The names the goals look the steps up by. */
export const STEP_NAMES = {
  coldStart: 'cold start → contacts rows (10,000 contacts)',
  history: 'tab 通话记录 → first rows (50,000 calls)',
  dialer: 'tab 拨号 → keypad',
  keystroke: 'dialer keystroke (3rd digit: 10,000 contacts searched)',
  tapToJump: 'tap a contact → WeChat’s jump confirmation',
  wrapUp: 'return from TCCC → wrap-up sheet',
} as const;

export const GOAL_RATE = 4;
const HISTORY_GOAL_MS = 200;
const COLD_START_GOAL_MS = 500;
const APP_TASK_GOAL_MS = 50;

/** The goals at 4×: history rows within 200 ms, cold start within 500 ms, no app task over 50 ms. */
export function goals(summaries: readonly StepSummary[]): Goal[] {
  const at = summaries.filter((s) => s.rate === GOAL_RATE);
  const find = (step: string) => at.find((s) => s.step === step);
  const within = (goal: string, step: string, limit: number): Goal => {
    const ms = find(step)?.toFrameMs;
    return { goal, measure: step, value: formatMs(ms), met: ms !== undefined && ms <= limit };
  };
  const list = [
    within(`history shows its rows within ${HISTORY_GOAL_MS} ms of the tap`, STEP_NAMES.history, HISTORY_GOAL_MS),
    within(`cold start shows contacts within ${COLD_START_GOAL_MS} ms`, STEP_NAMES.coldStart, COLD_START_GOAL_MS),
  ];
  for (const s of at) {
    const appMs = s.profile?.appInOneTaskMs;
    list.push({
      goal: `no task of the app's own code over ${APP_TASK_GOAL_MS} ms`,
      measure: s.step,
      value: appMs === undefined ? 'not profiled' : appMs > 0 ? formatMs(appMs) : 'no task ≥ 50 ms',
      met: appMs !== undefined && appMs <= APP_TASK_GOAL_MS,
    });
  }
  return list;
}

export function goalsTable(list: readonly Goal[]): string {
  return [
    `| goal at ${GOAL_RATE}× | step | value | met |`,
    '| --- | --- | --- | --- |',
    ...list.map((g) => `| ${g.goal} | ${g.measure} | ${g.value} | ${g.met ? 'met' : '**missed**'} |`),
  ].join('\n');
}

export const SECTION_HEADER = '## Slow phone (Chromium, CPU throttled)';

/**
 * The doc with this section in place: it replaces the section of the same header (up to the next `## `), or goes
 * at the end; so a run of this section alone leaves every other section of docs/benchmarks.md as it was.
 */
export function spliceSection(doc: string, section: string, header: string = SECTION_HEADER): string {
  const body = section.trimEnd();
  const start = doc.indexOf(`${header}\n`);
  if (start < 0) return `${doc.trimEnd()}\n\n${body}\n`;
  const next = doc.indexOf('\n## ', start + header.length);
  const rest = next < 0 ? '' : `\n${doc.slice(next + 1)}`;
  return `${doc.slice(0, start)}${body}\n${rest}`;
}
