/** One simulator per e2e test file: its server on a free port, Debian's Chromium and one page, all closed after the file. */

import { Browser } from 'playwright-core';
import { launchChromium, SimulatorPage, SimulatorPageOptions } from '../../tools/simulator/driver';
import { SimulatorServer, startSimulator, StartOptions } from '../../tools/simulator/server';

export interface SimulatorSession {
  /** The page, once beforeAll has opened it. */
  readonly sim: SimulatorPage;
  /** The file's browser, to open a second page with other data (SimulatorPage.open(session.browser, session.url)). */
  readonly browser: Browser;
  /** The file's simulator server. */
  readonly url: string;
}

/** Registers beforeAll/afterAll hooks; read `session.sim` inside tests (or in a later beforeAll). */
export function useSimulator(
  options: SimulatorPageOptions = {},
  serverOptions: Pick<StartOptions, 'onCallEnded' | 'team'> = {},
): SimulatorSession {
  let server: SimulatorServer | undefined;
  let browser: Browser | undefined;
  let page: SimulatorPage | undefined;
  beforeAll(async () => {
    server = await startSimulator({ port: 0, ...serverOptions });
    browser = await launchChromium();
    page = await SimulatorPage.open(browser, server.url, options);
  });
  afterAll(async () => {
    await page?.close();
    await browser?.close();
    await server?.close();
  });
  const opened = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the simulator is not open: use the session inside tests');
    return value;
  };
  return {
    get sim(): SimulatorPage {
      return opened(page);
    },
    get browser(): Browser {
      return opened(browser);
    },
    get url(): string {
      return opened(server).url;
    },
  };
}
