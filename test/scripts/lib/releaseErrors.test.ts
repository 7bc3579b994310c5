/** @jest-environment node */
/** Release failures as one clear line: WeChat unreachable gets the fixed message, known errors lose their stack. */

import { keyBody, rsaPkcs1Key } from '../helpers/keys';

interface ReleaseErrorsModule {
  WECHAT_UNREACHABLE: string;
  describeReleaseError(error: unknown): { message: string; expected: boolean };
  redactKeys(text: string): string;
}
interface BuildStepsModule {
  BuildError: new (message: string) => Error;
}

const { WECHAT_UNREACHABLE, describeReleaseError, redactKeys } = jest.requireActual<ReleaseErrorsModule>(
  '../../../scripts/lib/releaseErrors',
);
const { BuildError } = jest.requireActual<BuildStepsModule>('../../../scripts/lib/buildSteps');

/** The shape miniprogram-ci's CodeError has: an Error with a numeric code. */
function codeError(message: string, code: number): Error {
  return Object.assign(new Error(message), { code });
}

describe('describeReleaseError', () => {
  it('uses the exact WeChat-unreachable text', () => {
    expect(WECHAT_UNREACHABLE).toBe(
      'cannot reach WeChat servers: check the network, and the upload IP whitelist in the mini program admin console',
    );
  });

  it.each([
    ['20001, the signing nonce', codeError('Error: getaddrinfo ENOTFOUND servicewechat.com', 20001)],
    ['20003, the upload request', codeError('Error: socket hang up', 20003)],
    ['a bare ENOTFOUND', new Error('getaddrinfo ENOTFOUND servicewechat.com')],
    ['ECONNREFUSED', new Error('connect ECONNREFUSED 10.0.0.1:443')],
    ['ETIMEDOUT', codeError('Error: connect ETIMEDOUT 10.0.0.1:443', -1)],
  ])('maps %s to the WeChat-unreachable message', (_name, error) => {
    expect(describeReleaseError(error)).toEqual({ message: WECHAT_UNREACHABLE, expected: true });
  });

  it("adds WeChat's own reply when its server answered with an error (e.g. an IP not on the whitelist)", () => {
    const reply = '{"errCode":-10008,"errMsg":"invalid ip: 203.0.113.7, reference: https://developers.weixin.qq.com"}';
    expect(describeReleaseError(codeError(`Error: ${reply}`, 20003)).message).toBe(
      `${WECHAT_UNREACHABLE} (WeChat replied: invalid ip: 203.0.113.7, reference: https://developers.weixin.qq.com)`,
    );
  });

  it('shows our own errors as they are', () => {
    expect(describeReleaseError(new BuildError('MP_APPID is not set'))).toEqual({
      message: 'MP_APPID is not set',
      expected: true,
    });
  });

  it('shows other miniprogram-ci errors with their code and first line, with no stack', () => {
    const report = describeReleaseError(codeError('project.config.json: appid mismatch\n    at x (y.js:1:1)', 10));
    expect(report).toEqual({ message: 'miniprogram-ci error 10: project.config.json: appid mismatch', expected: true });
  });

  it('keeps the stack of an unexpected error, since that is a bug to find', () => {
    const error = new TypeError('cannot read properties of undefined');
    const report = describeReleaseError(error);
    expect(report.expected).toBe(false);
    expect(report.message).toContain('TypeError: cannot read properties of undefined\n    at ');
  });

  it('never lets key text through, whole or cut off', () => {
    const pem = rsaPkcs1Key();
    const whole = describeReleaseError(new Error(`bad signature with ${pem} here`)).message;
    const cut = describeReleaseError(codeError(`cannot sign: ${pem.slice(0, 200)}`, 10)).message;
    for (const message of [whole, cut]) {
      expect(message).toContain('[private key redacted]');
      expect(message).not.toContain(keyBody(pem).slice(0, 40));
    }
    expect(whole).toContain(' here');
  });
});

describe('redactKeys', () => {
  it('leaves a message that only names the PEM header alone', () => {
    const text = 'expected a -----BEGIN RSA PRIVATE KEY----- block, as in the private.<appid>.key file';
    expect(redactKeys(text)).toBe(text);
  });
});
