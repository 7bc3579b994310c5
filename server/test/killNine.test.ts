/**
 * The kill -9 fault test: the server as a child process (PGlite in a temp DATA_DIR, or PostgreSQL when DATABASE_URL is
 * set) takes a stream of pushes, is SIGKILLed midway and restarted; every push not acknowledged is sent again, as TCCC
 * retries. Every acknowledged push must be stored, and every push exactly once.
 */

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { openDb, type Db } from '../src/db';
import { createTestDb, type TestDb } from './helpers/testDb';
import { ADMIN_PASSWORD, PUSH_SECRET, SDK_APP_ID } from './helpers/testServer';

const RUN = path.resolve(__dirname, '..', 'run.js');
const PUSHES = 300;
const CONCURRENCY = 4;
const KILL_AFTER_ACKS = 120;
const BASIC = `Basic ${Buffer.from(`${SDK_APP_ID}:${PUSH_SECRET}`).toString('base64')}`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Starts `node server/run.js` and resolves once it prints its URL. */
function startChild(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RUN], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /tccc-dialer server on (http:\/\/\S+)/.exec(output);
      if (match !== null) resolve({ child, url: match[1] as string });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening: ${output}`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

function cdr(i: number): string {
  return JSON.stringify({
    SdkAppId: Number(SDK_APP_ID),
    SessionId: `kill-${i}`,
    Uui: `td1.k${String(i).padStart(9, '0')}`,
    StartTimestamp: 1_764_554_400 + i,
    EndStatusString: i % 3 === 0 ? 'busy' : 'ok',
    Duration: i % 3 === 0 ? 0 : 20,
    SeatUser: { UserId: 'agent.a@example.com' },
  });
}

/** One push; true only for TCCC's acknowledgement. */
async function push(url: string, i: number): Promise<boolean> {
  try {
    const response = await fetch(`${url}/tccc/push?action=cdr&version=1`, {
      method: 'POST',
      headers: { authorization: BASIC, 'content-type': 'application/json', 'x-tccc-push-uuid': `push-${i}` },
      body: cdr(i),
      signal: AbortSignal.timeout(10_000),
    });
    const answer = (await response.json()) as { ErrCode?: number; ErrMsg?: string };
    return response.status === 200 && answer.ErrCode === 0 && answer.ErrMsg === '';
  } catch {
    return false;
  }
}

/** Sends pushes from a queue with a few workers; a worker whose push fails (the server died) quits. */
async function stream(url: string, queue: number[], acked: Set<number>, onAck: () => void): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < queue.length) {
      const i = queue[next++] as number;
      if (await push(url, i)) {
        acked.add(i);
        onAck();
      } else return;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

async function counts(db: Db): Promise<{ pushes: number; cdrs: number; distinctSessions: number }> {
  const [row] = await db.query<{ pushes: number; cdrs: number; distinct_sessions: number }>(
    `SELECT (SELECT count(*) FROM push_log) AS pushes, (SELECT count(*) FROM cdrs) AS cdrs,
            (SELECT count(DISTINCT session_id) FROM cdrs) AS distinct_sessions`,
  );
  return { pushes: row?.pushes ?? -1, cdrs: row?.cdrs ?? -1, distinctSessions: row?.distinct_sessions ?? -1 };
}

describe('kill -9 in the middle of a stream of pushes', () => {
  let dataDir: string;
  let testDb: TestDb | null = null;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tccc-kill9-'));
    // On PostgreSQL, a throwaway database (already migrated; the server's migrate is then a no-op).
    if (process.env['DATABASE_URL']) testDb = await createTestDb();
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await Promise.all(children.map(exited));
    if (testDb !== null) await testDb.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged push and stores every push exactly once after the retries', async () => {
    const env: Record<string, string> = {
      TCCC_SECRET_ID: 'AKIDkill9',
      TCCC_SECRET_KEY: 'kill9-secret-key',
      TCCC_SDK_APP_ID: SDK_APP_ID,
      TCCC_PUSH_SECRET: PUSH_SECRET,
      WX_APPID: 'wx0123456789abcdef',
      WX_SECRET: 'wx-secret',
      ADMIN_PASSWORD,
      SERVER_PORT: String(await freePort()),
      SERVER_HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
      DATABASE_URL: testDb?.url ?? '',
    };
    const first = await startChild(env);
    children.push(first.child);
    const acked = new Set<number>();
    const all = Array.from({ length: PUSHES }, (_, i) => i);
    await stream(first.url, all, acked, () => {
      if (acked.size === KILL_AFTER_ACKS) first.child.kill('SIGKILL');
    });
    await exited(first.child);
    expect(first.child.signalCode).toBe('SIGKILL');
    const ackedBeforeKill = acked.size;
    expect(ackedBeforeKill).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect(ackedBeforeKill).toBeLessThan(PUSHES);

    // What survived the kill, read straight from the database (PGlite recovers its folder on open).
    const afterKill = testDb !== null ? testDb.db : openDb({ dataDir });
    const survived = await counts(afterKill);
    const storedIds = new Set(
      (await afterKill.query<{ session_id: string }>('SELECT session_id FROM cdrs')).map((row) => row.session_id),
    );
    if (testDb === null) await afterKill.close();
    for (const i of acked) expect(storedIds.has(`kill-${i}`)).toBe(true);

    // Restart and resend every push not acknowledged (some were committed without their answer arriving).
    const second = await startChild(env);
    children.push(second.child);
    const unacked = all.filter((i) => !acked.has(i));
    for (let round = 0; round < 3 && acked.size < PUSHES; round++) {
      await stream(
        second.url,
        all.filter((i) => !acked.has(i)),
        acked,
        () => undefined,
      );
    }
    expect(acked.size).toBe(PUSHES);
    second.child.kill('SIGTERM');
    await exited(second.child);
    expect(second.child.exitCode).toBe(0);

    const finalDb = testDb !== null ? testDb.db : openDb({ dataDir });
    const final = await counts(finalDb);
    if (testDb === null) await finalDb.close();
    expect(final).toEqual({ pushes: PUSHES, cdrs: PUSHES, distinctSessions: PUSHES });
    process.stdout.write(
      `kill -9 on ${testDb !== null ? 'PostgreSQL' : 'PGlite'}: sent ${PUSHES}, acknowledged before the kill ` +
        `${ackedBeforeKill}, stored at the kill ${survived.cdrs} (${survived.cdrs - ackedBeforeKill} committed ` +
        `unanswered), resent ${unacked.length}, stored after ${final.cdrs} (push ids ${final.pushes})\n`,
    );
  }, 90_000);
});
