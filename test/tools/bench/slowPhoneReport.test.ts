/** The slow-phone bench's arithmetic: who owns a profile's time, medians, the goals and the section's place in the doc. */

import {
  attribute,
  CpuProfile,
  firstSampleIn,
  goals,
  median,
  ownerOfUrl,
  SECTION_HEADER,
  spliceSection,
  STEP_NAMES,
  StepSummary,
  stepsTable,
  withScriptUrls,
} from '../../../tools/bench/slowPhoneReport';

const frame = (functionName: string, url = '') => ({ functionName, url, lineNumber: 9 });

/**
 * root → (idle), (program), app codec → JSON.parse (no URL), vant, the runtime, the marker.
 * Samples every 1,000 µs from 0: idle, codec, parse, parse, vant, runtime, program, marker, codec.
 */
function profile(): CpuProfile {
  return {
    nodes: [
      { id: 1, callFrame: frame('(root)'), children: [2, 3, 4, 6, 7, 8] },
      { id: 2, callFrame: frame('(idle)') },
      { id: 3, callFrame: frame('(program)') },
      { id: 4, callFrame: frame('readRow', 'http://127.0.0.1:5180/miniprogram/core/callLogCodec.js'), children: [5] },
      { id: 5, callFrame: frame('parse') },
      { id: 6, callFrame: frame('render', 'miniprogram/miniprogram_npm/@vant/weapp/cell/index.js') },
      { id: 7, callFrame: frame('diffVt', 'http://127.0.0.1:5180/simulator.js') },
      { id: 8, callFrame: frame('slowPhoneMarker', 'slow-phone-probe.js') },
    ],
    startTime: 0,
    endTime: 9_000,
    samples: [2, 4, 5, 5, 6, 7, 3, 8, 4],
    timeDeltas: [0, 1_000, 1_000, 1_000, 1_000, 1_000, 1_000, 1_000, 1_000],
  };
}

describe('ownerOfUrl', () => {
  it('tells the app’s files from vant, the templates, the runtime and the probe', () => {
    expect(ownerOfUrl('miniprogram/services/callQuery.js')).toEqual({
      category: 'app',
      file: 'miniprogram/services/callQuery.js',
    });
    expect(ownerOfUrl('http://127.0.0.1:1/miniprogram/miniprogram_npm/@vant/weapp/popup/index.js')?.category).toBe(
      'vant',
    );
    expect(ownerOfUrl('wxml-templates.js')).toEqual({ category: 'templates' });
    expect(ownerOfUrl('http://127.0.0.1:1/simulator.js')).toEqual({ category: 'runtime' });
    expect(ownerOfUrl('slow-phone-probe.js')).toEqual({ category: 'probe' });
    expect(ownerOfUrl('')).toBeUndefined();
  });
});

describe('attribute', () => {
  it('charges a builtin to its caller, leaves idle out and keeps the app’s files and functions', () => {
    const a = attribute(profile());
    expect(a.busyMs).toBe(8);
    expect(a.byCategory).toEqual({ app: 4, vant: 1, templates: 0, runtime: 1, native: 1, gc: 0, probe: 1 });
    expect([...a.appByFile]).toEqual([['miniprogram/core/callLogCodec.js', 4]]);
    expect([...a.appByFunction]).toEqual([['readRow (miniprogram/core/callLogCodec.js:10)', 4]]);
  });

  it('counts only the samples inside the window', () => {
    const a = attribute(profile(), 2_000, 5_000);
    expect(a.busyMs).toBe(3);
    expect(a.byCategory.app).toBe(2);
    expect(a.byCategory.vant).toBe(1);
  });

  it('finds the first sample inside the marker, to line the clocks up', () => {
    expect(firstSampleIn(profile(), 'slowPhoneMarker')).toBe(7_000);
    expect(firstSampleIn(profile(), 'nowhere')).toBeUndefined();
  });
});

describe('median', () => {
  it('takes the middle value, the upper one of an even count, whatever the order', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(3);
    expect(median([])).toBeNaN();
  });
});

