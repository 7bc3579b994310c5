/** The simulator's HTTP server, on 127.0.0.1 only: the page, the runtime, the freshly compiled app, assets. */

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { EMPTY_IMAGE_SVG, OFFLINE_IMAGE_SVG, readBrowserFile, vantIconFont } from './assets';
import { bundleRuntime } from './bundleRuntime';
import { compileApp } from './compileApp';
import {
  CALL_ENDED_URL,
  TEAM_PROXY_URL,
  WX_LOGIN_URL,
  EMPTY_IMAGE_URL,
  MINIPROGRAM_FILES_PREFIX,
  OFFLINE_IMAGE_URL,
  VANT_ICON_FONT_URL,
  type CallEndReport,
} from './contract';
import { MINIPROGRAM_ROOT, PACKED_VANT_MARKER, REPO_ROOT } from './paths';
import { readCallEndReport } from './tcccPush';

export const DEFAULT_PORT = 5180;

export interface SimulatorServer {
  url: string;
  close(): Promise<void>;
}

export interface StartOptions {
  /** 0 picks a free port. */
  port: number;
  log?: (line: string) => void;
  /** Where the simulated TCCC's ended calls go (the push to the team server); none: they are dropped. */
  onCallEnded?: (report: CallEndReport) => void;
  /** The team server the phone may bind to (late-bound: it starts after the simulator); none: 404. */
  team?: () => TeamLink | null;
}

/** What the phone's network reaches on the Node side: the team server and its fake WeChat's wx.login codes. */
export interface TeamLink {
  url: string;
  issueLoginCode(openid: string): string;
}

const MAX_PROXY_BYTES = 2 * 1024 * 1024;

function readBody(request: http.IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => resolve(body.length > limit ? null : body));
    request.on('error', () => resolve(null));
  });
}

/** Forwards one phone request to the team server; anything else is refused as unreachable (502). */
async function proxyToTeam(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  team: TeamLink | null,
): Promise<void> {
  const to = new URL(request.url ?? '/', 'http://localhost').searchParams.get('to') ?? '';
  let target: URL | null;
  try {
    target = new URL(to);
  } catch {
    target = null;
  }
  const body = await readBody(request, MAX_PROXY_BYTES);
  if (team === null || target === null || target.origin !== new URL(team.url).origin || body === null) {
    response.writeHead(502, { 'x-sim-unreachable': '1' });
    response.end();
    return;
  }
  const headers: Record<string, string> = {};
  for (const name of ['content-type', 'authorization']) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  try {
    const answer = await fetch(target, {
      method: request.method ?? 'GET',
      headers,
      ...(request.method === 'GET' || request.method === 'HEAD' ? {} : { body }),
    });
    const text = await answer.text();
    response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/plain' });
    response.end(text);
  } catch {
    response.writeHead(502, { 'x-sim-unreachable': '1' });
    response.end();
  }
}

async function issueWxLogin(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  team: TeamLink | null,
): Promise<void> {
  const body = await readBody(request, 1024);
  let openid: string;
  try {
    openid = String((JSON.parse(body ?? '{}') as { openid?: unknown }).openid ?? '');
  } catch {
    openid = '';
  }
  if (team === null || !/^[A-Za-z0-9_-]{8,64}$/.test(openid)) {
    response.writeHead(404);
    response.end();
    return;
  }
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ code: team.issueLoginCode(openid) }));
}

const MAX_REPORT_BYTES = 16 * 1024;

/** The TCCC page's report of an ended call: 204 when taken, 400 when unreadable; pushed from here, not the page. */
function takeCallEnded(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  onCallEnded: ((report: CallEndReport) => void) | undefined,
): void {
  let body = '';
  let tooLong = false;
  request.setEncoding('utf8');
  request.on('data', (chunk: string) => {
    body += chunk;
    if (body.length > MAX_REPORT_BYTES) tooLong = true;
  });
  request.on('end', () => {
    let report: CallEndReport | null;
    try {
      report = tooLong ? null : readCallEndReport(JSON.parse(body) as unknown);
    } catch {
      report = null;
    }
    if (report === null) {
      response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('not a call-ended report');
      return;
    }
    onCallEnded?.(report);
    response.writeHead(204);
    response.end();
  });
}

const IMAGE_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
};

