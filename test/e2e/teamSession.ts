/** The team e2e files' shared set-up: a team server beside the simulator (as `npm start` runs them), polling, binding. */

import type { Browser } from 'playwright-core';
import type { SimulatorPage, SimulatorPageOptions } from '../../tools/simulator/driver';
import { startTeamServer, type TeamServer } from '../../tools/simulator/teamServer';
import { pageText, toastGone } from './agentSteps';
import { useSimulator } from './simulatorSession';

export interface TeamSession {
  /** The phone, once beforeAll has opened it. */
  readonly sim: SimulatorPage;
  /** The team server the phone's requests and the simulated TCCC's pushes reach. */
  readonly team: TeamServer;
  /** The file's Chromium, to open a dashboard beside the phone. */
  readonly browser: Browser;
}

export interface TeamSessionOptions {
  /** Seed the simulated team's month of calls (default true; tests that count calls turn it off). */
  seedTeam?: boolean;
  simulator?: SimulatorPageOptions;
}

/** Registers beforeAll/afterAll hooks: the simulator, then the team server (its link is late-bound). */
export function useTeamSession(options: TeamSessionOptions = {}): TeamSession {
  let team: TeamServer | null = null;
  const session = useSimulator(options.simulator ?? {}, {
    onCallEnded: (report) => team?.callEnded(report),
    team: () =>
      team === null ? null : { url: team.url, issueLoginCode: (openid) => team?.issueLoginCode(openid) ?? '' },
  });
  beforeAll(async () => {
    team = await startTeamServer({
      port: 0,
      dataDir: undefined,
      seed: 7,
      ...(options.seedTeam === undefined ? {} : { seedTeam: options.seedTeam }),
      log: () => undefined,
    });
  });
  afterAll(async () => {
    await team?.close();
  });
  return {
    get sim(): SimulatorPage {
      return session.sim;
    },
    get team(): TeamServer {
      if (team === null) throw new Error('the team server is not up: use the session inside tests');
      return team;
    },
    get browser(): Browser {
      return session.browser;
    },
  };
}

/** Polls `check` every `everyMs` until it holds; fails naming what it waited for. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  { timeoutMs = 20_000, everyMs = 200 }: { timeoutMs?: number; everyMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** 联系人 → the settings page. */
export async function openSettings(sim: SimulatorPage): Promise<void> {
  await sim.tapTab('联系人');
  await sim.currentPage().locator('#settings').click();
  await sim.page.waitForTimeout(300);
}

/**
 * Binds the phone as an agent would: settings → 团队, the server's URL and the bind code typed into the inputs,
 * 绑定. Returns the name the phone shows as bound, on the settings page; throws with the phone's message if
 * the server refused.
 */
export async function bindPhone(sim: SimulatorPage, url: string, code: string): Promise<string> {
  await openSettings(sim);
  const inputs = sim.currentPage().locator('#team-server input, #team-code input');
  await inputs.nth(0).fill(url);
  await inputs.nth(1).fill(code);
  await sim.currentPage().locator('#team-bind').click();
  const agent = sim.currentPage().locator('#team-agent');
  const message = sim.currentPage().locator('#team-message');
  await waitFor('the phone bound or refused', async () => (await agent.count()) + (await message.count()) > 0);
  if ((await agent.count()) === 0) {
    throw new Error(`the phone did not bind: ${(await message.innerText()).trim()}\n${await pageText(sim)}`);
  }
  await toastGone(sim);
  return (await agent.locator('[class*="van-cell__value"]').innerText()).trim();
}
