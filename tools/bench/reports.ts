/** The sections measured in child processes: setData and page nodes (simulate), package sizes (offline compile). */

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { NodeCase, SetDataCase } from './setData.bench';
import { BENCH_OUT } from './config';
import { SETDATA_BUDGET_BYTES, add, budget, bytes, ratio } from './results';

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(BENCH_OUT, file), 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** setData payloads, measured in miniprogram-simulate by the jest run that run.js starts first. */
export function reportSetData(): void {
  const section = 'setData (simulate)';
  // The same file holds the node counts (reportNodes); they carry a `kind`.
  const cases = readJson<(SetDataCase & { kind?: string })[]>('setdata.json')?.filter((c) => c.kind === undefined);
  if (cases === undefined || cases.length === 0) {
    add(section, 'not measured: the simulate run failed (see above)', '', '', '');
    budget('setData < 16 KB per call', 'not measured', '', false);
    return;
  }
  for (const c of cases) {
    add(
      section,
      `${c.name}: largest call`,
      bytes(c.largest),
      `${bytes(c.naiveLargest)} (${c.naiveNote})`,
      ratio(c.naiveLargest, c.largest),
    );
    add(
      section,
      `${c.name}: total of ${c.calls} calls`,
      bytes(c.total),
      bytes(c.naiveTotal),
      ratio(c.naiveTotal, c.total),
    );
    budget('setData < 16 KB per call', c.name, bytes(c.largest), c.largest < SETDATA_BUDGET_BYTES);
  }
}

const NODE_FLAG = 1000;

/** Elements per page (custom components' trees included), counted in miniprogram-simulate by setData.bench.ts. */
export function reportNodes(): void {
  const section = 'Page nodes (simulate)';
  const nodes = readJson<{ kind?: string }[]>('setdata.json')?.filter((c): c is NodeCase => c.kind === 'nodes');
  if (nodes === undefined || nodes.length === 0) {
    add(section, 'not measured: the simulate run failed (see above)', '', '', '');
    budget('nodes per page < 1000', 'not measured', '', false);
    return;
  }
  for (const c of nodes) {
    add(
      section,
      c.name,
      `${c.nodes} elements (depth ${c.depth}, at most ${c.widest} children)`,
      'WeChat flags > 1,000 (depth > 30, > 60 children)',
      `${((c.nodes / NODE_FLAG) * 100).toFixed(0)} % of the flag`,
    );
    budget('nodes per page < 1000', c.name, String(c.nodes), c.nodes < NODE_FLAG);
  }
}

interface PackageSizes {
  mainBytes: number;
  mainFiles: number;
  vantBytes: number;
  vantLibBytes: number;
  /** scripts/lib/buildSteps.js's budget and WeChat's limits, as the build checks them. */
  budgetBytes: number;
  wechatWarningBytes: number;
  wechatLimitBytes: number;
}

/** Package sizes from WeChat's offline compile, run by run.js in a child process. */
export function reportPackage(): void {
  const section = 'Package (offline compile)';
  const sizes = readJson<PackageSizes>('package.json');
  if (sizes === undefined) {
    add(section, 'not measured: the compile failed (see above)', '', '', '');
    budget('main package within its budget', 'not measured', '', false);
    return;
  }
  const main = sizes.mainBytes;
  const pct = (limit: number): string => `${((main / limit) * 100).toFixed(0)} %`;
  const budgetText = bytes(sizes.budgetBytes);
  add(
    section,
    `main package (${sizes.mainFiles} files)`,
    bytes(main),
    `budget ${budgetText}: ${pct(sizes.budgetBytes)} used`,
    '',
  );
  add(
    section,
    'main package against WeChat',
    bytes(main),
    `warns ${bytes(sizes.wechatWarningBytes)} (${pct(sizes.wechatWarningBytes)}), limit ${bytes(sizes.wechatLimitBytes)} (${pct(sizes.wechatLimitBytes)})`,
    '',
  );
  add(
    section,
    'vant shipped',
    bytes(sizes.vantBytes),
    `whole vant lib ${bytes(sizes.vantLibBytes)}`,
    `${((sizes.vantBytes / sizes.vantLibBytes) * 100).toFixed(0)} %`,
  );
  budget(`main package < ${budgetText}`, 'main package', bytes(main), main < sizes.budgetBytes);
}
