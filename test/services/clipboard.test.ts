import { currentWxFake } from '../../tools/wx-fake/wx';
import { clipboardFailureMessage, readClipboard, writeClipboard } from '../../miniprogram/services/clipboard';

describe('clipboard', () => {
  it('reads and writes through WeChat', async () => {
    await expect(writeClipboard('s-123')).resolves.toEqual({ ok: true });
    expect(currentWxFake().clipboard).toBe('s-123');
    await expect(readClipboard()).resolves.toEqual({ ok: true, text: 's-123' });
  });

  it('a refused privacy agreement (errno 104) is explained for paste and for copy', async () => {
    currentWxFake().privacyAuthorized = false;
    await expect(readClipboard()).resolves.toEqual({ ok: false, message: '未同意隐私保护指引，无法读取剪贴板' });
    await expect(writeClipboard('x')).resolves.toEqual({ ok: false, message: '未同意隐私保护指引，无法复制' });
  });

  it('an API missing from the privacy guide (errno 112) says it is not declared', () => {
    expect(
      clipboardFailureMessage({
        errMsg: 'getClipboardData:fail api scope is not declared in the privacy agreement',
        errno: 112,
      }),
    ).toBe('小程序未声明剪贴板用途，无法读取剪贴板');
    expect(clipboardFailureMessage({ errMsg: 'getClipboardData:fail' })).toBe('无法读取剪贴板');
  });
});