/** vant must be packed into miniprogram_npm, as `npm run build` does; offline, in a child process. */
export function ensureVantPacked(log: (line: string) => void): void {
  if (fs.existsSync(PACKED_VANT_MARKER)) return;
  log('packing vant into miniprogram/miniprogram_npm …');
  const script =
    "require('./scripts/lib/buildSteps').packNpm().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); })";
  const result = spawnSync(process.execPath, ['-e', script], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.status !== 0 || !fs.existsSync(PACKED_VANT_MARKER)) throw new Error('packing vant failed');
}

/**
 * The compiled app as a script; compiled on every request, so a reload shows the current sources.
 * A compile error (bad WXML, a missing component) is shown on the phone instead of a blank page.
 */
function appScript(log: (line: string) => void): string {
  try {
    return `window.__SIM_APP__ = ${JSON.stringify(compileApp())};\n`;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log(`✖ the app does not compile: ${message}`);
    return `window.__SIM_BUILD_ERROR__ = ${JSON.stringify(message)};\n`;
  }
}

/** A read-only file of the mini program (images only), never outside its folder. */
function miniprogramFile(urlPath: string): { type: string; body: Buffer } | undefined {
  const relative = decodeURIComponent(urlPath.slice(MINIPROGRAM_FILES_PREFIX.length));
  const file = path.resolve(MINIPROGRAM_ROOT, relative);
  const type = IMAGE_TYPES[path.extname(file).toLowerCase()];
  if (type === undefined || !file.startsWith(MINIPROGRAM_ROOT + path.sep) || !fs.existsSync(file)) return undefined;
  return { type, body: fs.readFileSync(file) };
}

/** Answers one request; the runtime and the app are rebuilt each time (esbuild: well under a second). */
async function respond(
  urlPath: string,
  iconFont: Buffer,
  log: (line: string) => void,
): Promise<{ status: number; type: string; body: string | Buffer }> {
  const ok = (type: string, body: string | Buffer) => ({ status: 200, type, body });
  if (urlPath === '/' || urlPath === '/index.html')
    return ok('text/html; charset=utf-8', readBrowserFile('index.html'));
  if (urlPath === '/favicon.ico') return { status: 204, type: 'image/x-icon', body: '' };
  if (urlPath === '/simulator.css') return ok('text/css; charset=utf-8', readBrowserFile('simulator.css'));
  if (urlPath === '/simulator.js') return ok('text/javascript; charset=utf-8', await bundleRuntime());
  if (urlPath === '/app.js') return ok('text/javascript; charset=utf-8', appScript(log));
  if (urlPath === VANT_ICON_FONT_URL) return ok('font/woff2', iconFont);
  if (urlPath === EMPTY_IMAGE_URL) return ok('image/svg+xml', EMPTY_IMAGE_SVG);
  if (urlPath === OFFLINE_IMAGE_URL) return ok('image/svg+xml', OFFLINE_IMAGE_SVG);
  const file = urlPath.startsWith(MINIPROGRAM_FILES_PREFIX) ? miniprogramFile(urlPath) : undefined;
  if (file !== undefined) return ok(file.type, file.body);
  return { status: 404, type: 'text/plain; charset=utf-8', body: 'not found' };
}

export async function startSimulator(options: StartOptions): Promise<SimulatorServer> {
  const log = options.log ?? (() => undefined);
  const iconFont = vantIconFont();
  const server = http.createServer((request, response) => {
    const urlPath = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (request.method === 'POST' && urlPath === CALL_ENDED_URL) {
      takeCallEnded(request, response, options.onCallEnded);
      return;
    }
    if (urlPath === TEAM_PROXY_URL) {
      void proxyToTeam(request, response, options.team?.() ?? null);
      return;
    }
    if (request.method === 'POST' && urlPath === WX_LOGIN_URL) {
      void issueWxLogin(request, response, options.team?.() ?? null);
      return;
    }
    respond(urlPath, iconFont, log)
      .catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        log(`✖ ${urlPath}: ${message}`);
        return { status: 500, type: 'text/plain; charset=utf-8', body: message };
      })
      .then(({ status, type, body }) => {
        response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
        response.end(body);
      });
  });
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  // Take the port first: a busy one fails in a moment, before the packing and compiling below.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });
  try {
    ensureVantPacked(log);
    // Fail at start, not at the first request, when the runtime or a page does not compile.
    await bundleRuntime();
    compileApp();
  } catch (error) {
    await close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close };
}
