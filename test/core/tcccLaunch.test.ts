import fc from 'fast-check';
import { buildTcccLaunch, cleanRemark, toWellFormed, UUI_MAX_BYTES } from '../../miniprogram/core/tcccLaunch';

const BASE = { sdkAppId: '1400000000', userId: 'FooOrBar@tencent.com', calleePhone: '19999999999' };

function query(path: string): URLSearchParams {
  return new URLSearchParams(path.slice(path.indexOf('?') + 1));
}

describe('buildTcccLaunch', () => {
  it("matches the seed's example exactly", () => {
    const result = buildTcccLaunch({ ...BASE, calleeRemark: 'DisplayName', uui: 'HelloWorld' });
    expect(result).toEqual({
      ok: true,
      options: {
        appId: 'wx49e8ab828096cff3',
        path: '/pages/call/call?sdkAppId=1400000000&userId=FooOrBar%40tencent.com&calleePhone=19999999999&calleeRemark=DisplayName&uui=HelloWorld',
        envVersion: 'release',
      },
    });
  });

  it('adds the optional TCCC parameters only when configured, after the seed ones', () => {
    const result = buildTcccLaunch({
      ...BASE,
      autoExitTime: '5',
      soundMode: 'speaker',
      skillGroupId: '',
      callerPhoneNumber: '02160000000',
      token: 't0k',
      envVersion: 'trial',
    });
    if (!result.ok) throw new Error(result.message);
    expect([...query(result.options.path).keys()]).toEqual([
      'sdkAppId',
      'userId',
      'calleePhone',
      'autoExitTime',
      'soundMode',
      'callerPhoneNumber',
      'token',
    ]);
    expect(result.options.envVersion).toBe('trial');
  });

  it('encodes remarks with Chinese, &, =, #, %, ?, spaces and emoji so they arrive intact', () => {
    const remark = '张三 & Co = #1 100% ?好 😀';
    const result = buildTcccLaunch({ ...BASE, calleeRemark: remark });
    if (!result.ok) throw new Error(result.message);
    const queryString = result.options.path.slice(result.options.path.indexOf('?') + 1);
    expect(queryString).not.toMatch(/[ #?%](?![0-9A-F]{2})/);
    expect(queryString.split('&')).toHaveLength(4);
    expect(query(result.options.path).get('calleeRemark')).toBe(remark);
  });

  it('validates sdkAppId, userId, callee and uui', () => {
    expect(buildTcccLaunch({ ...BASE, sdkAppId: '14000x' })).toMatchObject({ ok: false, field: 'sdkAppId' });
    expect(buildTcccLaunch({ ...BASE, userId: '  ' })).toMatchObject({ ok: false, field: 'userId' });
    expect(buildTcccLaunch({ ...BASE, calleePhone: '12' })).toMatchObject({ ok: false, field: 'calleePhone' });
    expect(buildTcccLaunch({ ...BASE, calleePhone: '138 0013 8000' })).toMatchObject({
      ok: false,
      field: 'calleePhone',
    });
    expect(buildTcccLaunch({ ...BASE, uui: 'x'.repeat(UUI_MAX_BYTES + 1) })).toMatchObject({ ok: false, field: 'uui' });
    expect(buildTcccLaunch({ ...BASE, uui: '好'.repeat(342) })).toMatchObject({ ok: false, field: 'uui' });
    expect(buildTcccLaunch({ ...BASE, uui: '好'.repeat(341) }).ok).toBe(true);
  });

  it('refuses a uui that carries a phone number', () => {
    expect(buildTcccLaunch({ ...BASE, uui: 'order-19999999999' })).toMatchObject({ ok: false, field: 'uui' });
    expect(buildTcccLaunch({ ...BASE, uui: 'tel 138-0013-8000' })).toMatchObject({ ok: false, field: 'uui' });
    expect(buildTcccLaunch({ ...BASE, uui: 'mkfkk3xcbb' }).ok).toBe(true);
    expect(buildTcccLaunch({ ...BASE, uui: 'ORD-20261124-0001' }).ok).toBe(true);
  });

  it('property: a standard query parser gets back exactly the values put in', () => {
    const text = fc.string({ unit: 'binary', maxLength: 40 });
    fc.assert(
      fc.property(text, text, text, (userId, remark, token) => {
        fc.pre(userId.trim() !== '');
        const result = buildTcccLaunch({ ...BASE, userId, calleeRemark: remark, uui: 'ref-abc', token });
        if (!result.ok) throw new Error(result.message);
        const params = query(result.options.path);
        expect(params.get('userId')).toBe(userId);
        expect(params.get('calleeRemark')).toBe(remark === '' ? null : remark);
        expect(params.get('token')).toBe(token === '' ? null : token);
        expect(params.get('uui')).toBe('ref-abc');
      }),
      { numRuns: 1000 },
    );
  });

  it('property: never throws, even for lone surrogates and arbitrary UTF-16', () => {
    const anyText = fc.string({ unit: fc.nat(0xffff).map((n) => String.fromCharCode(n)), maxLength: 30 });
    fc.assert(
      fc.property(anyText, anyText, anyText, (sdkAppId, userId, remark) => {
        const result = buildTcccLaunch({
          sdkAppId,
          userId,
          calleePhone: '13800138000',
          calleeRemark: remark,
          uui: remark,
        });
        if (result.ok)
          expect(query(result.options.path).get('calleeRemark') ?? '').toBe(remark === '' ? '' : toWellFormed(remark));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('cleanRemark', () => {
  it('makes odd remarks one short line', () => {
    expect(cleanRemark('  张三\n（VIP）\t\u0000客户  ')).toBe('张三 （VIP） 客户');
    expect([...cleanRemark('长'.repeat(100))]).toHaveLength(32);
    expect(cleanRemark('\ud800x')).toBe('\ufffdx');
  });
});
