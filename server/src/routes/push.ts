/** TCCC's data push receiver: POST /tccc/push?action=cdr|record&version=1, basic auth, de-duplicated, acked after commit. */

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context';
import type { Queryable } from '../db';
import { readCdr, readRecording } from '../cdr';
import { claimPush, upsertCdr, upsertRecording } from '../cdrStore';
import { safeEqual } from '../secrets';

export const PUSH_ACK = { ErrCode: 0, ErrMsg: '' };
const MAX_PUSH_BYTES = 1024 * 1024;

/** True when the Authorization header is Basic <SdkAppId>:<TCCC_PUSH_SECRET>. */
export function pushAuthorized(header: string | undefined, sdkAppId: string, secret: string): boolean {
  if (header === undefined || !/^Basic\s+/i.test(header)) return false;
  const decoded = Buffer.from(header.replace(/^Basic\s+/i, ''), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  const userOk = safeEqual(decoded.slice(0, colon), sdkAppId);
  const passwordOk = safeEqual(decoded.slice(colon + 1), secret);
  return userOk && passwordOk;
}

function reject(reply: FastifyReply, status: number, reason: string): FastifyReply {
  return reply.code(status).send({ ErrCode: status, ErrMsg: reason });
}

function parseBody(body: unknown): { ok: true; value: unknown; raw: string } | { ok: false } {
  // Postgres text cannot hold NUL; such a body could not be kept raw, so it is refused.
  if (typeof body !== 'string' || body.includes('\u0000')) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(body) as unknown, raw: body };
  } catch {
    return { ok: false };
  }
}

function pushUuidOf(request: FastifyRequest): { ok: true; value: string | null } | { ok: false } {
  const header = request.headers['x-tccc-push-uuid'];
  if (header === undefined) return { ok: true, value: null };
  if (typeof header !== 'string' || header.length === 0 || header.length > 128) return { ok: false };
  return { ok: true, value: header };
}

export async function pushRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  // TCCC sends `application/json;charset=utf8`; the body is read as text so the raw JSON is kept as sent.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: MAX_PUSH_BYTES }, (_request, body, done) => {
    done(null, body);
  });

  app.post('/tccc/push', async (request, reply) => {
    const { config, db, now } = ctx;
    if (!pushAuthorized(request.headers.authorization, config.tcccSdkAppId, config.tcccPushSecret)) {
      void reply.header('www-authenticate', 'Basic realm="tccc-push"');
      return reject(reply, 401, 'unauthorized');
    }
    const query = request.query as Record<string, unknown>;
    const action = query['action'];
    if (action !== 'cdr' && action !== 'record') return reject(reply, 400, 'action must be cdr or record');
    if (query['version'] !== '1') return reject(reply, 400, 'version must be 1');
    const uuid = pushUuidOf(request);
    if (!uuid.ok) return reject(reply, 400, 'X-TCCC-PUSH-UUID must be 1 to 128 characters');
    const body = parseBody(request.body);
    if (!body.ok) return reject(reply, 400, 'body is not valid JSON text');

    const at = now();
    let write: (tx: Queryable) => Promise<void>;
    let sessionId: string;
    let sdkAppId: string;
    if (action === 'cdr') {
      const read = readCdr(body.value);
      if (!read.ok) return reject(reply, 400, read.reason);
      ({ sessionId, sdkAppId } = read.value);
      write = (tx) => upsertCdr(tx, read.value, body.raw, 'push', at);
    } else {
      const read = readRecording(body.value);
      if (!read.ok) return reject(reply, 400, read.reason);
      ({ sessionId, sdkAppId } = read.value);
      write = (tx) => upsertRecording(tx, read.value, body.raw, at);
    }
    if (sdkAppId !== config.tcccSdkAppId) return reject(reply, 403, 'SdkAppId is not this server’s');

    await db.transaction(async (tx) => {
      if (uuid.value !== null && !(await claimPush(tx, uuid.value, action, sessionId, at))) return;
      await write(tx);
    });
    // Reached only after COMMIT: anything thrown above becomes a 503 and TCCC retries.
    return reply.code(200).send(PUSH_ACK);
  });
}
