/** The clipboard for paste and copy buttons, turning WeChat's privacy refusals into messages an agent understands. */

export type ClipboardRead = { ok: true; text: string } | { ok: false; message: string };
export type ClipboardWrite = { ok: true } | { ok: false; message: string };

type ClipboardError = WechatMiniprogram.GeneralCallbackResult & { errno?: number };

/**
 * errno 104: the user has not agreed to the privacy guide; 112: the API is not declared in it.
 * `action` names what failed: 读取剪贴板 for paste, 复制 for copy.
 */
export function clipboardFailureMessage(error: { errMsg?: string; errno?: number }, action = '读取剪贴板'): string {
  const errMsg = error.errMsg ?? '';
  if (error.errno === 104 || /privacy permission is not authorized/.test(errMsg)) {
    return `未同意隐私保护指引，无法${action}`;
  }
  if (error.errno === 112 || /privacy api banned/.test(errMsg)) return `小程序未声明剪贴板用途，无法${action}`;
  return `无法${action}`;
}

export function readClipboard(): Promise<ClipboardRead> {
  return new Promise((resolve) => {
    wx.getClipboardData({
      success: (result) => resolve({ ok: true, text: typeof result.data === 'string' ? result.data : '' }),
      fail: (error: ClipboardError) => resolve({ ok: false, message: clipboardFailureMessage(error) }),
    });
  });
}

/** Copies text (a session id, an export); WeChat shows its own "内容已复制" toast on success. */
export function writeClipboard(text: string): Promise<ClipboardWrite> {
  return new Promise((resolve) => {
    wx.setClipboardData({
      data: text,
      success: () => resolve({ ok: true }),
      fail: (error: ClipboardError) => resolve({ ok: false, message: clipboardFailureMessage(error, '复制') }),
    });
  });
}
