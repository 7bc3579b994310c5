/** Reads the clipboard for paste buttons, turning WeChat's privacy refusals into messages an agent understands. */

export type ClipboardRead = { ok: true; text: string } | { ok: false; message: string };

/** errno 104: the user has not agreed to the privacy guide; 112: the API is not declared in it. */
export function clipboardFailureMessage(error: { errMsg?: string; errno?: number }): string {
  const errMsg = error.errMsg ?? '';
  if (error.errno === 104 || /privacy permission is not authorized/.test(errMsg)) {
    return '未同意隐私保护指引，无法读取剪贴板';
  }
  if (error.errno === 112 || /privacy api banned/.test(errMsg)) return '小程序未声明剪贴板用途，无法读取';
  return '无法读取剪贴板';
}

export function readClipboard(): Promise<ClipboardRead> {
  return new Promise((resolve) => {
    wx.getClipboardData({
      success: (result) => resolve({ ok: true, text: typeof result.data === 'string' ? result.data : '' }),
      fail: (error: WechatMiniprogram.GeneralCallbackResult & { errno?: number }) =>
        resolve({ ok: false, message: clipboardFailureMessage(error) }),
    });
  });
}
