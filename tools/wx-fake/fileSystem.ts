/** WeChat's user file system in memory (wx.getFileSystemManager under wx.env.USER_DATA_PATH): its quota and its error texts. */

import { WxApiError } from './storageArea';

export const USER_DATA_PATH = 'wxfile://usr';
/** WeChat gives each mini program 200 MB under USER_DATA_PATH. */
export const FILE_QUOTA_BYTES = 200 * 1024 * 1024;

type Encoding = 'utf8' | 'utf-8' | 'binary' | 'base64';

interface StoredFile {
  bytes: Uint8Array;
  modifiedAt: number;
}

/** UTF-8 encoding without Buffer, so the browser simulator can share this file. */
function utf8Encode(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    let code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if ((low & 0xfc00) === 0xdc00) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        i += 1;
      }
    }
    if (code < 0x80) out.push(code);
    else if (code < 0x800) out.push(0xc0 | (code >> 6), 0x80 | (code & 63));
    else if (code < 0x10000) out.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
    else out.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 63), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
  }
  return Uint8Array.from(out);
}

/** UTF-8 decoding by hand: jsdom has no TextDecoder. */
function utf8Decode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i] as number;
    const extra = b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : b >= 0xc0 ? 1 : 0;
    let code = extra === 0 ? b : b & (0x3f >> extra);
    for (let j = 1; j <= extra; j += 1) code = (code << 6) | ((bytes[i + j] ?? 0) & 63);
    out += String.fromCodePoint(code);
    i += extra + 1;
  }
  return out;
}

export interface FileStat {
  size: number;
  lastModifiedTime: number;
  isFile(): boolean;
  isDirectory(): boolean;
}

/** The files one mini program wrote; tests read them back and shrink the quota to model a full disk. */
export class FileArea {
  private readonly files = new Map<string, StoredFile>();
  /** Settable so a test can fill the disk; WeChat's is 200 MB. */
  quotaBytes = FILE_QUOTA_BYTES;

  usedBytes(): number {
    let total = 0;
    for (const file of this.files.values()) total += file.bytes.length;
    return total;
  }

  paths(): string[] {
    return [...this.files.keys()];
  }

  /** The file's raw bytes, or undefined; what a test inspects after an export. */
  bytesOf(path: string): Uint8Array | undefined {
    return this.files.get(path)?.bytes;
  }

  textOf(path: string): string | undefined {
    const bytes = this.bytesOf(path);
    return bytes === undefined ? undefined : utf8Decode(bytes);
  }

  private checkWritable(api: string, path: unknown): asserts path is string {
    if (typeof path !== 'string' || path === '') {
      throw new WxApiError(`${api}:fail parameter error: parameter.filePath should be String`);
    }
    if (!path.startsWith(`${USER_DATA_PATH}/`)) throw new WxApiError(`${api}:fail permission denied, open ${path}`);
    const parent = path.slice(0, path.lastIndexOf('/'));
    if (parent !== USER_DATA_PATH) throw new WxApiError(`${api}:fail no such file or directory, open ${path}`);
  }

  private encode(data: unknown, encoding: Encoding | undefined): Uint8Array {
    if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0));
    const text = typeof data === 'string' ? data : String(data);
    if (encoding === 'binary') return Uint8Array.from(text, (c) => c.charCodeAt(0) & 255);
    return utf8Encode(text);
  }

  private store(api: string, path: string, bytes: Uint8Array): void {
    const previous = this.files.get(path)?.bytes.length ?? 0;
    if (this.usedBytes() - previous + bytes.length > this.quotaBytes) {
      throw new WxApiError(`${api}:fail the maximum size of the file storage limit is exceeded`);
    }
    this.files.set(path, { bytes, modifiedAt: Math.floor(Date.now() / 1000) });
  }

  write(api: string, path: unknown, data: unknown, encoding?: Encoding): void {
    this.checkWritable(api, path);
    this.store(api, path, this.encode(data, encoding));
  }

  append(api: string, path: unknown, data: unknown, encoding?: Encoding): void {
    this.checkWritable(api, path);
    const existing = this.files.get(path);
    if (existing === undefined) throw new WxApiError(`${api}:fail no such file or directory, open ${path}`);
    const added = this.encode(data, encoding);
    const joined = new Uint8Array(existing.bytes.length + added.length);
    joined.set(existing.bytes, 0);
    joined.set(added, existing.bytes.length);
    this.store(api, path, joined);
  }

  read(api: string, path: unknown, encoding?: Encoding): string | ArrayBuffer {
    const file = typeof path === 'string' ? this.files.get(path) : undefined;
    if (file === undefined) throw new WxApiError(`${api}:fail no such file or directory, open ${String(path)}`);
    if (encoding === undefined) return file.bytes.slice().buffer;
    return utf8Decode(file.bytes);
  }

  unlink(api: string, path: unknown): void {
    if (typeof path !== 'string' || !this.files.delete(path)) {
      throw new WxApiError(`${api}:fail no such file or directory, open ${String(path)}`);
    }
  }

  access(api: string, path: unknown): void {
    if (path === USER_DATA_PATH) return;
    if (typeof path !== 'string' || !this.files.has(path)) {
      throw new WxApiError(`${api}:fail no such file or directory ${String(path)}`);
    }
  }

  stat(api: string, path: unknown): FileStat {
    if (path === USER_DATA_PATH) {
      return { size: 0, lastModifiedTime: 0, isFile: () => false, isDirectory: () => true };
    }
    const file = typeof path === 'string' ? this.files.get(path) : undefined;
    if (file === undefined) throw new WxApiError(`${api}:fail no such file or directory ${String(path)}`);
    return {
      size: file.bytes.length,
      lastModifiedTime: file.modifiedAt,
      isFile: () => true,
      isDirectory: () => false,
    };
  }

  has(path: string): boolean {
    return this.files.has(path);
  }
}
