/**
 * A fake TCCC API (ccc 2020-02-10) that checks TC3-HMAC-SHA256 like Tencent Cloud: the service name is read from the
 * credential scope (the SDK derives it from the endpoint's first label, "127" for 127.0.0.1), the host header is
 * signed without its port, the signature must match, and calls are limited to 20 per second per action.
 */

import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeTcccRequest {
  action: string;
  params: Record<string, unknown>;
}

export interface FakeTccc {
  endpoint: string;
  /** Every request that passed the signature check, in order. */
  requests: FakeTcccRequest[];
  /** CDRs DescribeTelCdr serves, filtered by StartTimestamp in [StartTimeStamp, EndTimeStamp). */
  cdrs: Record<string, unknown>[];
  /** Seats that exist in this TCCC app. */
  seats: Set<string>;
  /** The next CreateSDKLoginToken answers this error instead (then clears). */
  failNext: { code: string; message: string } | null;
  /** TCCC's limit per action per second (20 for these actions). */
  limitPerSecond: number;
  /** The fake's clock for its rate limit (tests pin it). */
  nowMs: () => number;
  close(): Promise<void>;
}

const sha256 = (data: string) => crypto.createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => crypto.createHmac('sha256', key).update(data).digest();

function expectedSignature(
  secretKey: string,
  request: http.IncomingMessage,
  body: string,
  scope: { date: string; service: string },
): string {
  const host = (request.headers.host ?? '').split(':')[0];
  const contentType = request.headers['content-type'] ?? '';
  const canonical = [
    request.method,
    '/',
    '',
    `content-type:${contentType}\nhost:${host}\n`,
    'content-type;host',
    sha256(body),
  ].join('\n');
  const timestamp = String(request.headers['x-tc-timestamp'] ?? '');
  const toSign = ['TC3-HMAC-SHA256', timestamp, `${scope.date}/${scope.service}/tc3_request`, sha256(canonical)].join(
    '\n',
  );
  const key = hmac(hmac(hmac(`TC3${secretKey}`, scope.date), scope.service), 'tc3_request');
  return crypto.createHmac('sha256', key).update(toSign).digest('hex');
}

type Answer = { error: { code: string; message: string } } | { body: Record<string, unknown> };

function describeTelCdr(fake: FakeTccc, sdkAppId: number, params: Record<string, unknown>): Answer {
  const { StartTimeStamp: start, EndTimeStamp: end, PageSize: size, PageNumber: page, SdkAppId: app } = params;
  if (typeof start !== 'number' || typeof end !== 'number') {
    return { error: { code: 'MissingParameter', message: 'StartTimeStamp and EndTimeStamp are required' } };
  }
  if (app !== sdkAppId) return { error: { code: 'InvalidParameterValue.InstanceNotExist', message: 'SdkAppId' } };
  if (end <= start || end - start >= 90 * 86400) {
    return { error: { code: 'InvalidParameterValue', message: 'time range must be under 90 days' } };
  }
  const pageSize = typeof size === 'number' ? size : 20;
  const pageNumber = typeof page === 'number' ? page : 0;
  if (pageSize < 1 || pageSize > 100 || pageNumber < 0) {
    return { error: { code: 'InvalidParameterValue', message: 'PageSize must be 1..100, PageNumber from 0' } };
  }
  const sessionIds = Array.isArray(params['SessionIds']) ? (params['SessionIds'] as unknown[]) : null;
  const inRange = fake.cdrs.filter((cdr) => {
    const ts = cdr['StartTimestamp'];
    if (sessionIds !== null && !sessionIds.includes(cdr['SessionId'])) return false;
    return typeof ts === 'number' && ts >= start && ts < end;
  });
  return {
    body: {
      TotalCount: inRange.length,
      // Like TCCC, a recorded call's RecordURL is a freshly signed link on every answer.
      TelCdrList: inRange
        .slice(pageNumber * pageSize, (pageNumber + 1) * pageSize)
        .map((cdr) =>
          typeof cdr['RecordId'] === 'string' && cdr['RecordId'] !== ''
            ? { ...cdr, RecordURL: signedRecordUrl(fake, cdr) }
            : cdr,
        ),
    },
  };
}

/** How long the fake's signed recording links work (TCCC's own lifetime is unconfirmed). */
export const RECORD_LINK_MS = 10 * 60_000;

function recordSign(sessionId: string, expires: number): string {
  return crypto.createHash('sha256').update(`record|${sessionId}|${expires}`).digest('hex').slice(0, 32);
}

function signedRecordUrl(fake: FakeTccc, cdr: Record<string, unknown>): string {
  const sessionId = String(cdr['SessionId']);
  const expires = fake.nowMs() + RECORD_LINK_MS;
  return `http://${fake.endpoint}/tcccadmin/getRecord/${encodeURIComponent(sessionId)}?expires=${expires}&sign=${recordSign(sessionId, expires)}`;
}

