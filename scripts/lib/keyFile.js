// @ts-check
/** A key given as text lives in a fresh 0600 temp file only while it is used: removed in finally, on exit and on Ctrl-C. */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** Recognisable, so a test (or a person) can check that none is ever left behind. */
const KEY_DIR_PREFIX = 'tccc-dialer-key-';
const KEY_FILE_NAME = 'private.key';
/** The shell's convention: 128 + the signal number. */
const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 };

/**
 * Writes `pem` to `<tmp>/tccc-dialer-key-XXXXXX/private.key` (folder 0700, file 0600), runs `use` with its path
 * and removes the folder however `use` ends: resolve, reject, process.exit, SIGINT or SIGTERM.
 * @template T
 * @param {string} pem
 * @param {(keyPath: string) => Promise<T>} use
 * @returns {Promise<T>}
 */
async function withKeyFile(pem, use) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), KEY_DIR_PREFIX));
  const file = path.join(dir, KEY_FILE_NAME);
  const remove = () => fs.rmSync(dir, { recursive: true, force: true });
  /** @param {'SIGINT' | 'SIGTERM'} signal */
  const removeAndExit = (signal) => {
    remove();
    process.stderr.write(`\n✖ interrupted (${signal}): the temporary key file was removed\n`);
    process.exit(SIGNAL_EXIT_CODES[signal]);
  };
  const onSigint = () => removeAndExit('SIGINT');
  const onSigterm = () => removeAndExit('SIGTERM');
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  // process.exit() skips finally blocks; 'exit' listeners still run, and rmSync is synchronous.
  process.on('exit', remove);
  try {
    // 'wx': never write through a file someone placed there first.
    fs.writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
    fs.chmodSync(file, 0o600);
    return await use(file);
  } finally {
    remove();
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
    process.off('exit', remove);
  }
}

module.exports = { KEY_DIR_PREFIX, KEY_FILE_NAME, SIGNAL_EXIT_CODES, withKeyFile };
