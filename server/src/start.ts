/** The server's entry (`npm run server`, the Docker image): runs main() and turns a failure to start into one line. */

import { main } from './main';

main().catch((error: unknown) => {
  process.stderr.write(`✖ server failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
