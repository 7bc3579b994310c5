/** @jest-environment node */
/** The temp key file: 0600 while in use, gone afterwards however the run ends, including Ctrl-C and SIGTERM. */

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

interface KeyFileModule {
  KEY_DIR_PREFIX: string;
  withKeyFile<T>(pem: string, use: (keyPath: string) => Promise<T>): Promise<T>;
}

const KEY_FILE_MODULE = path.resolve(__dirname, '../../../scripts/lib/keyFile.js');
const { KEY_DIR_PREFIX, withKeyFile } = jest.requireActual<KeyFileModule>(KEY_FILE_MODULE);
const PEM = '-----BEGIN RSA PRIVATE KEY-----\nnot-a-real-key\n-----END RSA PRIVATE KEY-----\n';

function keyDirsIn(dir: string): string[] {
  return fs.readdirSync(dir).filter((name) => name.startsWith(KEY_DIR_PREFIX));
}

describe('withKeyFile', () => {
  let tmp: string;
  const realTmpdir = os.tmpdir;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(realTmpdir(), 'key-file-test-'));
    jest.spyOn(os, 'tmpdir').mockReturnValue(tmp);
  });
  afterEach(() => {
    jest.restoreAllMocks();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('writes the key to tccc-dialer-key-*/private.key, owner-only, and removes the folder after use', async () => {
    const seen = await withKeyFile(PEM, async (keyPath) => {
      const stat = fs.statSync(keyPath);
      return {
        keyPath,
        text: fs.readFileSync(keyPath, 'utf8'),
        fileMode: stat.mode & 0o777,
        dirMode: fs.statSync(path.dirname(keyPath)).mode & 0o777,
      };
    });
    expect(path.basename(seen.keyPath)).toBe('private.key');
    expect(path.basename(path.dirname(seen.keyPath))).toMatch(/^tccc-dialer-key-/);
    expect(path.dirname(path.dirname(seen.keyPath))).toBe(tmp);
    expect(seen).toMatchObject({ text: PEM, fileMode: 0o600, dirMode: 0o700 });
    expect(fs.existsSync(seen.keyPath)).toBe(false);
    expect(keyDirsIn(tmp)).toEqual([]);
  });

  it('removes the key when the use fails, and passes the failure on', async () => {
    let keyPath = '';
    await expect(
      withKeyFile(PEM, async (file) => {
        keyPath = file;
        throw new Error('upload failed');
      }),
    ).rejects.toThrow('upload failed');
    expect(keyPath).not.toBe('');
    expect(keyDirsIn(tmp)).toEqual([]);
  });

  it('leaves no signal or exit listeners behind', async () => {
    const before = ['SIGINT', 'SIGTERM', 'exit'].map((event) => process.listenerCount(event));
    await withKeyFile(PEM, async () => {
      expect(process.listenerCount('SIGINT')).toBe(before[0] + 1);
    });
    expect(['SIGINT', 'SIGTERM', 'exit'].map((event) => process.listenerCount(event))).toEqual(before);
  });
});

/** Runs withKeyFile in a real Node process that waits forever once the key is written, or exits when told. */
function startHolder(tmp: string, behaviour: 'wait' | 'exit') {
  const script = `
    const { withKeyFile } = require(${JSON.stringify(KEY_FILE_MODULE)});
    withKeyFile(${JSON.stringify(PEM)}, (keyPath) => {
      process.stdout.write('ready ' + keyPath + '\\n');
      if (${JSON.stringify(behaviour)} === 'exit') process.exit(3);
      return new Promise(() => setInterval(() => {}, 1000));
    });
  `;
  const child = spawn(process.execPath, ['-e', script], { env: { ...process.env, TMPDIR: tmp } });
  const ready = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /ready (.+)\n/.exec(out);
      if (match) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`holder exited early with ${code}: ${out}`)));
  });
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) => {
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
  });
  return { child, ready, exited };
}

describe('withKeyFile in a real process', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'key-signal-test-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    'on %s removes the key and exits with %i',
    async (signal, expectedCode) => {
      const holder = startHolder(tmp, 'wait');
      const keyPath = await holder.ready;
      expect(fs.readFileSync(keyPath, 'utf8')).toBe(PEM);
      holder.child.kill(signal);
      const { code, stderr } = await holder.exited;
      expect(code).toBe(expectedCode);
      expect(stderr).toContain(`interrupted (${signal}): the temporary key file was removed`);
      expect(fs.existsSync(keyPath)).toBe(false);
      expect(keyDirsIn(tmp)).toEqual([]);
    },
    30_000,
  );

  it('removes the key when the process exits in the middle of the use', async () => {
    const holder = startHolder(tmp, 'exit');
    await holder.ready.catch(() => undefined);
    const { code } = await holder.exited;
    expect(code).toBe(3);
    expect(keyDirsIn(tmp)).toEqual([]);
  }, 30_000);
});
