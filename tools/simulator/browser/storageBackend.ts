/**
 * Persists the simulated wx storage in the browser's localStorage, so data survives a reload as it
 * survives a restart on a phone. WeChat's limits are enforced by StorageArea, not here.
 */

import { StorageBackend } from '../../wx-fake/storageArea';

const PREFIX = 'wx-storage:';

export interface PersistentBackend extends StorageBackend {
  /** False once a write did not fit into the browser's own quota (about 5 M characters in Chromium). */
  persisted(): boolean;
}

export function localStorageBackend(onOverflow: () => void): PersistentBackend {
  const memory = new Map<string, string>();
  let persisted = true;
  for (let i = 0; i < localStorage.length; i += 1) {
    const name = localStorage.key(i);
    if (name === null || !name.startsWith(PREFIX)) continue;
    const value = localStorage.getItem(name);
    if (value !== null) memory.set(name.slice(PREFIX.length), value);
  }
  return {
    get: (key) => memory.get(key) ?? null,
    set: (key, value) => {
      memory.set(key, value);
      try {
        localStorage.setItem(PREFIX + key, value);
      } catch {
        // Keep the value in memory: WeChat's 10 MB can exceed what Chromium lets one origin keep.
        localStorage.removeItem(PREFIX + key);
        if (persisted) onOverflow();
        persisted = false;
      }
    },
    remove: (key) => {
      memory.delete(key);
      localStorage.removeItem(PREFIX + key);
    },
    keys: () => [...memory.keys()],
    persisted: () => persisted,
  };
}
