/** The simulator's event log: lifecycle calls and API results, shown beside the phone for people and tests. */

const MAX_ENTRIES = 300;

export class EventLog {
  private readonly entries: string[] = [];
  private count = 0;

  constructor(private readonly list: HTMLElement) {}

  add(text: string): void {
    this.count += 1;
    this.entries.push(text);
    if (this.entries.length > MAX_ENTRIES) this.entries.shift();
    const item = document.createElement('li');
    item.textContent = `${this.count}. ${text}`;
    this.list.appendChild(item);
    if (this.list.children.length > MAX_ENTRIES) this.list.firstElementChild?.remove();
    item.scrollIntoView({ block: 'nearest' });
  }

  all(): string[] {
    return [...this.entries];
  }
}

/** One line of JSON for the log; phone numbers never reach it (callers mask them first). */
export function brief(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? 'undefined' : text;
}
