/** The simulator's wx clipboard: 粘贴 reads the computer's clipboard when the browser allows, else the field beside the phone. */

import { SimulatedClipboard, BrowserClipboardAccess } from '../../../../tools/simulator/browser/simulatedClipboard';
import { createWxApi, WxApiDeps } from '../../../../tools/simulator/browser/wxApi';
import APP_JSON from '../../../../miniprogram/app.json';
import { WxFake } from '../../../../tools/wx-fake/wx';

type ClipboardApi = (options?: Record<string, unknown>) => Promise<Record<string, unknown>> | undefined;

interface Setup {
  wx: Record<string, ClipboardApi>;
  fake: WxFake;
  field: HTMLTextAreaElement;
  readText: jest.Mock<Promise<string>, []>;
  writeText: jest.Mock<Promise<void>, [string]>;
  logged: string[];
  toasts: string[];
}

interface SetupOptions {
  computerText?: string | Error;
  permission?: PermissionState | 'unsupported';
  seeded?: boolean;
}

function setup({ computerText = '', permission = 'prompt', seeded = false }: SetupOptions = {}): Setup {
  const fake = new WxFake({ appJson: APP_JSON });
  const field = document.createElement('textarea');
  const readText = jest.fn(() =>
    computerText instanceof Error ? Promise.reject(computerText) : Promise.resolve(computerText),
  );
  const writeText = jest.fn((_text: string) => Promise.resolve());
  const browser: BrowserClipboardAccess = {
    clipboard: { readText, writeText },
    permissions: {
      query: () =>
        permission === 'unsupported'
          ? Promise.reject(new TypeError("'clipboard-read' is not a valid permission name"))
          : Promise.resolve({ state: permission } as PermissionStatus),
    },
  };
  const clipboard = new SimulatedClipboard({ field, store: fake, browser, useComputerClipboard: !seeded });
  const logged: string[] = [];
  const toasts: string[] = [];
  const deps = {
    fake,
    clipboard,
    log: { add: (line: string) => logged.push(line) },
    feedback: { showToast: (toast: { title: string }) => toasts.push(toast.title) },
    pages: {},
    chrome: {},
    openMiniProgram: () => undefined,
  } as unknown as WxApiDeps;
  const wx = createWxApi({}, deps) as Record<string, ClipboardApi>;
  return { wx, fake, field, readText, writeText, logged, toasts };
}

/** Types into the field beside the phone as a person does: its value, then an input event. */
function typeIntoField(field: HTMLTextAreaElement, text: string): void {
  field.value = text;
  field.dispatchEvent(new Event('input'));
}

function getClipboardWithCallbacks(wx: Setup['wx']): Promise<{ ok: boolean; result: Record<string, unknown> }> {
  return new Promise((resolve) => {
    void wx['getClipboardData']?.({
      success: (result: Record<string, unknown>) => resolve({ ok: true, result }),
      fail: (result: Record<string, unknown>) => resolve({ ok: false, result }),
    });
  });
}

describe("simulator's wx.getClipboardData", () => {
  it("reads the computer's clipboard when the browser allows it, and shows it in the field", async () => {
    const { wx, field, fake, logged } = setup({ computerText: '138 0013 8000', permission: 'granted' });
    await expect(wx['getClipboardData']?.({})).resolves.toEqual({
      errMsg: 'getClipboardData:ok',
      data: '138 0013 8000',
    });
    expect(field.value).toBe('138 0013 8000');
    expect(fake.clipboard).toBe('138 0013 8000');
    expect(logged).toEqual(["getClipboardData: read the computer's clipboard"]);
    expect(logged.join('\n')).not.toContain('8000');
  });

  it("asks the browser (permission 'prompt', or no permission to query) and settles callbacks as WeChat does", async () => {
    for (const permission of ['prompt', 'unsupported'] as const) {
      const { wx, readText } = setup({ computerText: '010-12345678 转 888', permission });
      await expect(getClipboardWithCallbacks(wx)).resolves.toEqual({
        ok: true,
        result: { errMsg: 'getClipboardData:ok', data: '010-12345678 转 888' },
      });
      expect(readText).toHaveBeenCalledTimes(1);
    }
  });

  it('reads what was pasted into the field when the browser refuses to read the clipboard', async () => {
    const { wx, field, logged } = setup({
      computerText: new DOMException('Read permission denied.', 'NotAllowedError'),
    });
    typeIntoField(field, '13800138000');
    await expect(wx['getClipboardData']?.({})).resolves.toEqual({
      errMsg: 'getClipboardData:ok',
      data: '13800138000',
    });
    expect(field.value).toBe('13800138000');
    expect(logged[0]).toContain("the simulator's clipboard field");
  });

  it('does not ask again once the browser has the permission denied, and keeps the field', async () => {
    const { wx, field, readText } = setup({ computerText: 'never read', permission: 'denied' });
    typeIntoField(field, '13900139000');
    await expect(wx['getClipboardData']?.({})).resolves.toHaveProperty('data', '13900139000');
    expect(readText).not.toHaveBeenCalled();
  });

  it('keeps the field when the computer holds no text (an image, or nothing)', async () => {
    const { wx, field } = setup({ computerText: '', permission: 'granted' });
    typeIntoField(field, '13700137000');
    await expect(wx['getClipboardData']?.({})).resolves.toHaveProperty('data', '13700137000');
  });

  it("never reads the computer's clipboard in seeded runs (tests, screenshots)", async () => {
    const { wx, readText } = setup({ computerText: 'from the machine', permission: 'granted', seeded: true });
    await expect(wx['getClipboardData']?.({})).resolves.toEqual({ errMsg: 'getClipboardData:ok', data: '' });
    expect(readText).not.toHaveBeenCalled();
  });

  it("fails with WeChat's privacy error, without reading the computer, when the agreement was refused", async () => {
    const { wx, fake, readText } = setup({ computerText: '13800138000', permission: 'granted' });
    fake.privacyAuthorized = false;
    await expect(wx['getClipboardData']?.({})).rejects.toEqual({
      errMsg: 'getClipboardData:fail privacy permission is not authorized',
      errno: 104,
    });
    await expect(getClipboardWithCallbacks(wx)).resolves.toEqual({
      ok: false,
      result: { errMsg: 'getClipboardData:fail privacy permission is not authorized', errno: 104 },
    });
    expect(readText).not.toHaveBeenCalled();
  });
});

describe("simulator's wx.setClipboardData", () => {
  it("shows the copy in the field, writes it to the computer, and confirms with WeChat's toast", async () => {
    const { wx, field, fake, writeText, toasts } = setup();
    await expect(wx['setClipboardData']?.({ data: 'session-1' })).resolves.toEqual({
      errMsg: 'setClipboardData:ok',
    });
    expect(fake.clipboard).toBe('session-1');
    expect(field.value).toBe('session-1');
    expect(writeText).toHaveBeenCalledWith('session-1');
    expect(toasts).toEqual(['内容已复制']);
    await expect(wx['getClipboardData']?.({})).resolves.toHaveProperty('data', 'session-1');
  });

  it('changes nothing when the privacy agreement was refused', async () => {
    const { wx, field, fake, writeText, toasts } = setup();
    typeIntoField(field, 'kept');
    fake.privacyAuthorized = false;
    await expect(wx['setClipboardData']?.({ data: 'lost' })).rejects.toHaveProperty('errno', 104);
    expect(field.value).toBe('kept');
    expect(writeText).not.toHaveBeenCalled();
    expect(toasts).toEqual([]);
  });
});
