/** @jest-environment node */
/** Release settings: every MP_* variable and flag is checked, with a message that names what to set. */

interface ReleaseOptionsModule {
  DEFAULT_QRCODE_PATH: string;
  parseArgs(argv: string[]): { command: string; dryRun: boolean; qrcodePath: string };
  readReleaseOptions(
    argv: string[],
    env: Record<string, string | undefined>,
    defaults: { packageVersion: () => string; gitDescription: () => string },
  ): {
    command: string;
    dryRun: boolean;
    qrcodePath: string;
    appid: string;
    robot: number;
    version: string;
    versionFrom: string;
    desc: string;
    descFrom: string;
    keySource: { variable: string; text?: string; path?: string };
  };
}

const { parseArgs, readReleaseOptions, DEFAULT_QRCODE_PATH } = jest.requireActual<ReleaseOptionsModule>(
  '../../../scripts/lib/releaseOptions',
);

const APPID = 'wx0123456789abcdef';
const defaults = { packageVersion: () => '0.1.0', gitDescription: () => 'Add dialer (abc1234)' };
const baseEnv = { MP_APPID: APPID, MP_PRIVATE_KEY: '-----BEGIN RSA PRIVATE KEY-----' };

function read(env: Record<string, string | undefined>, argv: string[] = ['upload']) {
  return readReleaseOptions(argv, env, defaults);
}

describe('parseArgs', () => {
  it('takes preview or upload, --dry-run and --qrcode in both spellings', () => {
    expect(parseArgs(['preview'])).toEqual({ command: 'preview', dryRun: false, qrcodePath: DEFAULT_QRCODE_PATH });
    expect(parseArgs(['upload', '--dry-run'])).toEqual({
      command: 'upload',
      dryRun: true,
      qrcodePath: DEFAULT_QRCODE_PATH,
    });
    expect(parseArgs(['preview', '--qrcode', 'out/qr.jpg']).qrcodePath).toBe('out/qr.jpg');
    expect(parseArgs(['preview', '--qrcode=out/qr.jpg', '--dry-run'])).toEqual({
      command: 'preview',
      dryRun: true,
      qrcodePath: 'out/qr.jpg',
    });
  });

  it('defaults the QR code to dist/preview-qrcode.jpg', () => {
    expect(DEFAULT_QRCODE_PATH).toBe('dist/preview-qrcode.jpg');
  });

  it.each([
    [[], /no command given; usage:/],
    [['deploy'], /unknown command "deploy"; usage:/],
    [['preview', '--force'], /unknown option "--force"/],
    [['preview', '--qrcode'], /--qrcode needs a file path/],
    [['preview', '--qrcode', '--dry-run'], /--qrcode needs a file path/],
    [['preview', '--qrcode='], /--qrcode needs a file path/],
    [['upload', '--qrcode', 'x.jpg'], /--qrcode only applies to preview/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(message);
  });
});

describe('readReleaseOptions', () => {
  it('fills robot, version and description from their defaults', () => {
    expect(read(baseEnv)).toMatchObject({
      appid: APPID,
      robot: 1,
      version: '0.1.0',
      versionFrom: 'package.json',
      desc: 'Add dialer (abc1234)',
      descFrom: 'git',
      keySource: { variable: 'MP_PRIVATE_KEY', text: baseEnv.MP_PRIVATE_KEY },
    });
  });

  it('takes MP_ROBOT, MP_VERSION and MP_DESC when set, and never asks git then', () => {
    const gitDescription = jest.fn(() => 'from git');
    const options = readReleaseOptions(
      ['upload'],
      { ...baseEnv, MP_ROBOT: '30', MP_VERSION: '1.2.3-rc.1', MP_DESC: ' Release 1.2.3 ' },
      { packageVersion: () => '0.1.0', gitDescription },
    );
    expect(options).toMatchObject({
      robot: 30,
      version: '1.2.3-rc.1',
      versionFrom: 'MP_VERSION',
      desc: 'Release 1.2.3',
    });
    expect(gitDescription).not.toHaveBeenCalled();
  });

  it('names MP_APPID when it is missing or blank (GitHub passes a missing secret as "")', () => {
    for (const MP_APPID of [undefined, '', '  ']) {
      expect(() => read({ ...baseEnv, MP_APPID })).toThrow(/^MP_APPID is not set: set it to the mini program AppID/);
    }
  });

  it.each(['wx0123', 'WX0123456789ABCDEF', 'wx0123456789abcdeg', 'wx0123456789abcdef0', 'tt0123456789abcdef'])(
    'refuses the AppID %s as not wx + 16 hex characters',
    (MP_APPID) => {
      expect(() => read({ ...baseEnv, MP_APPID })).toThrow(
        `MP_APPID "${MP_APPID}" does not look like an AppID: expected wx followed by 16 hex characters`,
      );
    },
  );

  it('names both key variables when neither is set, and refuses both at once', () => {
    expect(() => read({ MP_APPID: APPID, MP_PRIVATE_KEY: '' })).toThrow(
      /^no upload key: set MP_PRIVATE_KEY \(the key text\) or MP_PRIVATE_KEY_PATH \(the key file\)/,
    );
    expect(() => read({ ...baseEnv, MP_PRIVATE_KEY_PATH: '/keys/private.key' })).toThrow(
      'set only one of MP_PRIVATE_KEY and MP_PRIVATE_KEY_PATH, not both',
    );
    expect(read({ MP_APPID: APPID, MP_PRIVATE_KEY_PATH: '/keys/private.key' }).keySource).toEqual({
      variable: 'MP_PRIVATE_KEY_PATH',
      path: '/keys/private.key',
    });
  });

  it('checks the AppID before the key, so the first message is the first thing to fix', () => {
    expect(() => read({})).toThrow(/^MP_APPID is not set/);
  });

  it.each(['0', '31', '1.5', '-1', 'one', '007'])('refuses MP_ROBOT=%s', (MP_ROBOT) => {
    expect(() => read({ ...baseEnv, MP_ROBOT })).toThrow(
      `MP_ROBOT must be a whole number from 1 to 30, got "${MP_ROBOT}"`,
    );
  });

  it('refuses a version with spaces or odd characters', () => {
    expect(() => read({ ...baseEnv, MP_VERSION: '1.0 beta' })).toThrow(/^MP_VERSION "1.0 beta" is not a version/);
    expect(() => read({ ...baseEnv, MP_VERSION: '.1' })).toThrow(/is not a version/);
  });
});
