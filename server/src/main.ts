/** `npm run server`: reads the environment, opens and migrates the database, listens, shuts down gracefully. */

import type { FastifyInstance } from 'fastify';
import { buildApp, LOG_REDACT } from './app';
import { loadConfig, type ServerConfig } from './config';
import { openDb, type Db } from './db';
import { ensureAdmin } from './identity';
import { migrate } from './migrate';
import { sendDueReminders } from './callbackReminders';
import { reconcile } from './reconciler';
import { createTcccApi } from './tcccApi';
import { createWechatApi } from './wechatApi';

const RECONCILE_EVERY_MS = 10 * 60_000;
/** How often due callback reminders are looked for: a reminder is at most this late. */
const REMINDERS_EVERY_MS = 30_000;

export interface StartServerOptions {
  /** pino level; 'silent' for none. */
  logLevel?: string;
  host?: string;
  /** How often the reconciler pulls the last 2 hours (the simulator's demo runs it more often). */
  reconcileEveryMs?: number;
}

export interface RunningServer {
  url: string;
  /** Where the data lives, for the start line. */
  where: string;
  app: FastifyInstance;
  db: Db;
  /** Stops accepting, lets in-flight requests finish (each push acked only after its commit), closes the db. */
  close(): Promise<void>;
}

/** Opens and migrates the database and listens; a busy port rejects with the listen error (code EADDRINUSE). */
export async function startServer(config: ServerConfig, options: StartServerOptions = {}): Promise<RunningServer> {
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
  const app = buildApp(ctx, { level: options.logLevel ?? 'info', redact: LOG_REDACT });
  // Every 10 minutes, the last 2 hours: fills pushes that failed or never came (one instance runs it at a time).
  const reconcileTimer = setInterval(() => {
    const nowTs = Math.floor(Date.now() / 1000);
    reconcile({ ...ctx, sdkAppId: config.tcccSdkAppId }, { fromTs: nowTs - 2 * 3600, toTs: nowTs })
      .then((report) => report !== null && report.filled > 0 && app.log.info({ report }, 'reconciled missing CDRs'))
      .catch((error: unknown) => app.log.warn({ err: { message: String(error) } }, 'reconciliation failed'));
  }, options.reconcileEveryMs ?? RECONCILE_EVERY_MS);
  reconcileTimer.unref();
  const reminderTimer = setInterval(() => {
    sendDueReminders({ db, wechat: ctx.wechat, template: config.wxCallbackTemplate, now: ctx.now })
      .then((report) => report !== null && report.sent + report.failed > 0 && app.log.info({ report }, 'reminders'))
      .catch((error: unknown) => app.log.warn({ err: { message: String(error) } }, 'callback reminders failed'));
  }, REMINDERS_EVERY_MS);
  reminderTimer.unref();
  let url: string;
  try {
    url = await app.listen({ port: config.port, host: options.host ?? '0.0.0.0' });
  } catch (error) {
    clearInterval(reconcileTimer);
    clearInterval(reminderTimer);
    await app.close().catch(() => undefined);
    await db.close().catch(() => undefined);
    throw error;
  }
  return {
    url: url.replace('0.0.0.0', '127.0.0.1'),
    where: config.databaseUrl !== null ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}`,
    app,
    db,
    async close() {
      clearInterval(reconcileTimer);
      clearInterval(reminderTimer);
      await app.close();
      await db.close();
    },
  };
}

/** The one line a busy SERVER_PORT gets, naming the variable and a free-looking neighbour. */
export function portInUseMessage(port: number, command: string): string {
  const other = port < 65535 ? port + 1 : 5182;
  return `port ${port} is already in use: pick another with SERVER_PORT=${other} ${command}`;
}

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const loaded = loadConfig(env);
  if (!loaded.ok) {
    for (const line of loaded.errors) process.stderr.write(`✖ ${line}\n`);
    process.exitCode = 1;
    return;
  }
  const { config } = loaded;
  const server = await startServer(config, { logLevel: env['LOG_LEVEL'] ?? 'info', host: env['SERVER_HOST'] }).catch(
    (error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      process.stderr.write(`✖ ${portInUseMessage(config.port, 'npm run server')}\n`);
      return null;
    },
  );
  if (server === null) {
    process.exitCode = 1;
    return;
  }
  process.stdout.write(`tccc-dialer server on ${server.url} (${server.where})\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: finishing in-flight requests, then closing the database\n`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
