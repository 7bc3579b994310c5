/** Reads TCCC's extraData defensively: whatever arrives, a well-typed result or a clear "not a result". */

import { MAX_CALL_SECONDS, ParsedCallResult } from './callRecord';

export const TCCC_APP_ID = 'wx49e8ab828096cff3';
const MAX_FIELD_LENGTH = 128;

function readSessionId(value: unknown): string {
  if (typeof value === 'string') return value.trim().slice(0, MAX_FIELD_LENGTH);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}

function readDuration(value: unknown): number | null {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)) n = Number(value);
  else return null;
  // Out of range is as unknown as unreadable: never talk time in any sum.
  if (!Number.isFinite(n) || n < 0 || n > MAX_CALL_SECONDS) return null;
  return Math.round(n);
}

function readCloseBy(value: unknown): string {
  if (typeof value !== 'string') return '';
  return value.trim().slice(0, MAX_FIELD_LENGTH);
}

/** True when data looks like a call result at all: an object with at least one of TCCC's fields. */
export function looksLikeCallResult(data: unknown): data is Record<string, unknown> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  return 'sessionId' in data || 'duration' in data || 'closeBy' in data;
}

/**
 * Parses extraData into a result, or undefined when it carries no call result.
 * Never throws: sessionId is a string ('' = not placed), duration 0..MAX_CALL_SECONDS or null (unknown), closeBy a
 * string.
 */
export function parseCallResult(extraData: unknown): ParsedCallResult | undefined {
  if (!looksLikeCallResult(extraData)) return undefined;
  return {
    sessionId: readSessionId(extraData['sessionId']),
    duration: readDuration(extraData['duration']),
    closeBy: readCloseBy(extraData['closeBy']),
    raw: extraData,
  };
}

/** A stable fingerprint of one delivery, so the same extraData delivered again is recognised. */
export function resultFingerprint(result: ParsedCallResult): string {
  let raw: string;
  try {
    raw = JSON.stringify(result.raw) ?? '';
  } catch {
    raw = '';
  }
  return `${result.sessionId}|${result.duration ?? ''}|${result.closeBy}|${raw.length}|${raw.slice(0, 256)}`;
}
