/** @jest-environment node */
/**
 * Accessibility of every page in real Chromium: each control a finger can tap has a name (its text or an
 * aria-label), and each tap target is at least 44 × 44 pt (CSS px of the 375-pt screen). Fails listing them.
 */

import { Locator } from 'playwright-core';
import { SimulatorPage } from '../../tools/simulator/driver';
import { printFigures } from '../helpers/figures';
import { useSimulator } from './simulatorSession';

jest.setTimeout(180_000);

/** Apple's and WeChat's minimum comfortable tap target, in pt. */
const MIN_TARGET = 44;

interface Control {
  /** Where it is: tag, id and classes, for the failure list. */
  where: string;
  name: string;
  width: number;
  height: number;
}

const session = useSimulator();
let sim: SimulatorPage;
beforeAll(() => {
  sim = session.sim;
});

/**
 * The tappable controls of the page on top: rendered nodes that bind tap (bindtap, catchtap, bind:click on vant's
 * inner node), visible, outermost (a labelled row's inner icon that only passes the tap on is the row's).
 */
async function controls(scope: Locator): Promise<Control[]> {
  return scope.evaluate((root) => {
    interface Rendered {
      __wxElement?: { _vt?: { attrs?: { name: string; value: unknown }[]; event?: Record<string, unknown> } };
    }
    const vt = (node: Node) => (node as Rendered).__wxElement?._vt;
    const tappable = (node: Node) => {
      const events = vt(node)?.event;
      return events !== undefined && ('tap' in events || 'click' in events);
    };
    const label = (node: Node): string => {
      const attr = vt(node)?.attrs?.find((a) => a.name === 'ariaLabel' || a.name === 'aria-label')?.value;
      if (typeof attr === 'string' && attr.trim() !== '') return attr.trim();
      return node instanceof Element ? (node.getAttribute('aria-label') ?? '').trim() : '';
    };
    const found: { where: string; name: string; width: number; height: number }[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      if (!tappable(node) || !(node instanceof HTMLElement)) continue;
      const box = node.getBoundingClientRect();
      const style = getComputedStyle(node);
      if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') continue;
      // An inner node of a tappable control (vant's own tap handler inside a labelled wrapper) is that control.
      let outer = false;
      for (let up = node.parentNode; up !== null && up !== root; up = up.parentNode) {
        if (tappable(up) && (up as HTMLElement).getBoundingClientRect().width > 0) outer = true;
      }
      if (outer) continue;
      let name = label(node);
      for (let up = node.parentNode; name === '' && up !== null && up !== root; up = up.parentNode) name = label(up);
      if (name === '') name = (node.innerText || node.textContent || '').trim();
      // A text field is named by its placeholder, as a screen reader reads it.
      const field = node.querySelector('input, textarea');
      if (name === '' && field !== null) name = (field.getAttribute('placeholder') ?? '').trim();
      const classes = String(node.getAttribute('class') ?? '')
        .split(/\s+/)
        .filter((c) => c !== '')
        .slice(0, 2)
        .join('.');
      found.push({
        where: `${node.tagName.toLowerCase()}${node.id === '' ? '' : `#${node.id}`}${classes === '' ? '' : `.${classes}`}`,
        name,
        width: Math.round(box.width * 10) / 10,
        height: Math.round(box.height * 10) / 10,
      });
    }
    return found;
  });
}

const checked = { controls: 0, targets: 0 };
const unnamed: string[] = [];
const small: string[] = [];

async function audit(page: string, scope: Locator = sim.currentPage()): Promise<void> {
  await sim.page.waitForTimeout(300);
  const found = await controls(scope);
  expect([page, found.length > 0]).toEqual([page, true]);
  checked.controls += found.length;
  checked.targets += found.length;
  for (const control of found) {
    if (control.name === '') unnamed.push(`${page}: ${control.where}`);
    if (control.width < MIN_TARGET || control.height < MIN_TARGET) {
      small.push(`${page}: ${control.where} 「${control.name}」 ${control.width}×${control.height}`);
    }
  }
}

describe('accessibility of every page', () => {
  it('names every tappable control and keeps every tap target at 44 × 44 pt or more', async () => {
    await audit('联系人');
    await sim.tapTab('拨号');
    await audit('拨号');
    for (const digit of '13800138000') await sim.tapText(digit);
    await audit('拨号（已输入号码）');
    await sim.tapTab('通话记录');
    await audit('通话记录');
    await sim.currentPage().locator('[class*="--row "], [class$="--row"]').first().click();
    await audit('通话详情');
    await sim.back();
    await sim.tapTab('联系人');
    await sim.currentPage().locator('#settings').click();
    await audit('设置');
    await sim.back();
    await sim.currentPage().locator('#add').click();
    await audit('添加联系人');
    await sim.back();
    await sim.currentPage().locator('[id^="row-info-"]').first().click();
    await audit('联系人详情', sim.currentPage().locator('#detail-close').locator('..'));

    printFigures(
      `accessibility: ${checked.controls} controls checked for a name, ${checked.targets} tap targets measured`,
    );
    // Every page has its controls: a check that found none would pass without checking anything.
    expect(checked.controls).toBeGreaterThan(100);
    expect({ unnamed, small }).toEqual({ unnamed: [], small: [] });
  });
});
