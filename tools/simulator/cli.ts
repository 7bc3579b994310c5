/** The simulator's commands: `start` (npm start) serves the app; `screenshots` (npm run screenshots) draws every page. */

import { takeScreenshots } from './screenshots';
import { DEFAULT_PORT, startSimulator } from './server';

async function start(): Promise<void> {
  const port = process.env['PORT'] === undefined ? DEFAULT_PORT : Number(process.env['PORT']);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, not ${process.env['PORT']}`);
  const server = await startSimulator({ port, log: (line) => console.log(line) });
  console.log(`\n  tccc-dialer simulator: ${server.url}\n  (Ctrl+C to stop)\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

export async function main(args: string[]): Promise<void> {
  const command = args[0] ?? 'start';
  if (command === 'start') await start();
  else if (command === 'screenshots') await takeScreenshots();
  else throw new Error(`unknown command "${command}": use start or screenshots`);
}
