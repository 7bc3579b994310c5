/** WeChat local storage semantics in memory: copies in and out, its limits, and its error messages. */

/** One key may hold at most this much: WeChat's client compares key length + serialized data length. */
export const ENTRY_LIMIT_CHARS = 1024 * 1024;
/** All keys together: 10 MB per user per mini program, counted here as UTF-8 bytes of key + JSON. */
export const TOTAL_LIMIT_BYTES = 10 * 1024 * 1024;

interface StoredEntry {
  /** JSON text of the value; Dates are kept apart so they come back as Dates, as in WeChat. */
  json: string;
  isDate: boolean;
  bytes: number;
}

export interface StorageInfo {
  keys: string[];
  /** KB used, rounded up, as WeChat reports it. */
  currentSize: number;
  limitSize: number;
}

/** The error WeChat's sync storage APIs throw: an Error whose message is the errMsg. */
export class WxApiError extends Error {
  readonly errMsg: string;
  readonly errno: number | undefined;
  constructor(errMsg: string, errno?: number) {
    super(errMsg);
    this.errMsg = errMsg;
    this.errno = errno;
  }
}

function typeName(value: unknown): string {
  if (value === undefined) return 'Undefined';
  if (value === null) return 'Null';
  if (Array.isArray(value)) return 'Array';
  const t = typeof value;
  return t.charAt(0).toUpperCase() + t.slice(1);
}

/** UTF-8 length without Buffer, so the browser simulator counts exactly as Node does (lone surrogates: 3). */
function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}

export interface StorageBackend {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
  keys(): string[];
}

/** A plain in-memory backend; the browser simulator plugs in localStorage instead. */
export function memoryBackend(): StorageBackend {
  const map = new Map<string, string>();
  return {
    get: (key) => map.get(key) ?? null,
    set: (key, value) => void map.set(key, value),
    remove: (key) => void map.delete(key),
    keys: () => [...map.keys()],
  };
}

export class StorageArea {
  private readonly entries = new Map<string, StoredEntry>();
  private totalBytes = 0;
  /** Tests may shrink the quota to reach "full" quickly; defaults are WeChat's. */
  entryLimitChars = ENTRY_LIMIT_CHARS;
  totalLimitBytes = TOTAL_LIMIT_BYTES;
  /** Counts calls, so tests and benchmarks can assert how much work a path does. */
  readonly ops = { reads: 0, writes: 0, removes: 0, bytesWritten: 0 };

  constructor(private readonly backend: StorageBackend = memoryBackend()) {
    for (const key of backend.keys()) {
      const raw = backend.get(key);
      if (raw === null) continue;
      try {
        const parsed = JSON.parse(raw) as { json: string; isDate: boolean };
        this.entries.set(key, { ...parsed, bytes: utf8Bytes(key) + utf8Bytes(parsed.json) });
        this.totalBytes += utf8Bytes(key) + utf8Bytes(parsed.json);
      } catch {
        backend.remove(key);
      }
    }
  }

  private checkKey(api: string, key: unknown): asserts key is string {
    if (typeof key !== 'string') {
      throw new WxApiError(`${api}:fail parameter error: parameter.key should be String instead of ${typeName(key)};`);
    }
    if (key === '') throw new WxApiError(`${api}:fail key cannot be empty`);
  }

  set(api: string, key: unknown, data: unknown): void {
    this.checkKey(api, key);
    const isDate = data instanceof Date;
    const json = isDate ? JSON.stringify((data as Date).getTime()) : (JSON.stringify(data) ?? '""');
    if (key.length + json.length > this.entryLimitChars) {
      throw new WxApiError(`${api}:fail:entry size limit reached`);
    }
    const bytes = utf8Bytes(key) + utf8Bytes(json);
    const previous = this.entries.get(key)?.bytes ?? 0;
    if (this.totalBytes - previous + bytes > this.totalLimitBytes) {
      throw new WxApiError(`${api}:fail exceed storage max size 10Mb`);
    }
    this.ops.writes += 1;
    this.ops.bytesWritten += bytes;
    this.entries.set(key, { json, isDate, bytes });
    this.totalBytes += bytes - previous;
    this.backend.set(key, JSON.stringify({ json, isDate }));
  }

  /** Returns a fresh copy, or undefined when the key is missing (the API maps that to '' or a fail). */
  get(api: string, key: unknown): unknown {
    this.checkKey(api, key);
    this.ops.reads += 1;
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(entry.json);
    } catch {
      // Only reachable through plantRaw: what a damaged storage file looks like to the API.
      throw new WxApiError(`${api}:fail parse data fail`);
    }
    return entry.isDate ? new Date(value as number) : value;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  remove(api: string, key: unknown): void {
    this.checkKey(api, key);
    this.ops.removes += 1;
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.totalBytes -= entry.bytes;
    this.entries.delete(key);
    this.backend.remove(key);
  }

  clear(): void {
    for (const key of [...this.entries.keys()]) this.backend.remove(key);
    this.entries.clear();
    this.totalBytes = 0;
  }

  info(): StorageInfo {
    return {
      keys: [...this.entries.keys()],
      currentSize: Math.ceil(this.totalBytes / 1024),
      limitSize: Math.floor(this.totalLimitBytes / 1024),
    };
  }

  /** Bytes used, exactly, for tests and benchmarks. */
  usedBytes(): number {
    return this.totalBytes;
  }

  /** Raw JSON of one key, so tests can plant or inspect exactly what is stored. */
  rawJson(key: string): string | undefined {
    return this.entries.get(key)?.json;
  }

  /** Plants raw text under a key, bypassing the API: how a test simulates corrupt data on disk. */
  plantRaw(key: string, json: string): void {
    const bytes = utf8Bytes(key) + utf8Bytes(json);
    const previous = this.entries.get(key)?.bytes ?? 0;
    this.entries.set(key, { json, isDate: false, bytes });
    this.totalBytes += bytes - previous;
    this.backend.set(key, JSON.stringify({ json, isDate: false }));
  }
}
