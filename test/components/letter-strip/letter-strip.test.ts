/** The letter strip on its own: the letters that fit, a tap or a slide names the jump, the bubble, hiding. */

import simulate from 'miniprogram-simulate';
import { find, openPage, tap, textOf } from '../../../tools/page-harness/page';

const STRIP = 'components/letter-strip/letter-strip';
const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K'];

type Strip = ReturnType<typeof openPage>;
type StripData = { jumps: { letter: string; index: number }[]; activeLetter: string };

function dataOf(strip: Strip): StripData {
  return strip.component.data as StripData;
}

/** The positions the strip's jump events named, in order. */
function jumpsHeard(strip: Strip): number[] {
  const heard: number[] = [];
  const host = strip.component as unknown as {
    addEventListener(name: string, fn: (event: { detail: { position: number } }) => void): void;
  };
  host.addEventListener('jump', (event) => heard.push(event.detail.position));
  return heard;
}

async function openStrip(letters: string[], room = 0): Promise<Strip> {
  const strip = openPage(STRIP);
  strip.component.setData({ letters, room });
  await simulate.sleep(10);
  return strip;
}

/** A thumb on the strip at y px (j-component's touch points; the strip's top, measured on touchstart, is 0 here). */
async function touch(strip: Strip, type: 'touchstart' | 'touchmove', y: number): Promise<void> {
  const point = { x: 10, y };
  find(strip.component, '#jump-strip').dispatchEvent(type, { touches: [point], changedTouches: [point] });
  await simulate.sleep(10);
}

describe('letter strip', () => {
  it('shows every letter until the room is known, then an even pick that keeps the first and the last', async () => {
    const strip = await openStrip(LETTERS);
    expect(
      dataOf(strip)
        .jumps.map((m) => m.letter)
        .join(''),
    ).toBe('ABCDEFGHJK');
    strip.component.setData({ room: 100 });
    await simulate.sleep(10);
    // 100 px holds five 20 px letters; each keeps its place among all the letters.
    expect(dataOf(strip).jumps).toEqual([
      { letter: 'A', index: 0 },
      { letter: 'C', index: 2 },
      { letter: 'F', index: 5 },
      { letter: 'H', index: 7 },
      { letter: 'K', index: 9 },
    ]);
    expect(textOf(find(strip.component, '#jump-strip'))).toBe('ACFHK');
  });

  it('a tapped letter names its place among all the letters, and leaves no bubble behind', async () => {
    const strip = await openStrip(LETTERS, 100);
    const heard = jumpsHeard(strip);
    await tap(strip.component, '#jump-F');
    await tap(strip.component, '#jump-K');
    expect(heard).toEqual([5, 9]);
    expect(dataOf(strip).activeLetter).toBe('');
    expect(strip.component.querySelector('.bubble')).toBeUndefined();
  });

  it('the whole strip is one tap target: a tap beside the letters picks the letter at that height', async () => {
    const strip = await openStrip(LETTERS);
    const heard = jumpsHeard(strip);
    const point = { x: 4, y: 65, clientX: 4, clientY: 65 };
    find(strip.component, '#jump-strip').dispatchEvent('tap', { touches: [], changedTouches: [point] });
    await simulate.sleep(10);
    // 65 px down the 20 px rows is the fourth letter, D.
    expect(heard).toEqual([3]);
    expect(dataOf(strip).activeLetter).toBe('');
  });

  it('sliding jumps letter by letter, once per letter, with the letter in a bubble until the thumb lifts', async () => {
    const strip = await openStrip(LETTERS);
    const heard = jumpsHeard(strip);
    await touch(strip, 'touchstart', 0);
    await touch(strip, 'touchmove', 45);
    await touch(strip, 'touchmove', 50);
    expect(heard).toEqual([2]);
    expect(textOf(find(strip.component, '.bubble'))).toBe('C');
    await touch(strip, 'touchmove', 199);
    expect(heard).toEqual([2, 9]);
    expect(dataOf(strip).activeLetter).toBe('K');
    find(strip.component, '#jump-strip').dispatchEvent('touchend', { touches: [], changedTouches: [] });
    await simulate.sleep(10);
    expect(strip.component.querySelector('.bubble')).toBeUndefined();
  });

  it('hides while the page shows search results, and with one letter or none', async () => {
    const strip = await openStrip(LETTERS);
    strip.component.setData({ shown: false });
    await simulate.sleep(10);
    expect(strip.component.querySelector('#jump-strip')).toBeUndefined();
    strip.component.setData({ shown: true, letters: ['A'] });
    await simulate.sleep(10);
    expect(strip.component.querySelector('#jump-strip')).toBeUndefined();
    strip.component.setData({ letters: LETTERS });
    await simulate.sleep(10);
    expect(strip.component.querySelector('#jump-strip')).toBeDefined();
  });
});
