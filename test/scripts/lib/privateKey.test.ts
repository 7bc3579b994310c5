/** @jest-environment node */
/** The upload key: only a PEM RSA private key passes, and no refusal ever quotes the key. */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ecPkcs8Key, encryptedRsaKey, keyLine, rsaPkcs1Key, rsaPkcs8Key, rsaPublicKey } from '../helpers/keys';

type KeySource = { variable: 'MP_PRIVATE_KEY'; text: string } | { variable: 'MP_PRIVATE_KEY_PATH'; path: string };
interface PrivateKeyModule {
  checkPem(text: string, variable: string): string;
  loadPrivateKey(source: KeySource): { pem: string; source: KeySource };
}

const { checkPem, loadPrivateKey } = jest.requireActual<PrivateKeyModule>('../../../scripts/lib/privateKey');

const pkcs1 = rsaPkcs1Key();

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('checkPem', () => {
  it('accepts an RSA key in PKCS#1 and in PKCS#8 form and returns the PEM block', () => {
    expect(checkPem(pkcs1, 'MP_PRIVATE_KEY')).toBe(pkcs1.trim() + '\n');
    const pkcs8 = rsaPkcs8Key();
    expect(checkPem(pkcs8, 'MP_PRIVATE_KEY')).toBe(pkcs8.trim() + '\n');
  });

  it('accepts the key as CI settings mangle it: CRLF, literal \\n escapes, text around it', () => {
    const expected = pkcs1.trim() + '\n';
    expect(checkPem(pkcs1.replace(/\n/g, '\r\n'), 'MP_PRIVATE_KEY')).toBe(expected);
    expect(checkPem(pkcs1.trim().replace(/\n/g, '\\n'), 'MP_PRIVATE_KEY')).toBe(expected);
    expect(checkPem(`key for wx0123456789abcdef:\n${pkcs1}\n`, 'MP_PRIVATE_KEY')).toBe(expected);
  });

  it('says "not a PEM private key" for text with no PEM block, naming the variable', () => {
    for (const text of ['hunter2', 'MIIEowIBAAKCAQEA', rsaPublicKey()]) {
      expect(refusal(() => checkPem(text, 'MP_PRIVATE_KEY'))).toBe(
        'MP_PRIVATE_KEY is not a PEM private key: expected a -----BEGIN RSA PRIVATE KEY----- block, ' +
          'as in the private.<appid>.key file from the admin console',
      );
    }
  });

  it('refuses a block whose BEGIN and END labels differ', () => {
    const mixed = pkcs1.replace('-----END RSA PRIVATE KEY-----', '-----END PRIVATE KEY-----');
    expect(refusal(() => checkPem(mixed, 'MP_PRIVATE_KEY'))).toMatch(/^MP_PRIVATE_KEY is not a PEM private key/);
  });

  it('refuses a cut-off key without quoting any of it', () => {
    const lines = pkcs1.trim().split('\n');
    const cut = [...lines.slice(0, 6), lines[lines.length - 1]].join('\n');
    const message = refusal(() => checkPem(cut, 'MP_PRIVATE_KEY'));
    expect(message).toBe('MP_PRIVATE_KEY is not a PEM private key: its RSA PRIVATE KEY block does not parse');
    expect(message).not.toContain(lines[3]);
  });

  it('refuses an encrypted key and a key that is not RSA, saying why', () => {
    expect(refusal(() => checkPem(encryptedRsaKey(), 'MP_PRIVATE_KEY'))).toBe(
      'MP_PRIVATE_KEY is an encrypted private key: miniprogram-ci needs the key without a passphrase',
    );
    expect(refusal(() => checkPem(ecPkcs8Key(), 'MP_PRIVATE_KEY'))).toBe(
      'MP_PRIVATE_KEY is not an RSA private key (it is ec): WeChat upload keys are RSA',
    );
  });
});

describe('loadPrivateKey', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'private-key-test-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads and checks MP_PRIVATE_KEY_PATH, and names that variable when the file is wrong', () => {
    const good = path.join(dir, 'private.wx0123456789abcdef.key');
    fs.writeFileSync(good, pkcs1);
    expect(loadPrivateKey({ variable: 'MP_PRIVATE_KEY_PATH', path: good }).pem).toBe(pkcs1.trim() + '\n');

    const bad = path.join(dir, 'notes.txt');
    fs.writeFileSync(bad, 'not a key');
    expect(refusal(() => loadPrivateKey({ variable: 'MP_PRIVATE_KEY_PATH', path: bad }))).toMatch(
      /^MP_PRIVATE_KEY_PATH is not a PEM private key/,
    );
    const missing = path.join(dir, 'missing.key');
    expect(refusal(() => loadPrivateKey({ variable: 'MP_PRIVATE_KEY_PATH', path: missing }))).toBe(
      `MP_PRIVATE_KEY_PATH points to no readable file: ${missing} (ENOENT)`,
    );
  });

  it('checks MP_PRIVATE_KEY text and keeps where it came from', () => {
    const key = loadPrivateKey({ variable: 'MP_PRIVATE_KEY', text: pkcs1 });
    expect(key.source.variable).toBe('MP_PRIVATE_KEY');
    expect(key.pem).toContain(keyLine(pkcs1));
  });
});
