/** @jest-environment node */
/** Progress from onProgressUpdate as a few whole lines: phases, throttled file progress, warnings, failures, the end. */

interface TaskStatus {
  id: string;
  message: string;
  status: 'doing' | 'done' | 'fail' | 'warn' | 'info';
}
interface ProgressModule {
  createProgressReporter(options: {
    title: string;
    write: (text: string) => void;
    now: () => number;
    intervalMs?: number;
  }): {
    update(task: TaskStatus | string): void;
    finish(label?: string): void;
  };
}

const { createProgressReporter } = jest.requireActual<ProgressModule>('../../../scripts/lib/progressReporter');

function reporter(intervalMs = 1000) {
  const lines: string[] = [];
  let clock = 0;
  const progress = createProgressReporter({
    title: 'upload',
    write: (text) => lines.push(...text.split('\n').filter(Boolean)),
    now: () => clock,
    intervalMs,
  });
  return {
    lines,
    progress,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

/** What miniprogram-ci sends for a compile: a phase, then files, each "doing" then "done". */
function compileEvents(files: number): TaskStatus[] {
  const events: TaskStatus[] = [{ id: 'c', message: 'Compile miniprogram', status: 'doing' }];
  for (let i = 0; i < files; i += 1) {
    events.push({ id: `f${i}`, message: `Compiling pages/p${i}.ts`, status: 'doing' });
    events.push({ id: `f${i}`, message: '', status: 'done' });
  }
  events.push({ id: 'c', message: '', status: 'done' });
  return events;
}

describe('createProgressReporter', () => {
  it('prints a bar when a phase begins and at the end, not for every file', () => {
    const { lines, progress } = reporter();
    for (const event of compileEvents(40)) progress.update(event);
    progress.update({ id: 'u', message: 'upload', status: 'doing' });
    progress.update({ id: 'u', message: '', status: 'done' });
    progress.finish();
    expect(lines).toEqual([
      '  upload [------------------------]   0% 0/1 tasks  Compile miniprogram',
      '  upload [#######################-]  97% 41/42 tasks  upload',
      '  upload [########################] 100% 42/42 tasks  done',
    ]);
  });

  it('prints file progress at most once per interval while time passes', () => {
    const { lines, progress, advance } = reporter(1000);
    for (const event of compileEvents(10)) {
      advance(150);
      progress.update(event);
    }
    // 22 events over 3.3 s: the phase line, then one line per elapsed second.
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^ {2}upload \[#+-*\] +\d+% \d+\/\d+ tasks {2}Compiling pages\/p\d\.ts$/);
  });

  it('counts a task once even if it reports done twice', () => {
    const { lines, progress } = reporter();
    progress.update({ id: 'a', message: 'Pack', status: 'doing' });
    progress.update({ id: 'a', message: '', status: 'done' });
    progress.update({ id: 'a', message: '', status: 'done' });
    progress.finish();
    expect(lines[lines.length - 1]).toContain('100% 1/1 tasks');
  });

  it('prints warnings and failures on one shortened line each', () => {
    const { lines, progress } = reporter();
    const ignored = Array.from({ length: 300 }, (_, i) => `miniprogram_npm/@vant/weapp/c${i}/index.js`).join(',');
    progress.update({ id: '2', message: `Ignored by code analyzer: ${ignored}`, status: 'warn' });
    progress.update({ id: '3', message: 'Compiling app.ts', status: 'doing' });
    progress.update({ id: '3', message: 'app.ts: unexpected token', status: 'fail' });
    expect(lines[0]).toMatch(/^ {2}upload warning: Ignored by code analyzer: miniprogram_npm\/.{20,}…$/);
    expect(lines[0].length).toBeLessThan(100);
    expect(lines).toContain('  upload failed: app.ts: unexpected token');
  });

  it('passes plain string updates through as a line', () => {
    const { lines, progress } = reporter();
    progress.update('upload by COS');
    expect(lines).toEqual(['  upload upload by COS']);
  });

  it('does not repeat the last line at finish when nothing changed', () => {
    const { lines, progress } = reporter();
    progress.update({ id: 'a', message: 'Seal code package', status: 'doing' });
    progress.finish();
    expect(lines).toHaveLength(1);
  });
});
