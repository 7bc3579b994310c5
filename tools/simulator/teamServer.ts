/**
 * The team server beside the simulator (`npm start`): the real server on embedded PGlite, with demo credentials, a
 * fake TCCC API (TC3-checked; DescribeTelCdr serves every simulated CDR) and a fake WeChat, and the push from the
 * simulated TCCC to it.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ServerConfig } from '../../server/src/config';
import type { Db } from '../../server/src/db';
import { createAgent, createStaff, issueBindCode } from '../../server/src/identity';
import { portInUseMessage, startServer } from '../../server/src/main';
import { startFakeTccc } from '../../server/fakes/fakeTccc';
import { startFakeWechat, type FakeWechat } from '../../server/fakes/fakeWechat';
import type { CallEndReport } from './contract';
import { seededRandom } from './browser/ids';
import { createTcccPusher, DEMO_FAULTS, type PushFaults, type TcccPusher } from './tcccPush';
import { DEMO_SUPERVISOR, DEMO_TEAM, seedDemoTeam } from './teamSeed';

export const DEFAULT_SERVER_PORT = 5181;

/** The demo's account matches the simulator's demo seed (SDKAppID 1400000000, agent@example.com). */
export const DEMO = {
  sdkAppId: '1400000000',
  seatUserId: 'agent@example.com',
  tcccSecretId: 'AKIDsimulatordemo',
  tcccSecretKey: 'simulator-demo-secret-key',
  pushSecret: 'simulator-push-secret',
  wxAppId: 'wx0000000000000000',
  wxSecret: 'simulator-wx-secret',
  adminPassword: 'simulator-admin',
} as const;

/** The demo reconciles every minute, so a lost push shows up within a minute instead of ten. */
const DEMO_RECONCILE_MS = 60_000;

export interface TeamServer {
  url: string;
  where: string;
  /** Ends a call on the simulated TCCC: its CDR is filed for DescribeTelCdr and pushed. */
  callEnded(report: CallEndReport): void;
  pusher: TcccPusher;
  /** The server's database and the fake WeChat (tests bind a simulated phone through them). */
  db: Db;
  wechat: FakeWechat;
  /** A bind code for the demo agent, issued at start (single use, 24 h): what `npm start` prints. */
  demoBindCode: string;
  /** A fresh bind code for the demo agent (tests bind more than one phone). */
  issueDemoBindCode(): Promise<string>;
  /** A fresh bind code for the demo supervisor (演示主管): a phone with the 团队 view. */
  issueSupervisorBindCode(): Promise<string>;
  /** A wx.login code the fake WeChat accepts once for this openid (the simulated phone's wx.login). */
  issueLoginCode(openid: string): string;
  /** Opens a seat on the fake TCCC, as an admin does in TCCC's console before creating the agent here. */
  addTcccSeat(seatUserId: string): void;
  close(): Promise<void>;
}

export class ServerPortInUse extends Error {
  constructor(port: number) {
    super(portInUseMessage(port, 'npm start'));
  }
}

/**
 * Starts it all. DATA_DIR unset: a fresh temporary folder, removed on close, as the simulator's demo data is fresh;
 * DATA_DIR set: kept there.
 */
