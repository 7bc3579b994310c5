/** What every route gets: configuration, the database, the clock and the outside services. */

import type { ServerConfig } from './config';
import type { Db } from './db';
import type { TcccApi } from './tcccApi';
import type { WechatApi } from './wechatApi';

export interface AppContext {
  config: ServerConfig;
  db: Db;
  /** Epoch milliseconds; tests pin it. */
  now: () => number;
  tccc: TcccApi;
  wechat: WechatApi;
  /** Waits ms milliseconds (pacing calls to TCCC); tests advance their clock instead. */
  sleep: (ms: number) => Promise<void>;
}
