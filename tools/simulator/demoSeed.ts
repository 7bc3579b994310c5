/**
 * Demo data for a newcomer's first look: written through the app's own stores when storage is empty.
 * One function per store; add a seed by adding a function to DEMO_SEEDS.
 */

import type * as SettingsStore from '../../miniprogram/services/settingsStore';

/** The app's modules, as the seeds reach them: the same code the app runs, not a copy. */
export interface AppModules {
  require(file: string): unknown;
}

export type DemoSeed = (app: AppModules) => void;

function seedSettings(app: AppModules): void {
  const store = app.require('services/settingsStore.js') as typeof SettingsStore;
  const result = store.saveAgentSettings({
    ...store.loadAgentSettings(),
    sdkAppId: '1400000000',
    userId: 'agent@example.com',
  });
  if (!result.ok) throw new Error(`demo settings not saved: ${result.message}`);
}

export const DEMO_SEEDS: DemoSeed[] = [seedSettings];

export function runDemoSeeds(app: AppModules): void {
  for (const seed of DEMO_SEEDS) seed(app);
}
