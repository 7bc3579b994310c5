/** Configuration: defaults, and one clear line per missing or bad setting. */

import path from 'node:path';
import { loadConfig } from '../src/config';

const FULL = {
  TCCC_SECRET_ID: 'AKIDxxxx',
  TCCC_SECRET_KEY: 'key',
  TCCC_SDK_APP_ID: '1400123456',
  TCCC_PUSH_SECRET: 'push-secret-0123456789',
  WX_APPID: 'wx0123456789abcdef',
  WX_SECRET: 'wxsecret',
  ADMIN_PASSWORD: 'admin-password-123',
};

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const result = loadConfig(FULL, '/srv/app');
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(result.config.port).toBe(5181);
    expect(result.config.dataDir).toBe(path.join('/srv/app', 'data'));
    expect(result.config.databaseUrl).toBeNull();
    expect(result.config.tcccEndpoint).toBe('ccc.tencentcloudapi.com');
    expect(result.config.tcccProtocol).toBe('https://');
    expect(result.config.wxApiBase).toBe('https://api.weixin.qq.com');
  });

  it('reads every override', () => {
    const result = loadConfig(
      {
        ...FULL,
        SERVER_PORT: '8080',
        DATA_DIR: '/var/td',
        DATABASE_URL: 'postgres://u:p@db/td',
        TCCC_ENDPOINT: '127.0.0.1:18787',
        TCCC_PROTOCOL: 'http://',
        WX_API_BASE: 'http://127.0.0.1:9/',
      },
      '/srv',
    );
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(result.config).toMatchObject({
      port: 8080,
      dataDir: '/var/td',
      databaseUrl: 'postgres://u:p@db/td',
      tcccEndpoint: '127.0.0.1:18787',
      tcccProtocol: 'http://',
      wxApiBase: 'http://127.0.0.1:9',
    });
  });

  it('names each missing setting on its own line', () => {
    const result = loadConfig({});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      'TCCC_SECRET_ID is missing',
      'TCCC_SECRET_KEY is missing',
      'TCCC_PUSH_SECRET is missing',
      'WX_APPID is missing',
      'WX_SECRET is missing',
      'ADMIN_PASSWORD is missing',
      'TCCC_SDK_APP_ID is missing',
    ]);
  });

  it('says what is wrong with a bad value, one line each', () => {
    const result = loadConfig({
      ...FULL,
      TCCC_SDK_APP_ID: 'abc',
      SERVER_PORT: '70000',
      TCCC_PROTOCOL: 'ftp',
      DATABASE_URL: 'mysql://x',
      TCCC_PUSH_SECRET: 'short',
      WX_API_BASE: 'not a url',
      TCCC_ENDPOINT: 'https://ccc.tencentcloudapi.com/',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(7);
    expect(result.errors.join('\n')).toMatch(/TCCC_PUSH_SECRET must be at least 12/);
    expect(result.errors.join('\n')).toMatch(/TCCC_SDK_APP_ID must be the numeric SDKAppID/);
    expect(result.errors.join('\n')).toMatch(/SERVER_PORT must be a port number/);
    expect(result.errors.join('\n')).toMatch(/TCCC_PROTOCOL must be/);
    expect(result.errors.join('\n')).toMatch(/DATABASE_URL must start with postgres/);
    expect(result.errors.join('\n')).toMatch(/WX_API_BASE must be an http/);
    expect(result.errors.join('\n')).toMatch(/TCCC_ENDPOINT must be a host/);
    // Secrets never echo back in an error line.
    expect(result.errors.join('\n')).not.toContain('short');
  });
});
