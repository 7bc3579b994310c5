import { currentWxFake } from '../../fakes/wx';
import { openPage, tap, textOf, typeInto } from '../../helpers/page';
import { SETTINGS_KEY } from '../../../miniprogram/services/settingsStore';

describe('settings page', () => {
  it('saves the TCCC account when the real vant save button is tapped', async () => {
    const page = openPage('pages/settings/settings');
    await typeInto(page.component, '#sdkAppId', '1400000000');
    await typeInto(page.component, '#userId', 'agent@example.com');

    await tap(page.component, '#save', '.van-button');

    const stored = currentWxFake().storage.get('test', SETTINGS_KEY) as Record<string, unknown>;
    expect(stored).toMatchObject({ schemaVersion: 1, sdkAppId: '1400000000', userId: 'agent@example.com' });
    expect(currentWxFake().toasts).toEqual([{ title: '已保存', icon: 'success' }]);
  });

  it('refuses a non-numeric SDKAppID and shows the error beside the field', async () => {
    const page = openPage('pages/settings/settings');
    await typeInto(page.component, '#sdkAppId', '14000abc');
    await typeInto(page.component, '#userId', 'agent@example.com');

    await tap(page.component, '#save', '.van-button');

    expect(currentWxFake().storage.has(SETTINGS_KEY)).toBe(false);
    expect(textOf(page.component)).toContain('SDKAppID 应为纯数字');
  });

  it('shows what was saved before when it opens again', async () => {
    currentWxFake().storage.set('test', SETTINGS_KEY, { schemaVersion: 1, sdkAppId: '1400000001', userId: 'a@b.cn' });
    const page = openPage('pages/settings/settings');
    expect(page.component.data).toMatchObject({ sdkAppId: '1400000001', userId: 'a@b.cn' });
  });
});
