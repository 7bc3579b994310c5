/** Boots the real app.ts and its services in a fresh module registry, as WeChat does on a cold start. */

import { currentWxFake, EnterOptions } from '../wx-fake/wx';
import { SETTINGS_KEY } from '../../miniprogram/services/settingsStore';
import { DEFAULT_AGENT_SETTINGS } from '../../miniprogram/core/agentSettings';

type CallLauncher = typeof import('../../miniprogram/services/callLauncher');
type CallLog = typeof import('../../miniprogram/services/callLog');
type CallReturnService = typeof import('../../miniprogram/services/callReturn');
type WrapUpService = typeof import('../../miniprogram/services/wrapUp');
type CallFeed = typeof import('../../miniprogram/services/callEvents');

export interface BootedApp {
  launcher: CallLauncher;
  callLog: CallLog;
  callReturn: CallReturnService;
  wrapUp: WrapUpService;
  feed: CallFeed;
}

/** Loads app.ts and the services it shares with pages, in one fresh registry (memory starts empty). */
export function loadApp(): BootedApp {
  let booted: BootedApp | undefined;
  jest.isolateModules(() => {
    require('../../miniprogram/app');
    booted = {
      launcher: require('../../miniprogram/services/callLauncher') as CallLauncher,
      callLog: require('../../miniprogram/services/callLog') as CallLog,
      callReturn: require('../../miniprogram/services/callReturn') as CallReturnService,
      wrapUp: require('../../miniprogram/services/wrapUp') as WrapUpService,
      feed: require('../../miniprogram/services/callEvents') as CallFeed,
    };
  });
  if (booted === undefined) throw new Error('app did not load');
  return booted;
}

/** A normal start: app.ts runs, then WeChat calls onLaunch and onShow. */
export function startApp(options: Partial<EnterOptions> = {}): BootedApp {
  const app = loadApp();
  currentWxFake().launch(options);
  return app;
}

export function configureAgent(overrides: Partial<typeof DEFAULT_AGENT_SETTINGS> = {}): void {
  currentWxFake().storage.set('test', SETTINGS_KEY, {
    ...DEFAULT_AGENT_SETTINGS,
    sdkAppId: '1400000000',
    userId: 'agent@example.com',
    ...overrides,
  });
}

/** Lets WeChat's async callbacks (success, fail, the hide after a jump) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
}
