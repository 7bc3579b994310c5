/** The agent's steps in the simulator shared by the e2e flows: pictures, page text, taps, a call, the wrap-up. */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { SimulatorPage } from '../../tools/simulator/driver';

export type CallEnding = Parameters<SimulatorPage['endCall']>[0];

/**
 * Lets the page settle (setData callbacks, vant's transitions) and, when `dir` is set, writes a picture of the
 * phone screen there. Deterministic: animations off, caret hidden, the simulator's fixed clock and ids.
 */
export async function shot(sim: SimulatorPage, dir: string | undefined, file: string): Promise<void> {
  await sim.page.waitForTimeout(400);
  if (dir === undefined) return;
  fs.mkdirSync(dir, { recursive: true });
  await sim.screen().screenshot({ path: path.join(dir, file), animations: 'disabled', caret: 'hide' });
}

/** Waits for WeChat's toast to go (1.5 s), so the picture shows the page under it. */
export async function toastGone(sim: SimulatorPage): Promise<void> {
  for (let i = 0; i < 30 && (await sim.toastText()) !== ''; i += 1) await sim.page.waitForTimeout(100);
}

/** What the page on top shows, as text. */
export async function pageText(sim: SimulatorPage): Promise<string> {
  return sim.currentPage().innerText();
}

/** Taps the last button of the current page labelled so (a sheet's buttons come after the page's). */
export async function tapButton(sim: SimulatorPage, label: string): Promise<void> {
  await sim.currentPage().locator('wx-button', { hasText: label }).last().click();
}

/** Types a number on the dialer's keypad, from the dialer tab. */
export async function dialOnKeypad(sim: SimulatorPage, number: string): Promise<void> {
  await sim.tapTab('拨号');
  for (const digit of number) await sim.currentPage().locator(`#key-${digit}`).click();
}

/** Dials from the keypad, allows WeChat's jump, and ends the simulated TCCC call one way or another. */
export async function callFromKeypad(
  sim: SimulatorPage,
  number: string,
  ending: CallEnding,
  seconds?: number,
): Promise<void> {
  await dialOnKeypad(sim, number);
  await sim.tapText('拨打');
  await sim.answerDialog('允许');
  await sim.away().locator('.sim-tccc-callee').waitFor();
  await sim.endCall(ending, seconds);
  await sim.page.waitForTimeout(300);
}

/** Picks an outcome in the wrap-up sheet and saves, or skips it (undefined). */
export async function wrapUp(sim: SimulatorPage, outcome: string | undefined): Promise<void> {
  const sheet = sim.currentPage();
  await sheet
    .getByText(outcome ?? '跳过', { exact: true })
    .first()
    .click();
  if (outcome !== undefined) await sheet.getByText('保存', { exact: true }).click();
  await sim.page.waitForTimeout(300);
}

/** The history tab's rows as the agent reads them, newest first (one string per row). */
export async function historyRows(sim: SimulatorPage): Promise<string[]> {
  await sim.tapTab('通话记录');
  await sim.page.waitForTimeout(400);
  const rows = sim.currentPage().locator('[class*="--row "], [class$="--row"]');
  return (await rows.allInnerTexts()).map((row) => row.replace(/\s+/g, ' ').trim());
}

/** One of the four numbers on top of the history stats, found by its label (the simulator prefixes classes per component). */
export async function kpi(sim: SimulatorPage, label: string): Promise<string> {
  const box = sim
    .currentPage()
    .locator('[class*="--kpi "], [class$="--kpi"]')
    .filter({ has: sim.page.locator('[class*="kpi__label"]', { hasText: new RegExp(`^${label}$`) }) });
  return (await box.locator('[class*="kpi__value"]').first().innerText()).trim();
}
