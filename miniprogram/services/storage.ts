/** The one gateway to wx local storage: typed reads, and writes that report WeChat's errors instead of throwing. */

export type StorageWriteResult = { ok: true } | { ok: false; full: boolean; message: string };

export interface StorageUsage {
  keys: string[];
  /** KB, as WeChat reports them. */
  currentSize: number;
  limitSize: number;
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'errMsg' in error) {
    return String((error as { errMsg: unknown }).errMsg);
  }
  return String(error);
}

/** True for WeChat's quota errors, per key ("entry size limit") or in total ("exceed"). */
export function isStorageFullMessage(message: string): boolean {
  return /exceed|size limit/i.test(message);
}

/** Returns the stored value, or undefined when the key is missing or unreadable. */
export function readStored(key: string): unknown {
  try {
    const value: unknown = wx.getStorageSync(key);
    // WeChat answers '' for a missing key.
    return value === '' ? undefined : value;
  } catch {
    return undefined;
  }
}

export type StoredRead = { found: false } | { found: true; value: unknown } | { found: false; unreadable: string };

/** Like readStored, but tells a missing key from one whose data WeChat could not read. */
export function readStoredStrict(key: string): StoredRead {
  try {
    const value: unknown = wx.getStorageSync(key);
    return value === '' ? { found: false } : { found: true, value };
  } catch (error) {
    return { found: false, unreadable: errorMessage(error) };
  }
}

export function writeStored(key: string, value: unknown): StorageWriteResult {
  try {
    wx.setStorageSync(key, value);
    return { ok: true };
  } catch (error) {
    const message = errorMessage(error);
    return { ok: false, full: isStorageFullMessage(message), message };
  }
}

export function removeStored(key: string): void {
  try {
    wx.removeStorageSync(key);
  } catch {
    // A key that cannot be removed is left for the next clear; nothing depends on its absence.
  }
}

export function readStorageUsage(): StorageUsage {
  const info = wx.getStorageInfoSync();
  return { keys: info.keys, currentSize: info.currentSize, limitSize: info.limitSize };
}
