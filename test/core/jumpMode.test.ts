import {
  chooseJumpApi,
  compareVersions,
  isEmbeddedUnsupported,
  notLaunchedMessage,
} from '../../miniprogram/core/jumpMode';

const OFFERED = { canIUse: true, sdkVersion: '3.6.0', failedBefore: false };

describe('jump mode', () => {
  it('compares base library versions by number, not by text', () => {
    expect(compareVersions('2.9.0', '2.20.1')).toBe(-1);
    expect(compareVersions('2.20.1', '2.20.1')).toBe(0);
    expect(compareVersions('3.0', '2.20.1')).toBe(1);
  });

  it('opens half-screen only when the agent asked for it and WeChat offers it', () => {
    expect(chooseJumpApi(false, OFFERED)).toEqual({ api: 'navigateToMiniProgram' });
    expect(chooseJumpApi(true, OFFERED)).toEqual({ api: 'openEmbeddedMiniProgram' });
  });

  it('falls back to the full-screen jump with the reason: old base library, no API, or a failure seen before', () => {
    expect(chooseJumpApi(true, { ...OFFERED, sdkVersion: '2.19.4' })).toEqual({
      api: 'navigateToMiniProgram',
      fallback: '微信版本过低（基础库 2.19.4，半屏需 2.20.1 及以上），已改为全屏打开 TCCC',
    });
    expect(chooseJumpApi(true, { ...OFFERED, canIUse: false, sdkVersion: '' })).toMatchObject({
      api: 'navigateToMiniProgram',
      fallback: expect.stringContaining('基础库 未知'),
    });
    expect(chooseJumpApi(true, { ...OFFERED, failedBefore: true })).toEqual({
      api: 'navigateToMiniProgram',
      fallback: '此微信不支持半屏打开小程序，已改为全屏打开 TCCC',
    });
  });

  it('tells an unsupported half-screen from a cancel, a missed tap or a bad parameter', () => {
    expect(isEmbeddedUnsupported('openEmbeddedMiniProgram:fail not supported')).toBe(true);
    expect(isEmbeddedUnsupported('openEmbeddedMiniProgram:fail cancel')).toBe(false);
    expect(isEmbeddedUnsupported('openEmbeddedMiniProgram:fail can only be invoked by user TAP gesture.')).toBe(false);
    expect(isEmbeddedUnsupported('navigateToMiniProgram:fail not supported')).toBe(false);
    expect(notLaunchedMessage('navigateToMiniProgram:fail xyz')).toBe('无法打开通话：navigateToMiniProgram:fail xyz');
  });
});
