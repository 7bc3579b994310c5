/** The simulator's commands: `start` (npm start) serves the app beside the team server; `screenshots` draws every page. */

import type { CallEndReport } from './contract';
import { takeDashboardScreenshots } from './dashboardScreenshots';
import { takeScreenshots } from './screenshots';
import { DEFAULT_PORT, startSimulator } from './server';
import { DEFAULT_SERVER_PORT, DEMO, ServerPortInUse, startTeamServer, type TeamServer } from './teamServer';
import { DEMO_SUPERVISOR } from './teamSeed';

/** A mistake the user can fix from one line: run.js prints its message alone, without a stack. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

function isAddressInUse(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
}

function readPort(name: string, fallback: number): number {
  const requested = process.env[name];
  const port = requested === undefined ? fallback : Number(requested);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(
      `${name} must be a port number (0–65535), not "${requested}": for example ${name}=${fallback + 1} npm start`,
    );
  return port;
}

async function start(): Promise<void> {
  const port = readPort('PORT', DEFAULT_PORT);
  const serverPort = readPort('SERVER_PORT', DEFAULT_SERVER_PORT);
  // The team server is bound after the simulator starts; calls ended before that are only the phone's.
  let team: TeamServer | null = null;
  const onCallEnded = (report: CallEndReport) => team?.callEnded(report);
  const server = await startSimulator({ port, log: (line) => console.log(line), onCallEnded, team: () => team }).catch(
    (error: unknown) => {
      if (!isAddressInUse(error)) throw error;
      const other = port < 65535 ? port + 1 : DEFAULT_PORT + 1;
      throw new UsageError(`port ${port} is already in use: pick another with PORT=${other} npm start`);
    },
  );
  const dataDir = process.env['DATA_DIR'];
  team = await startTeamServer({
    port: serverPort,
    dataDir: dataDir === undefined || dataDir === '' ? undefined : dataDir,
    log: (line) => console.log(line),
  }).catch(async (error: unknown) => {
    await server.close();
    if (error instanceof ServerPortInUse) throw new UsageError(error.message);
    throw error;
  });
  const running = team;
  console.log(
    [
      '',
      `  tccc-dialer simulator: ${server.url}`,
      `  team server:           ${running.url} (${running.where})`,
      `    simulated TCCC ${DEMO.sdkAppId} pushes CDRs to it; demo credentials: tools/simulator/teamServer.ts`,
      `  supervisors' dashboard:  ${running.url}/dashboard`,
      `    sign in as admin / ${DEMO.adminPassword} (or ${DEMO_SUPERVISOR.username} / ${DEMO_SUPERVISOR.password})`,
      `    bind the phone: 设置 → 团队服务器 ${running.url}, 绑定码 ${running.demoBindCode} (single use, 24 h)`,
      '  (Ctrl+C to stop)',
      '',
    ].join('\n'),
  );
  const stop = () =>
    void Promise.all([server.close(), running.close()]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

export async function main(args: string[]): Promise<void> {
  const command = args[0] ?? 'start';
  if (command === 'start') await start();
  else if (command === 'screenshots') await takeScreenshots();
  else if (command === 'dashboard-screenshots') await takeDashboardScreenshots();
  else throw new UsageError(`unknown command "${command}": use start, screenshots or dashboard-screenshots`);
}
