import {
  appendKey,
  dialerState,
  keysFromPaste,
  maskedFilledDisplay,
  nameAfterNumberChange,
  nameAfterTyping,
  MAX_TYPED,
  parseDialerLink,
  recentNumbers,
  removeLastKey,
} from '../../miniprogram/core/dialPad';
import { CallRecord } from '../../miniprogram/core/callRecord';

describe('keys', () => {
  it('takes keypad keys and a leading +, nothing else, up to the limit', () => {
    expect(['1', '3', '*', '#', 'a', ' '].reduce(appendKey, '')).toBe('13*#');
    expect(appendKey('', '+')).toBe('+');
    expect(appendKey('1', '+')).toBe('1');
    expect(appendKey('1'.repeat(MAX_TYPED), '2')).toBe('1'.repeat(MAX_TYPED));
    expect(removeLastKey('138')).toBe('13');
    expect(removeLastKey('')).toBe('');
  });
});

describe('dialerState', () => {
  it.each([
    ['', { display: '', dial: '', hint: '', tone: 'none' }],
    ['138', { display: '138', dial: '', hint: '号码位数不足', tone: 'hint' }],
    ['13800138000', { display: '138 0013 8000', dial: '13800138000', hint: '', tone: 'ok' }],
    ['13800138000#1234', { display: '138 0013 8000#1234', dial: '13800138000', hint: '接通后拨分机 1234', tone: 'ok' }],
    ['12345678', { display: '12345678', dial: '', hint: '号码格式不正确', tone: 'error' }],
    ['138001380001', { display: '138 0013 80001', dial: '', hint: '号码位数过多', tone: 'error' }],
  ])('%s', (typed, state) => {
    expect(dialerState(typed)).toEqual(state);
  });
});

describe('maskedFilledDisplay', () => {
  it('masks the filled number and shows the keys typed after it as typed', () => {
    expect(maskedFilledDisplay('13800138000', '13800138000')).toBe('138****8000');
    expect(maskedFilledDisplay('13800138000', '13800138000#66')).toBe('138****8000#66');
    expect(maskedFilledDisplay('01012345678#888', '01012345678#888')).toBe('010****5678#888');
    expect(maskedFilledDisplay('4008001234', '4008001234')).toBe('400 800 1234');
  });

  it('masks a filled value that does not parse harder, never in full', () => {
    expect(maskedFilledDisplay('1380013800', '1380013800')).not.toContain('0013');
  });
});

describe('the 备注名 belongs to its number', () => {
  const change = {
    typed: '13800138000',
    dial: '13800138000',
    previousDial: '',
    filledName: undefined,
    contactName: undefined,
  };

  it('a filled number brings its name, and the name goes when the number changes', () => {
    const filled = nameAfterNumberChange({ text: '', owner: undefined }, { ...change, filledName: '张三' });
    expect(filled).toEqual({ text: '张三', owner: '13800138000' });
    const typedOn = nameAfterNumberChange(filled, { ...change, typed: '13800138000#6', previousDial: '13800138000' });
    expect(typedOn).toEqual(filled);
    const shorter = nameAfterNumberChange(filled, {
      ...change,
      typed: '1380013800',
      dial: '',
      previousDial: '13800138000',
    });
    expect(shorter).toEqual({ text: '', owner: undefined });
  });

  it('a name typed before the number belongs to the first complete number', () => {
    const typed = nameAfterTyping({ text: '', owner: undefined }, '王经理', '');
    expect(typed).toEqual({ text: '王经理', owner: undefined });
    const partial = nameAfterNumberChange(typed, { ...change, typed: '138', dial: '' });
    expect(partial).toEqual(typed);
    const complete = nameAfterNumberChange(partial, { ...change, previousDial: '' });
    expect(complete).toEqual({ text: '王经理', owner: '13800138000' });
    expect(nameAfterTyping(complete, '王总', '13800138000')).toEqual({ text: '王总', owner: '13800138000' });
    expect(nameAfterTyping(complete, '', '13800138000')).toEqual({ text: '', owner: undefined });
  });

  it("a contact's name fills an empty field when the number becomes the contact's, not again once cleared", () => {
    const contact = nameAfterNumberChange({ text: '', owner: undefined }, { ...change, contactName: '张三' });
    expect(contact).toEqual({ text: '张三', owner: '13800138000' });
    const cleared = nameAfterTyping(contact, '', '13800138000');
    const again = { ...change, typed: '13800138000#', previousDial: '13800138000', contactName: '张三' };
    expect(nameAfterNumberChange(cleared, again)).toEqual({ text: '', owner: undefined });
    const ownName = nameAfterNumberChange({ text: '王经理', owner: undefined }, { ...change, contactName: '张三' });
    expect(ownName.text).toBe('王经理');
  });
});

describe('keysFromPaste', () => {
  it.each([
    ['138-0013-8000', '13800138000'],
    ['+86 138 0013 8000', '13800138000'],
    ['010-12345678 转 888', '01012345678#888'],
    ['电话：138 0013 800', '1380013800'],
    ['hello', ''],
    ['', ''],
  ])('%s -> %s', (text, keys) => {
    expect(keysFromPaste(text)).toBe(keys);
  });
});

describe('recentNumbers', () => {
  const call = (phone: string, name: string, contactId = ''): CallRecord =>
    ({ phone, name, contactId }) as unknown as CallRecord;

  it('distinct numbers, newest first, masked unless a name is known', () => {
    const records = [
      call('13800138000', '张三', 'c1'),
      call('', ''),
      call('13900139000', ''),
      call('13800138000', '旧名'),
    ];
    expect(recentNumbers(records, true)).toEqual([
      { phone: '13800138000', name: '张三', contactId: 'c1', label: '张三' },
      { phone: '13900139000', name: '', contactId: '', label: '139****9000' },
    ]);
    expect(recentNumbers(records, true, 1)).toHaveLength(1);
  });
});

describe('parseDialerLink', () => {
  it('no link values: no link', () => {
    expect(parseDialerLink(undefined)).toEqual({ ok: true, link: undefined });
    expect(parseDialerLink({ from: 'x' })).toEqual({ ok: true, link: undefined });
  });

  it('decodes encoded values once and keeps the extension', () => {
    expect(
      parseDialerLink({
        phone: encodeURIComponent('138 0013 8000 转 12'),
        name: encodeURIComponent('王五'),
        uui: 'A%2FB',
      }),
    ).toEqual({ ok: true, link: { phone: '13800138000#12', name: '王五', businessRef: 'A/B' } });
  });

  it('a value that only looks encoded stays as it is', () => {
    expect(parseDialerLink({ phone: '13800138000', uui: '100%zz' })).toMatchObject({ link: { businessRef: '100%zz' } });
  });

  it.each([
    [{ phone: '123' }, '链接中的号码无效：号码位数不足'],
    [{ phone: ['13800138000'] }, '链接中的号码无效：号码格式不正确'],
    [{ uui: 'x' }, '链接缺少号码（phone）'],
    [{ phone: '13800138000', uui: '13800138000' }, '链接中的业务参数（uui）不能包含电话号码'],
  ])('%j is refused', (query, message) => {
    const result = parseDialerLink(query as Record<string, unknown>);
    expect(result).toEqual({ ok: false, message });
    if (!result.ok) expect(result.message).not.toContain('13800138000');
  });
});