export async function startTeamServer(options: {
  port: number;
  dataDir: string | undefined;
  seed?: number;
  log: (line: string) => void;
  /** Seed the simulated team's month of calls (default true; tests that count calls turn it off). */
  seedTeam?: boolean;
  /** The pushes' lost/late/twice shares (default DEMO_FAULTS; the screenshots want every push on time). */
  faults?: PushFaults;
  /** The moment the seeded month ends (default now; the screenshots give the simulator's pinned clock). */
  seedAt?: number;
}): Promise<TeamServer> {
  const tempDir = options.dataDir === undefined ? fs.mkdtempSync(path.join(os.tmpdir(), 'tccc-dialer-demo-')) : null;
  const dataDir = options.dataDir ?? (tempDir as string);
  const tccc = await startFakeTccc(DEMO.tcccSecretId, DEMO.tcccSecretKey, Number(DEMO.sdkAppId));
  tccc.seats.add(DEMO.seatUserId);
  const wechat = await startFakeWechat(DEMO.wxAppId, DEMO.wxSecret);
  const config: ServerConfig = {
    tcccSecretId: DEMO.tcccSecretId,
    tcccSecretKey: DEMO.tcccSecretKey,
    tcccSdkAppId: DEMO.sdkAppId,
    tcccPushSecret: DEMO.pushSecret,
    wxAppId: DEMO.wxAppId,
    wxSecret: DEMO.wxSecret,
    adminPassword: DEMO.adminPassword,
    databaseUrl: null,
    dataDir,
    port: options.port,
    tcccEndpoint: tccc.endpoint,
    tcccProtocol: 'http://',
    wxApiBase: wechat.base,
  };
  const closeFakes = async () => {
    await tccc.close();
    await wechat.close();
    if (tempDir !== null) fs.rmSync(tempDir, { recursive: true, force: true });
  };
  const server = await startServer(config, {
    host: '127.0.0.1',
    logLevel: 'warn',
    reconcileEveryMs: DEMO_RECONCILE_MS,
  }).catch(async (error: unknown) => {
    await closeFakes();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new ServerPortInUse(options.port);
    throw error;
  });
  const agentId = await createAgent(server.db, { name: '演示坐席', seatUserId: DEMO.seatUserId }, Date.now());
  // A month of a simulated team's calls, only into a demo database that has none yet (the dashboard's first look).
  if (options.seedTeam !== false) {
    const seeded = await seedDemoTeam(server.db, tccc.cdrs, options.seedAt ?? Date.now());
    for (const member of DEMO_TEAM) tccc.seats.add(member.seat);
    if (seeded !== null)
      options.log(
        `  demo team: ${seeded.agents} agents, ${seeded.calls} calls over the last 30 days, ` +
          `${seeded.callbacks} callbacks booked (${seeded.openCallbacks} open)`,
      );
  }
  // A kept DATA_DIR already has the agent: find it by its seat.
  const [agent] =
    agentId === null
      ? await server.db.query<{ id: number }>('SELECT id FROM users WHERE seat_user_id = $1', [DEMO.seatUserId])
      : [{ id: agentId }];
  const issueDemoBindCode = async () => {
    const issued = await issueBindCode(server.db, Number(agent?.id ?? 0), Date.now());
    return issued?.code ?? '';
  };
  const demoBindCode = await issueDemoBindCode();
  const issueSupervisorBindCode = async () => {
    const now = Date.now();
    // The seeded team's 演示主管, or (no seeded team) one created now with the same demo login.
    await createStaff(server.db, { ...DEMO_SUPERVISOR, role: 'supervisor' }, now);
    const [lead] = await server.db.query<{ id: number }>('SELECT id FROM users WHERE username = $1', [
      DEMO_SUPERVISOR.username,
    ]);
    return (await issueBindCode(server.db, Number(lead?.id ?? 0), now, 'supervisor'))?.code ?? '';
  };
  const pusher = createTcccPusher({
    target: { pushUrl: `${server.url}/tccc/push`, sdkAppId: DEMO.sdkAppId, secret: DEMO.pushSecret },
    random: options.seed === undefined ? Math.random : seededRandom(options.seed),
    ledger: tccc.cdrs,
    faults: options.faults ?? DEMO_FAULTS,
    log: options.log,
  });
  return {
    url: server.url,
    where: server.where,
    pusher,
    db: server.db,
    wechat,
    callEnded: (report) => void pusher.callEnded(report),
    demoBindCode,
    issueDemoBindCode,
    issueSupervisorBindCode,
    issueLoginCode: (openid) => wechat.issueCode(openid),
    addTcccSeat: (seatUserId) => void tccc.seats.add(seatUserId),
    async close() {
      // Late pushes and retries would otherwise outlive the server, holding the process open for up to 40 s.
      await pusher.stop();
      await server.close();
      await closeFakes();
    },
  };
}
