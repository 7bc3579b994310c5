/** Server configuration read from the environment: one clear line for each missing or bad setting. */

import path from 'node:path';

export interface ServerConfig {
  tcccSecretId: string;
  tcccSecretKey: string;
  /** TCCC application id, kept as the decimal string TCCC shows (it is also the push's basic-auth user). */
  tcccSdkAppId: string;
  tcccPushSecret: string;
  wxAppId: string;
  wxSecret: string;
  adminPassword: string;
  /** Real PostgreSQL when set; embedded PGlite in dataDir otherwise. */
  databaseUrl: string | null;
  dataDir: string;
  port: number;
  /** Host of the TCCC API, e.g. ccc.tencentcloudapi.com; a fake's host:port in tests. */
  tcccEndpoint: string;
  tcccProtocol: 'https://' | 'http://';
  /** Base URL of WeChat's server API; a fake's in tests. */
  wxApiBase: string;
  /** The subscribe-message template of callback reminders (WX_CALLBACK_TEMPLATE_ID); absent: phones remind locally. */
  wxCallbackTemplate?: CallbackTemplate;
}

/** A subscribe-message template chosen in the mini program console, and which of its keywords gets what. */
export interface CallbackTemplate {
  id: string;
  /** The keyword (e.g. thing1) showing the masked customer name. */
  customerKey: string;
  /** The keyword (e.g. time2) showing the due time. */
  timeKey: string;
  /** The keyword (e.g. thing3) showing the fixed note. */
  noteKey: string;
}

export type ConfigResult = { ok: true; config: ServerConfig } | { ok: false; errors: string[] };

type Env = Record<string, string | undefined>;

const REQUIRED_SECRETS: readonly [keyof ServerConfig, string][] = [
  ['tcccSecretId', 'TCCC_SECRET_ID'],
  ['tcccSecretKey', 'TCCC_SECRET_KEY'],
  ['tcccPushSecret', 'TCCC_PUSH_SECRET'],
  ['wxAppId', 'WX_APPID'],
  ['wxSecret', 'WX_SECRET'],
  ['adminPassword', 'ADMIN_PASSWORD'],
];

/** The push password and the admin password guard the whole team's data: short ones are refused. */
const MIN_SECRET_CHARS = 12;

function readPort(raw: string | undefined, errors: string[]): number {
  if (raw === undefined || raw === '') return 5181;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65535) {
    errors.push(`SERVER_PORT must be a port number from 1 to 65535 (got "${raw}")`);
    return 0;
  }
  return port;
}

function readProtocol(raw: string | undefined, errors: string[]): 'https://' | 'http://' {
  if (raw === undefined || raw === '' || raw === 'https://' || raw === 'https') return 'https://';
  if (raw === 'http://' || raw === 'http') return 'http://';
  errors.push(`TCCC_PROTOCOL must be https:// or http:// (got "${raw}")`);
  return 'https://';
}

function readUrl(name: string, raw: string | undefined, fallback: string, errors: string[]): string {
  const value = raw === undefined || raw === '' ? fallback : raw;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
  } catch {
    errors.push(`${name} must be an http(s) URL (got "${value}")`);
  }
  return value.replace(/\/+$/, '');
}

function readDatabaseUrl(raw: string | undefined, errors: string[]): string | null {
  if (raw === undefined || raw === '') return null;
  if (!/^postgres(ql)?:\/\//.test(raw)) errors.push('DATABASE_URL must start with postgres:// or postgresql://');
  return raw;
}

function readSecrets(env: Env, errors: string[]): Partial<Record<keyof ServerConfig, string>> {
  const values: Partial<Record<keyof ServerConfig, string>> = {};
  for (const [key, name] of REQUIRED_SECRETS) {
    const value = env[name];
    if (value === undefined || value === '') errors.push(`${name} is missing`);
    else values[key] = value;
  }
  for (const name of ['TCCC_PUSH_SECRET', 'ADMIN_PASSWORD']) {
    const value = env[name];
    if (value !== undefined && value !== '' && value.length < MIN_SECRET_CHARS) {
      errors.push(`${name} must be at least ${MIN_SECRET_CHARS} characters`);
    }
  }
  return values;
}

function readSdkAppId(raw: string | undefined, errors: string[]): string {
  if (raw === undefined || raw === '') errors.push('TCCC_SDK_APP_ID is missing');
  else if (!/^[1-9]\d{3,15}$/.test(raw)) {
    errors.push(`TCCC_SDK_APP_ID must be the numeric SDKAppID from the TCCC console (got "${raw}")`);
  }
  return raw ?? '';
}

function readEndpoint(raw: string | undefined, errors: string[]): string {
  if (raw === undefined || raw === '') return 'ccc.tencentcloudapi.com';
  if (/[/\s]/.test(raw)) errors.push(`TCCC_ENDPOINT must be a host or host:port without scheme or path (got "${raw}")`);
  return raw;
}

const TEMPLATE_KEY = /^[a-z_]{1,30}[0-9]{1,3}$/;

function readCallbackTemplate(env: Env, errors: string[]): CallbackTemplate | null {
  const id = env['WX_CALLBACK_TEMPLATE_ID'];
  if (id === undefined || id === '') return null;
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(id))
    errors.push('WX_CALLBACK_TEMPLATE_ID must be the template id from the console');
  const keys = (env['WX_CALLBACK_TEMPLATE_KEYS'] || 'thing1,time2,thing3').split(',').map((key) => key.trim());
  const [customerKey = '', timeKey = '', noteKey = ''] = keys;
  if (keys.length !== 3 || !keys.every((key) => TEMPLATE_KEY.test(key))) {
    errors.push('WX_CALLBACK_TEMPLATE_KEYS must be three keywords (customer, time, note), e.g. thing1,time2,thing3');
  }
  return { id, customerKey, timeKey, noteKey };
}

/** Reads every setting and reports all problems at once, so one start shows everything to fix. */
export function loadConfig(env: Env, cwd: string = process.cwd()): ConfigResult {
  const errors: string[] = [];
  const values = readSecrets(env, errors);
  const sdkAppId = readSdkAppId(env['TCCC_SDK_APP_ID'], errors);
  const port = readPort(env['SERVER_PORT'], errors);
  const tcccProtocol = readProtocol(env['TCCC_PROTOCOL'], errors);
  const wxApiBase = readUrl('WX_API_BASE', env['WX_API_BASE'], 'https://api.weixin.qq.com', errors);
  const databaseUrl = readDatabaseUrl(env['DATABASE_URL'], errors);
  const tcccEndpoint = readEndpoint(env['TCCC_ENDPOINT'], errors);
  const callbackTemplate = readCallbackTemplate(env, errors);
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    config: {
      ...(callbackTemplate === null ? {} : { wxCallbackTemplate: callbackTemplate }),
      tcccSecretId: values.tcccSecretId ?? '',
      tcccSecretKey: values.tcccSecretKey ?? '',
      tcccSdkAppId: sdkAppId,
      tcccPushSecret: values.tcccPushSecret ?? '',
      wxAppId: values.wxAppId ?? '',
      wxSecret: values.wxSecret ?? '',
      adminPassword: values.adminPassword ?? '',
      databaseUrl,
      dataDir: path.resolve(cwd, env['DATA_DIR'] || 'data'),
      port,
      tcccEndpoint,
      tcccProtocol,
      wxApiBase,
    },
  };
}
