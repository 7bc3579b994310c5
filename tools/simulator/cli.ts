/** The simulator's commands: `start` (npm start) serves the app; `screenshots` (npm run screenshots) draws every page. */

import { takeScreenshots } from './screenshots';
import { DEFAULT_PORT, startSimulator } from './server';

/** A mistake the user can fix from one line: run.js prints its message alone, without a stack. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

function isAddressInUse(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
}

async function start(): Promise<void> {
  const requested = process.env['PORT'];
  const port = requested === undefined ? DEFAULT_PORT : Number(requested);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(
      `PORT must be a port number (0–65535), not "${requested}": for example PORT=${DEFAULT_PORT + 1} npm start`,
    );
  const server = await startSimulator({ port, log: (line) => console.log(line) }).catch((error: unknown) => {
    if (!isAddressInUse(error)) throw error;
    const other = port < 65535 ? port + 1 : DEFAULT_PORT + 1;
    throw new UsageError(`port ${port} is already in use: pick another with PORT=${other} npm start`);
  });
  console.log(`\n  tccc-dialer simulator: ${server.url}\n  (Ctrl+C to stop)\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

export async function main(args: string[]): Promise<void> {
  const command = args[0] ?? 'start';
  if (command === 'start') await start();
  else if (command === 'screenshots') await takeScreenshots();
  else throw new UsageError(`unknown command "${command}": use start or screenshots`);
}
