/** The benchmark's results: table rows and budgets, as they are added and printed. */

import { ROW_FILTER, wanted } from './config';

interface Row {
  section: string;
  measure: string;
  ours: string;
  naive: string;
  ratio: string;
}

const rows: Row[] = [];

interface Budget {
  budget: string;
  measure: string;
  value: string;
  met: boolean;
}

export const budgets: Budget[] = [];
const HANDLER_BUDGET_MS = 16;
export const SETDATA_BUDGET_BYTES = 16 * 1024;
export const RECORD_BUDGET_BYTES = 100;

export function budget(name: string, measure: string, value: string, met: boolean): void {
  // A run of chosen rows (--rows) checks no budgets: most of their measures were not taken.
  if (ROW_FILTER !== undefined) return;
  budgets.push({ budget: name, measure, value, met });
}

export function handlerBudget(measure: string, value: number): void {
  budget('handler / first screen < 16 ms', measure, ms(value), value < HANDLER_BUDGET_MS);
}

export function ms(value: number): string {
  return value < 1 ? `${(value * 1000).toFixed(0)} µs` : `${value.toFixed(2)} ms`;
}

export function bytes(value: number): string {
  if (value >= 1024 * 1024) return `${(value / 1024 / 1024).toFixed(2)} MB`;
  if (value >= 1024) return `${(value / 1024).toFixed(1)} KB`;
  return `${Math.round(value)} B`;
}

export function ratio(naive: number, ours: number): string {
  if (ours <= 0) return '—';
  const r = naive / ours;
  return r >= 10 ? `${r.toFixed(0)}×` : `${r.toFixed(1)}×`;
}

export function add(section: string, measure: string, ours: string, naive: string, r: string): void {
  if (!wanted(section, measure)) return;
  rows.push({ section, measure, ours, naive, ratio: r });
}

export function printBudgets(): string {
  const lines = [
    '| budget | measure | value | met |',
    '| --- | --- | --- | --- |',
    ...budgets.map((b) => `| ${b.budget} | ${b.measure} | ${b.value} | ${b.met ? 'yes' : '**no**'} |`),
  ];
  return lines.join('\n');
}

export function printTable(): string {
  const header = ['', 'measure', 'ours', 'naive / limit', 'ratio'];
  const lines = [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.section} | ${r.measure} | ${r.ours} | ${r.naive} | ${r.ratio} |`),
  ];
  return lines.join('\n');
}
