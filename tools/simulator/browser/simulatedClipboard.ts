/** The phone's clipboard beside the phone: a field people can paste into, fed by the computer's clipboard when allowed. */

/** The parts of the browser's clipboard and permissions the simulator uses (navigator.clipboard, navigator.permissions). */
export interface BrowserClipboardAccess {
  clipboard: Pick<Clipboard, 'readText' | 'writeText'> | undefined;
  permissions: Pick<Permissions, 'query'> | undefined;
}

export interface SimulatedClipboardOptions {
  /** The field beside the phone: what the phone's clipboard holds; typing or pasting into it sets it. */
  field: HTMLTextAreaElement | HTMLInputElement;
  /** Where the simulated wx keeps the clipboard (WxFake.clipboard). */
  store: { clipboard: string };
  browser: BrowserClipboardAccess;
  /** False in seeded runs (tests, screenshots): they must not depend on what the machine happens to hold. */
  useComputerClipboard: boolean;
}

/** What getClipboardData read, for the event log (never the text: it may be a phone number). */
export type ClipboardSource = 'computer' | 'simulator';

export class SimulatedClipboard {
  constructor(private readonly options: SimulatedClipboardOptions) {
    options.field.value = options.store.clipboard;
    options.field.addEventListener('input', () => {
      options.store.clipboard = options.field.value;
    });
  }

  /**
   * Before wx.getClipboardData: takes the computer's clipboard text when the browser lets the page read it
   * (Chromium asks once), else keeps the simulator's own (the field's).
   */
  async refreshFromComputer(): Promise<ClipboardSource> {
    const text = await this.readComputer();
    // '' is also what Chromium reads when the computer holds a picture: the field's text stands then.
    if (text === undefined || text === '') return 'simulator';
    this.set(text);
    return 'computer';
  }

  /** After a successful wx.setClipboardData: shown in the field and, when the browser allows, on the computer too. */
  copied(text: string): void {
    this.set(text);
    const { clipboard } = this.options.browser;
    if (this.options.useComputerClipboard && clipboard !== undefined) clipboard.writeText(text).catch(() => undefined);
  }

  private set(text: string): void {
    this.options.store.clipboard = text;
    this.options.field.value = text;
  }

  private async readComputer(): Promise<string | undefined> {
    const { clipboard, permissions } = this.options.browser;
    if (!this.options.useComputerClipboard || clipboard === undefined) return undefined;
    try {
      // Firefox has no 'clipboard-read' permission to query (it throws): then just try to read.
      const state = await permissions
        ?.query({ name: 'clipboard-read' } as unknown as PermissionDescriptor)
        .then((status) => status.state)
        .catch(() => undefined);
      if (state === 'denied') return undefined;
      return await clipboard.readText();
    } catch {
      // Refused, no focus, or not text: the simulator's own clipboard stands.
      return undefined;
    }
  }
}
