/** Real keys made with node:crypto for the release tests: RSA as WeChat issues them, and the kinds to refuse. */

import { generateKeyPairSync } from 'node:crypto';

/** A PKCS#1 RSA private key, the form of WeChat's private.<appid>.key files. */
export function rsaPkcs1Key(): string {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;
}

export function rsaPkcs8Key(): string {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;
}

export function rsaPublicKey(): string {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).publicKey;
}

export function ecPkcs8Key(): string {
  return generateKeyPairSync('ec', {
    namedCurve: 'prime256v1',
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;
}

export function encryptedRsaKey(): string {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;
}

/** The base64 body of a PEM block: the part that must never appear in any output. */
export function keyBody(pem: string): string {
  return pem
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('-----'))
    .join('');
}

/** A line from the middle of the key, long enough to be unique. */
export function keyLine(pem: string): string {
  const lines = pem.split('\n').filter((line) => line !== '' && !line.startsWith('-----'));
  return lines[Math.floor(lines.length / 2)];
}
