/**
 * What can be checked here of the production files without a Docker engine: the compose file parses and passes every
 * setting the server requires, and the Dockerfile's esbuild bundle starts and answers /healthz.
 */

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { loadConfig } from '../src/config';

const SERVER_DIR = path.resolve(__dirname, '..');
const REPO_ROOT = path.resolve(SERVER_DIR, '..');

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
  healthcheck?: { test: string[] };
}

const compose = yaml.load(fs.readFileSync(path.join(SERVER_DIR, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
};
const dockerfile = fs.readFileSync(path.join(SERVER_DIR, 'Dockerfile'), 'utf8');

describe('docker-compose.yml', () => {
  const server = compose.services['server'];
  const db = compose.services['db'];

  it('runs the server image built from server/Dockerfile on PostgreSQL 15, which must be healthy first', () => {
    expect(server?.build).toEqual({ context: '..', dockerfile: 'server/Dockerfile' });
    expect(db?.image).toMatch(/^postgres:15\b/);
    expect(db?.healthcheck?.test.join(' ')).toContain('pg_isready');
    expect(server?.depends_on).toEqual({ db: { condition: 'service_healthy' } });
    expect(server?.environment?.['DATABASE_URL']).toMatch(/^postgres:\/\/tccc:\$\{POSTGRES_PASSWORD\}@db:5432\/tccc$/);
    expect(Object.keys(compose.volumes)).toEqual(['pgdata']);
  });

  it('passes every setting the server requires, each required from .env, and publishes on 127.0.0.1 only', () => {
    // Fill the ${VAR:?…} references as compose would from a complete .env, then read them as the server does.
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(server?.environment ?? {})) {
      env[name] = value
        .replace(/\$\{POSTGRES_PASSWORD[^}]*\}/g, 'dbpassword123')
        .replace(/\$\{TCCC_SDK_APP_ID[^}]*\}/, '1400123456')
        .replace(/\$\{[A-Z_]+:\?[^}]*\}/, 'a-secret-of-enough-length');
      if (name !== 'DATABASE_URL' && name !== 'SERVER_PORT')
        expect(value).toMatch(/^\$\{[A-Z_]+:\?set [A-Z_]+ in server\/\.env\}$/);
    }
    expect(loadConfig(env)).toMatchObject({ ok: true, config: { port: 5181, databaseUrl: expect.any(String) } });
    expect(server?.ports).toEqual(['127.0.0.1:5181:5181']);
  });
});

describe('Dockerfile', () => {
  const bundleDir = path.join(SERVER_DIR, 'dist');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tccc-bundle-'));
  afterAll(() => {
    fs.rmSync(bundleDir, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('bundles server/src with esbuild into a file that starts, migrates and answers /healthz', async () => {
    const build = /^RUN npx (esbuild .+)$/m.exec(dockerfile)?.[1];
    expect(build).toContain('--outfile=server/dist/start.js');
    const args = (build ?? '').split(' ');
    const esbuild = spawnSync(path.join(REPO_ROOT, 'node_modules', '.bin', 'esbuild'), args.slice(1), {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    expect(esbuild.status).toBe(0);
    expect(dockerfile).toContain('CMD ["node", "server/dist/start.js"]');
    const child = spawn(process.execPath, [path.join(bundleDir, 'start.js')], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        TCCC_SECRET_ID: 'AKIDbundle',
        TCCC_SECRET_KEY: 'bundle-secret-key',
        TCCC_SDK_APP_ID: '1400123456',
        TCCC_PUSH_SECRET: 'bundle-push-secret',
        WX_APPID: 'wx0123456789abcdef',
        WX_SECRET: 'wx-secret',
        ADMIN_PASSWORD: 'bundle-admin-password',
        SERVER_PORT: String(20000 + Math.floor(Math.random() * 20000)),
        SERVER_HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        DATABASE_URL: '',
        LOG_LEVEL: 'warn',
      },
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = '';
        const onData = (chunk: Buffer) => {
          output += chunk.toString('utf8');
          const match = /tccc-dialer server on (http:\/\/\S+)/.exec(output);
          if (match !== null) resolve(match[1] as string);
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        child.once('exit', (code) => reject(new Error(`bundle exited (${code}): ${output}`)));
      });
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ ok: true, database: 'pglite' });
      // The dashboard's files are found beside the bundle too.
      expect((await fetch(`${url}/dashboard/login`)).status).toBe(200);
      expect((await fetch(`${url}/dashboard/assets/dashboard.js`)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  });
});
