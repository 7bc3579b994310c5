/** `npm run server`: reads the environment, opens and migrates the database, listens, shuts down gracefully. */

import { buildApp, LOG_REDACT } from './app';
import { loadConfig } from './config';
import { openDb } from './db';
import { ensureAdmin } from './identity';
import { migrate } from './migrate';
import { reconcile } from './reconciler';
import { createTcccApi } from './tcccApi';
import { createWechatApi } from './wechatApi';

const RECONCILE_EVERY_MS = 10 * 60_000;

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const loaded = loadConfig(env);
  if (!loaded.ok) {
    for (const line of loaded.errors) process.stderr.write(`✖ ${line}\n`);
    process.exitCode = 1;
    return;
  }
  const { config } = loaded;
  const db = openDb(config.databaseUrl !== null ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir });
  await migrate(db);
  await ensureAdmin(db, config.adminPassword, Date.now());
  const ctx = {
    config,
    db,
    now: Date.now,
    tccc: createTcccApi(config),
    wechat: createWechatApi(config.wxApiBase, config.wxAppId, config.wxSecret),
    sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  };
  const app = buildApp(ctx, { level: env['LOG_LEVEL'] ?? 'info', redact: LOG_REDACT });
  // Every 10 minutes, the last 2 hours: fills pushes that failed or never came (one instance runs it at a time).
  const reconcileTimer = setInterval(() => {
    const nowTs = Math.floor(Date.now() / 1000);
    reconcile({ ...ctx, sdkAppId: config.tcccSdkAppId }, { fromTs: nowTs - 2 * 3600, toTs: nowTs })
      .then((report) => report !== null && report.filled > 0 && app.log.info({ report }, 'reconciled missing CDRs'))
      .catch((error: unknown) => app.log.warn({ err: { message: String(error) } }, 'reconciliation failed'));
  }, RECONCILE_EVERY_MS);
  reconcileTimer.unref();
  const url = await app.listen({ port: config.port, host: env['SERVER_HOST'] ?? '0.0.0.0' });
  const where = config.databaseUrl !== null ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}`;
  process.stdout.write(`tccc-dialer server on ${url.replace('0.0.0.0', '127.0.0.1')} (${where})\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    clearInterval(reconcileTimer);
    process.stdout.write(`${signal}: finishing in-flight requests, then closing the database\n`);
    // close() stops accepting, waits for in-flight requests (each acked only after its commit), then the db closes.
    app
      .close()
      .then(() => db.close())
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