/** A one-second 8 kHz mono WAV tone: what the fake's recording links serve. */
function toneWav(): Buffer {
  const rate = 8000;
  const samples = Buffer.alloc(rate * 2);
  for (let i = 0; i < rate; i += 1)
    samples.writeInt16LE(Math.round(Math.sin((i * 2 * Math.PI * 440) / rate) * 8000), i * 2);
  const head = Buffer.alloc(44);
  head.write('RIFF', 0);
  head.writeUInt32LE(36 + samples.length, 4);
  head.write('WAVEfmt ', 8);
  head.writeUInt32LE(16, 16);
  head.writeUInt16LE(1, 20);
  head.writeUInt16LE(1, 22);
  head.writeUInt32LE(rate, 24);
  head.writeUInt32LE(rate * 2, 28);
  head.writeUInt16LE(2, 32);
  head.writeUInt16LE(16, 34);
  head.write('data', 36);
  head.writeUInt32LE(samples.length, 40);
  return Buffer.concat([head, samples]);
}

/** Serves a signed recording link: 403 once expired or when the signature does not match. */
function serveRecord(fake: FakeTccc, request: http.IncomingMessage, response: http.ServerResponse): void {
  const url = new URL(request.url ?? '/', 'http://fake');
  const sessionId = decodeURIComponent(url.pathname.slice('/tcccadmin/getRecord/'.length));
  const expires = Number(url.searchParams.get('expires'));
  const valid = url.searchParams.get('sign') === recordSign(sessionId, expires) && expires > fake.nowMs();
  if (!valid) {
    response.writeHead(403, { 'content-type': 'text/plain' });
    response.end('link expired or invalid');
    return;
  }
  const wav = toneWav();
  response.writeHead(200, { 'content-type': 'audio/wav', 'content-length': wav.length });
  response.end(wav);
}

export async function startFakeTccc(secretId: string, secretKey: string, sdkAppId: number): Promise<FakeTccc> {
  const perSecond = new Map<string, { second: number; count: number }>();
  let tokenSerial = 0;
  const fake: FakeTccc = {
    endpoint: '',
    requests: [],
    cdrs: [],
    seats: new Set(),
    failNext: null,
    limitPerSecond: 20,
    nowMs: () => Date.now(),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };

  const answer = (request: http.IncomingMessage, body: string): Answer => {
    const auth = String(request.headers.authorization ?? '');
    const match =
      /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, SignedHeaders=content-type;host, Signature=([0-9a-f]{64})$/.exec(
        auth,
      );
    if (match === null) return { error: { code: 'AuthFailure.InvalidAuthorization', message: 'Authorization' } };
    const [, id, date, service, signature] = match as unknown as [string, string, string, string, string];
    if (id !== secretId) return { error: { code: 'AuthFailure.SecretIdNotFound', message: 'SecretId not found' } };
    if (signature !== expectedSignature(secretKey, request, body, { date, service })) {
      return { error: { code: 'AuthFailure.SignatureFailure', message: 'signature mismatch' } };
    }
    const action = String(request.headers['x-tc-action'] ?? '');
    if (request.headers['x-tc-version'] !== '2020-02-10')
      return { error: { code: 'InvalidParameter', message: 'version' } };
    const second = Math.floor(fake.nowMs() / 1000);
    const window = perSecond.get(action);
    const count = window === undefined || window.second !== second ? 1 : window.count + 1;
    perSecond.set(action, { second, count });
    // Counted before the check, so a limit of 0 refuses the first request of a second too.
    if (count > fake.limitPerSecond)
      return { error: { code: 'RequestLimitExceeded', message: `over ${fake.limitPerSecond} requests/s` } };
    const params = JSON.parse(body) as Record<string, unknown>;
    fake.requests.push({ action, params });
    if (action === 'DescribeTelCdr') return describeTelCdr(fake, sdkAppId, params);
    if (action !== 'CreateSDKLoginToken') return { error: { code: 'InvalidAction', message: action } };
    if (fake.failNext !== null) {
      const error = fake.failNext;
      fake.failNext = null;
      return { error };
    }
    if (params['SdkAppId'] !== sdkAppId)
      return { error: { code: 'InvalidParameterValue.InstanceNotExist', message: 'app' } };
    if (typeof params['SeatUserId'] !== 'string' || !fake.seats.has(params['SeatUserId'])) {
      return { error: { code: 'InvalidParameterValue.AccountNotExist', message: 'seat' } };
    }
    tokenSerial += 1;
    return {
      body: {
        Token: crypto.createHash('md5').update(`token-${tokenSerial}`).digest('hex'),
        ExpiredTime: Math.floor(Date.now() / 1000) + 3600,
        SdkURL: 'https://tccc.qcloud.com/assets/tccc-sdk.js',
      },
    };
  };

  const server = http.createServer((request, response) => {
    if (request.method === 'GET' && (request.url ?? '').startsWith('/tcccadmin/getRecord/')) {
      serveRecord(fake, request, response);
      return;
    }
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const result = answer(request, body);
      const requestId = crypto.randomUUID();
      const payload =
        'error' in result
          ? { Response: { Error: { Code: result.error.code, Message: result.error.message }, RequestId: requestId } }
          : { Response: { ...result.body, RequestId: requestId } };
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(payload));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.endpoint = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
