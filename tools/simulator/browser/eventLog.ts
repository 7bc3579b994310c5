/** The simulator's event log: lifecycle calls and API results, shown beside the phone for people and tests. */

const MAX_ENTRIES = 300;
/** Mainland mobiles and fixed lines, with or without +86 / 0086: personal data, never shown in the log. */
const PHONE_NUMBER = /(?<![\w-])(?:\+?86|0086)?(1[3-9]\d{9}|0\d{9,11})(?![\w-])/g;

/** Keeps the first 3 and last 4 digits, as the app's display rule does. */
export function maskPhones(text: string): string {
  return text.replace(PHONE_NUMBER, (_all, digits: string) => `${digits.slice(0, 3)}****${digits.slice(-4)}`);
}

export class EventLog {
  private readonly entries: string[] = [];
  private count = 0;
  /** The newest entry waiting to be scrolled into view at the next frame. */
  private newest: HTMLElement | undefined;

  constructor(private readonly list: HTMLElement) {}

  add(event: string): void {
    const text = maskPhones(event);
    this.count += 1;
    this.entries.push(text);
    if (this.entries.length > MAX_ENTRIES) this.entries.shift();
    const item = document.createElement('li');
    item.textContent = `${this.count}. ${text}`;
    this.list.appendChild(item);
    if (this.list.children.length > MAX_ENTRIES) this.list.firstElementChild?.remove();
    this.scrollLater(item);
  }

  /**
   * Scrolls to the newest entry once per frame, in the frame's own layout: scrolling on every add forced a layout
   * in the middle of the app's handler (33–63 ms a step at 4× CPU), which the slow-phone bench counted as the app's.
   */
  private scrollLater(item: HTMLElement): void {
    const waiting = this.newest !== undefined;
    this.newest = item;
    if (waiting) return;
    requestAnimationFrame(() => {
      const newest = this.newest;
      this.newest = undefined;
      if (newest?.isConnected === true) newest.scrollIntoView({ block: 'nearest' });
    });
  }

  all(): string[] {
    return [...this.entries];
  }
}

/** One line of JSON for the log (add() masks phone numbers in it). */
export function brief(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? 'undefined' : text;
}
