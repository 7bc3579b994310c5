/** @jest-environment node */
/**
 * WeChat's largest font size (the simulator's 字体大小 最大, 28 px against the standard 17 px: page text 1.65×): the
 * phone numbers and the call buttons on every page that shows them are drawn whole. Nothing of their text lies outside
 * the element, outside any ancestor that clips, or outside the screen, and nothing is cut with an ellipsis.
 */

import { Locator } from 'playwright-core';
import { LARGEST_FONT_SIZE, SimulatorPage } from '../../tools/simulator/driver';
import { printFigures } from '../helpers/figures';
import { useSimulator } from './simulatorSession';

jest.setTimeout(180_000);

const session = useSimulator({ fontSize: LARGEST_FONT_SIZE });
let sim: SimulatorPage;
beforeAll(() => {
  sim = session.sim;
});

interface Clipped {
  text: string;
  why: string;
}

/** Where each element's text is not drawn whole, with the reason; empty when all of it shows. */
async function clippedText(targets: Locator, ownText: boolean): Promise<{ checked: number; clipped: Clipped[] }> {
  return targets.evaluateAll((elements, onlyOwn) => {
    const screen = document.querySelector('#sim-screen')?.getBoundingClientRect();
    // Rows scrolled above or below the page's window are not on screen to be read: only whole rows in view count.
    const view = document.querySelector('#sim-window')?.getBoundingClientRect();
    const found: { text: string; why: string }[] = [];
    let checked = 0;
    // A text box is the font's whole em box plus its ascent and descent (1.45 em for Noto CJK): with a line height
    // under that it may overhang its line by a tenth of an em without any ink outside. Sideways nothing may overhang.
    let slack = 1;
    const outside = (r: DOMRect, box: DOMRect) =>
      r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - slack || r.bottom > box.bottom + slack;
    for (const element of elements) {
      const box = element.getBoundingClientRect();
      if (view !== undefined && (box.top < view.top || box.bottom > view.bottom || box.height === 0)) continue;
      checked += 1;
      slack = 1;
      const own = Array.from(element.childNodes).filter((n) => n.nodeType === Node.TEXT_NODE);
      const text = onlyOwn
        ? own
            .map((n) => n.textContent ?? '')
            .join('')
            .trim()
        : ((element as HTMLElement).innerText || element.textContent || '').trim();
      const rects: DOMRect[] = [];
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
        if ((node.textContent ?? '').trim() === '' || (onlyOwn && node.parentNode !== element)) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        rects.push(...Array.from(range.getClientRects()).filter((r) => r.width > 0 && r.height > 0));
        const size = Number.parseFloat(getComputedStyle(node.parentElement ?? element).fontSize);
        slack = Math.max(slack, 1 + 0.12 * size);
      }
      if (rects.length === 0) {
        found.push({ text, why: 'no text drawn' });
        continue;
      }
      if (rects.some((r) => outside(r, box))) found.push({ text, why: 'text spills out of its box' });
      if (screen !== undefined && rects.some((r) => outside(r, screen))) found.push({ text, why: 'off the screen' });
      for (const inner of onlyOwn ? [element] : [element, ...Array.from(element.querySelectorAll('*'))]) {
        const style = getComputedStyle(inner);
        const cuts = style.overflowX !== 'visible' || style.overflowY !== 'visible';
        if (cuts && (inner.scrollWidth > inner.clientWidth + 1 || inner.scrollHeight > inner.clientHeight + 1)) {
          found.push({ text, why: `cut inside <${inner.tagName.toLowerCase()} class="${inner.className}">` });
        }
      }
      for (let up = element.parentElement; up !== null && up.id !== 'sim-screen'; up = up.parentElement) {
        const style = getComputedStyle(up);
        if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
        if (rects.some((r) => outside(r, up.getBoundingClientRect()))) {
          found.push({ text, why: `cut by <${up.tagName.toLowerCase()} class="${up.className}">` });
          break;
        }
      }
    }
    return { checked, clipped: found };
  }, ownText);
}

const problems: string[] = [];
let checked = 0;

/** Checks each selector's elements; `own:` before a selector checks only the element's own text, not its children's. */
async function check(where: string, selectors: string[], scope: Locator = sim.currentPage()): Promise<void> {
  await sim.page.waitForTimeout(400);
  for (const entry of selectors) {
    const ownText = entry.startsWith('own:');
    const selector = ownText ? entry.slice(4) : entry;
    const result = await clippedText(scope.locator(selector), ownText);
    // A selector that matched nothing would pass without checking anything.
    expect([where, selector, result.checked > 0]).toEqual([where, selector, true]);
    checked += result.checked;
    for (const c of result.clipped) problems.push(`${where} ${selector}: 「${c.text}」 ${c.why}`);
  }
}

describe('at WeChat’s largest font size', () => {
  it('shows every phone number and every call button whole', async () => {
    // 联系人: the callbacks' 回拨 and the rows' numbers (a row tap calls; the number is the side's own text).
    await check('联系人', ['[class*="due__call"]', 'own:[class*="row__side"]']);
    await sim.currentPage().locator('[id^="row-info-"]').first().click();
    await check(
      '联系人详情',
      ['[class*="detail__number"]', '#detail-call'],
      sim.currentPage().locator('#contact-detail'),
    );
    await sim.currentPage().locator('#detail-close').click();
    // 拨号: a whole number typed, its contact found, and the call button.
    await sim.tapTab('拨号');
    for (const digit of '13800138000') await sim.tapText(digit);
    await check('拨号', ['#number', '[class*="match__sub"]', '#call']);
    // The wrap-up sheet after a call: the number and 重拨.
    await sim.tapText('拨打');
    await sim.answerDialog('允许');
    await sim.away().locator('.sim-tccc-callee').waitFor();
    await sim.endCall('客户挂断', 42);
    await check('小结', ['[class*="wrap-up__number"]', '#redial', '#save', '#skip']);
    await sim.currentPage().locator('#skip').click();
    // 通话记录 and 通话详情.
    await sim.tapTab('通话记录');
    await sim.currentPage().getByText('收起 ▴').click();
    await check('通话记录', ['[class*="row__number"]']);
    await sim.currentPage().locator('[class*="--row "], [class$="--row"]').first().click();
    await check('通话详情', ['[class*="head__number"]', '#redial']);

    printFigures(`largest font: ${checked} numbers and call buttons checked at ${LARGEST_FONT_SIZE} px`);
    expect(problems).toEqual([]);
  });
});