function summary(step: string, rate: number, toFrameMs: number, appInOneTaskMs: number): StepSummary {
  return {
    step,
    rate,
    toFrameMs,
    milestones: [],
    longestTaskMs: 0,
    runs: 5,
    profile: { attribution: attribute(profile()), appInOneTaskMs },
  };
}

describe('goals', () => {
  it('judges the 4× runs against the issue’s limits, and only those', () => {
    const list = goals([
      summary(STEP_NAMES.history, 1, 150, 0),
      summary(STEP_NAMES.history, 4, 658, 40),
      summary(STEP_NAMES.coldStart, 4, 480, 51),
    ]);
    expect(list.map((g) => [g.goal.slice(0, 20), g.measure, g.value, g.met])).toEqual([
      ['history shows its ro', STEP_NAMES.history, '658 ms', false],
      ['cold start shows con', STEP_NAMES.coldStart, '480 ms', true],
      ["no task of the app's", STEP_NAMES.history, '40 ms', true],
      ["no task of the app's", STEP_NAMES.coldStart, '51 ms', false],
    ]);
  });

  it('calls a step that was never measured missed, not met', () => {
    const list = goals([]);
    expect(list.map((g) => [g.value, g.met])).toEqual([
      ['not measured', false],
      ['not measured', false],
    ]);
  });
});

describe('stepsTable', () => {
  it('writes one row per step and rate, with the app’s share and its files under their source names', () => {
    const table = stepsTable([summary(STEP_NAMES.history, 4, 658, 40)], (file) => file.replace(/\.js$/, '.ts'));
    const row = table.split('\n')[2];
    expect(row).toContain('| 4× | 658 ms |');
    expect(row).toContain('50 % of 8 ms; 40 ms');
    expect(row).toContain('core/callLogCodec.ts 4 ms');
  });
});

describe('spliceSection', () => {
  const section = `${SECTION_HEADER}\n\nnew table\n`;

  it('goes at the end of a doc without it', () => {
    expect(spliceSection('# Benchmarks\n\n## Budgets\n\nold\n', section)).toBe(
      `# Benchmarks\n\n## Budgets\n\nold\n\n${SECTION_HEADER}\n\nnew table\n`,
    );
  });

  it('replaces its old self and keeps the sections around it as they were', () => {
    const doc = `# Benchmarks\n\n## Budgets\n\nold\n\n${SECTION_HEADER}\n\nold table\n\n### Goals\n\nx\n\n## Later\n\nkept\n`;
    expect(spliceSection(doc, section)).toBe(
      `# Benchmarks\n\n## Budgets\n\nold\n\n${SECTION_HEADER}\n\nnew table\n\n## Later\n\nkept\n`,
    );
  });
});

describe('withScriptUrls', () => {
  it('gives a frame without a URL its script’s, from the debugger or another frame of the script', () => {
    const base = profile();
    base.nodes.push(
      { id: 9, callFrame: { functionName: 'searchKeyOf', url: '', lineNumber: 52, scriptId: '7' } },
      { id: 10, callFrame: { functionName: 'rev', url: '', lineNumber: 210, scriptId: '8' } },
      { id: 11, callFrame: { functionName: 'other', url: 'wxml-templates.js', lineNumber: 1, scriptId: '8' } },
      { id: 12, callFrame: { functionName: 'parse', url: '', lineNumber: 0, scriptId: '0' } },
    );
    const fixed = withScriptUrls(base, new Map([['7', 'miniprogram/core/contactSearch.js']]));
    const urlOf = (id: number) => fixed.nodes.find((n) => n.id === id)?.callFrame.url;
    expect(urlOf(9)).toBe('miniprogram/core/contactSearch.js');
    expect(urlOf(10)).toBe('wxml-templates.js');
    expect(urlOf(12)).toBe('');
    expect(base.nodes.find((n) => n.id === 9)?.callFrame.url).toBe('');
  });
});
