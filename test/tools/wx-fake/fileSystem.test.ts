/** The wx fake's file system and file sharing: quota, WeChat's error texts, the tap rule. */

import { currentWxFake, WxApiError } from '../../../tools/wx-fake/wx';

const DIR = 'wxfile://usr';

function errMsgOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as WxApiError).errMsg ?? String(error);
  }
  throw new Error('expected a throw');
}

describe('wx fake: file system', () => {
  it('writes UTF-8 text under USER_DATA_PATH and reads it back, async and sync', async () => {
    const fs = wx.getFileSystemManager();
    const path = `${wx.env.USER_DATA_PATH}/a.csv`;
    expect(path).toBe(`${DIR}/a.csv`);
    await new Promise<void>((resolve, reject) =>
      fs.writeFile({
        filePath: path,
        data: '\ufeff姓名,号码\n',
        encoding: 'utf8',
        success: () => resolve(),
        fail: reject,
      }),
    );
    // BOM (3) + 2 Chinese chars (6) + comma + 2 Chinese (6) + newline
    expect(currentWxFake().files.bytesOf(path)?.length).toBe(3 + 6 + 1 + 6 + 1);
    expect(fs.readFileSync(path, 'utf8')).toBe('\ufeff姓名,号码\n');
    fs.appendFileSync(path, 'x', 'utf8');
    expect(currentWxFake().files.textOf(path)).toBe('\ufeff姓名,号码\nx');
    const stats = fs.statSync(path) as WechatMiniprogram.Stats;
    expect(stats.size).toBe(18);
    expect(stats.isFile()).toBe(true);
  });

  it("refuses writes past the quota with WeChat's text and keeps the old file", async () => {
    const fake = currentWxFake();
    const fs = wx.getFileSystemManager();
    const path = `${DIR}/big.csv`;
    fs.writeFileSync(path, 'old', 'utf8');
    fake.files.quotaBytes = 10;
    const result = await new Promise<WechatMiniprogram.GeneralCallbackResult>((resolve) =>
      fs.writeFile({ filePath: path, data: 'x'.repeat(11), encoding: 'utf8', fail: resolve }),
    );
    expect(result.errMsg).toBe('writeFile:fail the maximum size of the file storage limit is exceeded');
    expect(errMsgOf(() => fs.writeFileSync(path, 'x'.repeat(11), 'utf8'))).toBe(
      'writeFileSync:fail the maximum size of the file storage limit is exceeded',
    );
    expect(fake.files.textOf(path)).toBe('old');
    // replacing a file counts only the difference
    expect(() => fs.writeFileSync(path, 'x'.repeat(10), 'utf8')).not.toThrow();
  });

  it('refuses paths outside USER_DATA_PATH and missing folders, and reports missing files', async () => {
    const fs = wx.getFileSystemManager();
    expect(errMsgOf(() => fs.writeFileSync('/etc/x', 'a', 'utf8'))).toBe(
      'writeFileSync:fail permission denied, open /etc/x',
    );
    expect(errMsgOf(() => fs.writeFileSync(`${DIR}/no/x`, 'a', 'utf8'))).toBe(
      `writeFileSync:fail no such file or directory, open ${DIR}/no/x`,
    );
    expect(errMsgOf(() => fs.readFileSync(`${DIR}/none`, 'utf8'))).toBe(
      `readFileSync:fail no such file or directory, open ${DIR}/none`,
    );
    const access = await new Promise<WechatMiniprogram.GeneralCallbackResult>((resolve) =>
      fs.access({ path: `${DIR}/none`, fail: resolve }),
    );
    expect(access.errMsg).toBe(`access:fail no such file or directory ${DIR}/none`);
    fs.writeFileSync(`${DIR}/gone`, 'a', 'utf8');
    await new Promise((resolve) => fs.unlink({ filePath: `${DIR}/gone`, success: resolve }));
    expect(currentWxFake().files.has(`${DIR}/gone`)).toBe(false);
  });
});

describe('wx fake: shareFileMessage', () => {
  function share(filePath: string): Promise<string> {
    return new Promise((resolve) =>
      wx.shareFileMessage({
        filePath,
        fileName: '通话记录.csv',
        success: (r) => resolve(r.errMsg),
        fail: (r) => resolve(r.errMsg),
      }),
    );
  }

  it('shares a file from a tap and records it', async () => {
    const fake = currentWxFake();
    wx.getFileSystemManager().writeFileSync(`${DIR}/c.csv`, 'a', 'utf8');
    const result = fake.tap(() => share(`${DIR}/c.csv`));
    expect(await result).toBe('shareFileMessage:ok');
    expect(fake.sharedFiles).toEqual([{ filePath: `${DIR}/c.csv`, fileName: '通话记录.csv', inTap: true }]);
  });

  it('fails outside a tap, on a missing file, and when the user cancels', async () => {
    const fake = currentWxFake();
    wx.getFileSystemManager().writeFileSync(`${DIR}/c.csv`, 'a', 'utf8');
    expect(await share(`${DIR}/c.csv`)).toBe('shareFileMessage:fail can only be invoked by user TAP gesture.');
    expect(await fake.tap(() => share(`${DIR}/none.csv`))).toBe(
      `shareFileMessage:fail no such file or directory ${DIR}/none.csv`,
    );
    fake.shareFileBehaviour = 'cancel';
    expect(await fake.tap(() => share(`${DIR}/c.csv`))).toBe('shareFileMessage:fail cancel');
  });
});
