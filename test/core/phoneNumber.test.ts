/** Phone-number parsing: every accepted form and rejection by table, the invariants by property (fast-check). */

import fc from 'fast-check';
import {
  formatAsTyped,
  formatPhone,
  maskPhone,
  parsePhoneNumber,
  PhoneKind,
  PhoneNumber,
  PhoneRejectReason,
} from '../../miniprogram/core/phoneNumber';

const RUNS = { numRuns: 1000 };

function parsedOk(input: string): PhoneNumber {
  const result = parsePhoneNumber(input);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(input)} to parse, got ${result.reason}`);
  return result.phone;
}

type Expected = [dial: string, extension: string, display: string, masked: string, kind: PhoneKind];

const MOBILE: Expected = ['13800138000', '', '138 0013 8000', '138****8000', 'mobile'];
const BEIJING: Expected = ['01012345678', '', '010 1234 5678', '010****5678', 'landline'];
const SHENZHEN: Expected = ['075536564058', '', '0755 3656 4058', '0755****4058', 'landline'];

const ACCEPTED: [input: string, expected: Expected][] = [
  // mobiles, with separators, junk whitespace, invisible characters
  ['13800138000', MOBILE],
  ['138-0013-8000', MOBILE],
  ['138 0013 8000', MOBILE],
  ['138.0013.8000', MOBILE],
  ['(138)0013/8000', MOBILE],
  ['  \t13800138000\n ', MOBILE],
  ['138\u00a00013\u00a08000', MOBILE],
  ['\u202a138\u200b0013\u200d8000\u202c', MOBILE],
  ['\ufeff138\u30000013\u20138000', MOBILE],
  ['13912345678', ['13912345678', '', '139 1234 5678', '139****5678', 'mobile']],
  ['19999999999', ['19999999999', '', '199 9999 9999', '199****9999', 'mobile']],
  // country code on mobiles
  ['+86 138-0013-8000', MOBILE],
  ['+8613800138000', MOBILE],
  ['8613800138000', MOBILE],
  ['0086 13800138000', MOBILE],
  ['+86 (138) 0013 8000', MOBILE],
  // full-width digits and punctuation
  ['１３８００１３８０００', MOBILE],
  ['＋８６　１３８－００１３－８０００', MOBILE],
  ['（０１０）１２３４５６７８', BEIJING],
  // landlines with area codes
  ['010-1234 5678', BEIJING],
  ['01012345678', BEIJING],
  ['(010)12345678', BEIJING],
  ['0755 3656 4058', SHENZHEN],
  ['075536564058', SHENZHEN],
  ['(021)62345678', ['02162345678', '', '021 6234 5678', '021****5678', 'landline']],
  ['0571-8765432', ['05718765432', '', '0571 876 5432', '0571****5432', 'landline']],
  ['029 2345678', ['0292345678', '', '029 234 5678', '029****5678', 'landline']],
  // landlines after a country code get their trunk 0 back
  ['+86 10 12345678', BEIJING],
  ['+86-755-3656-4058', SHENZHEN],
  ['+86 (0)755 3656 4058', SHENZHEN],
  ['0086 755 36564058', SHENZHEN],
  ['86 10 1234 5678', BEIJING],
  // service numbers are public: not masked
  ['95555', ['95555', '', '95555', '95555', 'service']],
  ['96166', ['96166', '', '96166', '96166', 'service']],
  ['10086', ['10086', '', '10086', '10086', 'service']],
  ['12345', ['12345', '', '12345', '12345', 'service']],
  ['951118', ['951118', '', '951118', '951118', 'service']],
  ['95105105', ['95105105', '', '95105105', '95105105', 'service']],
  ['400-812-3123', ['4008123123', '', '400 812 3123', '4008123123', 'service']],
  ['800 810 8888', ['8008108888', '', '800 810 8888', '8008108888', 'service']],
  ['+86 400 812 3123', ['4008123123', '', '400 812 3123', '4008123123', 'service']],
  ['+86 400 100 0000', ['4001000000', '', '400 100 0000', '4001000000', 'service']],
  // extensions after , ; # 转 分机 ext ext. x
  ['010-12345678转1234', ['01012345678', '1234', '010 1234 5678', '010****5678', 'landline']],
  ['4008123123,,567', ['4008123123', '567', '400 812 3123', '4008123123', 'service']],
  ['0755 3656 4058 ext 88', ['075536564058', '88', '0755 3656 4058', '0755****4058', 'landline']],
  ['0755 3656 4058 EXT. 88', ['075536564058', '88', '0755 3656 4058', '0755****4058', 'landline']],
  ['01012345678x12', ['01012345678', '12', '010 1234 5678', '010****5678', 'landline']],
  ['01012345678 X 12', ['01012345678', '12', '010 1234 5678', '010****5678', 'landline']],
  ['01012345678;12', ['01012345678', '12', '010 1234 5678', '010****5678', 'landline']],
  ['01012345678#12#', ['01012345678', '12', '010 1234 5678', '010****5678', 'landline']],
  ['01012345678 分机 12', ['01012345678', '12', '010 1234 5678', '010****5678', 'landline']],
  ['０１０－１２３４５６７８＃１２', ['01012345678', '12', '010 1234 5678', '010****5678', 'landline']],
  ['010 1234 5678 ｅｘｔ １２', ['01012345678', '12', '010 1234 5678', '010****5678', 'landline']],
  ['010-12345678转12345678', ['01012345678', '12345678', '010 1234 5678', '010****5678', 'landline']],
  ['95555#', ['95555', '', '95555', '95555', 'service']],
];

describe('parsePhoneNumber accepts', () => {
  it.each(ACCEPTED)('%j', (input, [dial, extension, display, masked, kind]) => {
    expect(parsePhoneNumber(input)).toEqual({ ok: true, phone: { dial, extension, display, masked, kind } });
  });
});

const REJECTED: [input: unknown, reason: PhoneRejectReason, message: string][] = [
  ['', 'empty', '请输入电话号码'],
  ['   ', 'empty', '请输入电话号码'],
  ['\u200b\u00a0\u3000', 'empty', '请输入电话号码'],
  ['--()', 'empty', '请输入电话号码'],
  [undefined, 'empty', '请输入电话号码'],
  [null, 'empty', '请输入电话号码'],
  [13800138000, 'empty', '请输入电话号码'],
  [{ toString: () => '13800138000' }, 'empty', '请输入电话号码'],
  ['138abc00138000', 'letters', '号码中不能有字母'],
  ['abc', 'letters', '号码中不能有字母'],
  ['ext', 'letters', '号码中不能有字母'],
  ['x 12', 'letters', '号码中不能有字母'],
  ['tel:13800138000', 'letters', '号码中不能有字母'],
  ['01012345678 extension 12', 'letters', '号码中不能有字母'],
  ['01012345678 ext 12 x', 'letters', '号码中不能有字母'],
  ['ｔｅｌ13800138000', 'letters', '号码中不能有字母'],
  ['1380013800', 'too-short', '号码位数不足'],
  ['138', 'too-short', '号码位数不足'],
  ['13800', 'too-short', '号码位数不足'],
  ['010-123456', 'too-short', '号码位数不足'],
  ['0755-123456', 'too-short', '号码位数不足'],
  ['400812312', 'too-short', '号码位数不足'],
  ['9555', 'too-short', '号码位数不足'],
  ['+86', 'too-short', '号码位数不足'],
  ['+8', 'too-short', '号码位数不足'],
  ['+86 1380013800', 'too-short', '号码位数不足'],
  ['138001380001', 'too-long', '号码位数过多'],
  ['+86 138 0013 80001', 'too-long', '号码位数过多'],
  ['010-123456789', 'too-long', '号码位数过多'],
  ['40081231234', 'too-long', '号码位数过多'],
  ['951051051', 'too-long', '号码位数过多'],
  ['01012345678转123456789', 'too-long', '号码位数过多'],
  ['12345678901', 'invalid', '号码格式不正确'],
  ['11012345678', 'invalid', '号码格式不正确'],
  ['62345678', 'invalid', '号码格式不正确'],
  ['00112345678', 'invalid', '号码格式不正确'],
  ['+1 415 555 0100', 'invalid', '号码格式不正确'],
  ['01112345678', 'invalid', '号码格式不正确'],
  ['010-02345678', 'invalid', '号码格式不正确'],
  ['9510510', 'invalid', '号码格式不正确'],
  ['123456', 'invalid', '号码格式不正确'],
  ['138*0013*8000', 'invalid', '号码格式不正确'],
  ['电话13800138000', 'invalid', '号码格式不正确'],
  ['138+00138000', 'invalid', '号码格式不正确'],
  ['++8613800138000', 'invalid', '号码格式不正确'],
  ['#13800138000', 'invalid', '号码格式不正确'],
];

describe('parsePhoneNumber rejects', () => {
  it.each(REJECTED)('%j as %s', (input, reason, message) => {
    expect(parsePhoneNumber(input as string)).toEqual({ ok: false, reason, message });
  });

  it('gives a distinct message per reason, none of them with a digit of the number', () => {
    const messages = new Map(REJECTED.map(([, reason, message]) => [reason, message]));
    expect(messages.size).toBe(5);
    expect(new Set(messages.values()).size).toBe(5);
    for (const message of messages.values()) expect(message).not.toMatch(/\d/);
  });

  it('accepts 96xxx numbers of 6 digits but not 7', () => {
    expect(parsedOk('961666').kind).toBe('service');
    expect(parsePhoneNumber('9616666')).toMatchObject({ ok: false, reason: 'too-long' });
  });
});

describe('maskPhone and formatPhone', () => {
  it.each([
    ['13800138000', '138****8000', '138 0013 8000'],
    ['01012345678', '010****5678', '010 1234 5678'],
    ['075536564058', '0755****4058', '0755 3656 4058'],
    ['4008123123', '4008123123', '400 812 3123'],
    ['95555', '95555', '95555'],
    ['01012345678,12', '010****5678', '010 1234 5678 转12'],
  ])('%s masks to %s and displays as %s', (dial, masked, display) => {
    expect(maskPhone(dial)).toBe(masked);
    expect(formatPhone(dial)).toBe(display);
  });

  it('masks unknown shapes harder and returns them as-is for display', () => {
    expect(maskPhone('')).toBe('');
    expect(maskPhone('123')).toBe('****');
    expect(maskPhone('6234567')).toBe('****');
    expect(maskPhone('62345678')).toBe('****5678');
    expect(maskPhone('12345678901')).toBe('123****8901');
    expect(maskPhone('+1 415 555 0100')).toBe('+1 ****0100');
    expect(formatPhone('62345678')).toBe('62345678');
    expect(formatPhone('abc')).toBe('abc');
  });

  it('returns empty text for values that are not strings', () => {
    expect(maskPhone(undefined as unknown as string)).toBe('');
    expect(formatPhone(null as unknown as string)).toBe('');
    expect(formatAsTyped(42 as unknown as string)).toBe('');
  });
});

describe('formatAsTyped', () => {
  it.each([
    ['', ''],
    ['1', '1'],
    ['138', '138'],
    ['1380', '138 0'],
    ['1380013', '138 0013'],
    ['13800138', '138 0013 8'],
    ['13800138000', '138 0013 8000'],
    ['138001380001', '138 0013 80001'],
    ['10086', '10086'],
    ['0', '0'],
    ['01', '01'],
    ['010', '010'],
    ['010123', '010 123'],
    ['01012345678', '010 1234 5678'],
    ['0755', '0755'],
    ['07553', '0755 3'],
    ['075536564058', '0755 3656 4058'],
    ['400812', '400 812'],
    ['4008123123', '400 812 3123'],
    ['95555', '95555'],
    ['+86', '+86'],
    ['+8613800138000', '+86 138 0013 8000'],
    ['+861012345678', '+86 10 1234 5678'],
    ['+86755365', '+86 755 365'],
    ['008613800138000', '0086 138 0013 8000'],
    ['+1415', '+1415'],
    ['*99#', '*99#'],
    ['01012345678#123', '010 1234 5678#123'],
    ['138-0013 8000', '138 0013 8000'],
    ['１３８００１３', '138 0013'],
    ['1+38', '138'],
  ])('%j -> %j', (typed, shown) => {
    expect(formatAsTyped(typed)).toBe(shown);
  });

  it('never loses, adds or reorders a key', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789*#'.split('')), maxLength: 20 }), (keys) => {
        expect(formatAsTyped(keys).replace(/ /g, '')).toBe(keys);
      }),
      RUNS,
    );
  });
});

// --- generators for property tests ---

const digit = fc.constantFrom(...'0123456789'.split(''));
const digits = (n: number) => fc.string({ unit: digit, minLength: n, maxLength: n });

const mobileDial = fc
  .tuple(fc.constantFrom(...'3456789'.split('')), digits(9))
  .map(([second, rest]) => `1${second}${rest}`);

/** 0400 and 0800 are no area codes: after +86 their digits are the 400/800 service numbers. */
const areaCode = fc.oneof(
  fc.constant('010'),
  digit.map((d) => `02${d}`),
  fc
    .tuple(fc.constantFrom(...'3456789'.split('')), digits(2))
    .map(([a, b]) => `0${a}${b}`)
    .filter((area) => area !== '0400' && area !== '0800'),
);
const localNumber = fc
  .tuple(
    fc.constantFrom(...'123456789'.split('')),
    fc.integer({ min: 6, max: 7 }).chain((n) => digits(n)),
  )
  .map(([first, rest]) => first + rest);
const landline = fc.tuple(areaCode, localNumber);

/** Junk that may sit between digits: nothing most of the time, else a separator or an invisible character. */
const gap = fc.constantFrom('', '', '', ' ', '-', '.', '/', '\u00a0', '\u200b', '\u3000', '－', '\u2014');
const fullWidth = (text: string) => text.replace(/[0-9+()]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

function sprinkle(text: string, gaps: readonly string[]): string {
  return text
    .split('')
    .map((ch, i) => ch + (gaps[i] ?? ''))
    .join('');
}

/** Wraps a number in random separators, surrounding whitespace and (sometimes) full-width form. */
function wrapped(core: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(core, fc.array(gap, { maxLength: 16 }), fc.boolean(), fc.constantFrom('', ' ', '\t', '\u00a0', '\u202a'))
    .map(([text, gaps, wide, pad]) => {
      const sprinkled = sprinkle(text, gaps);
      return pad + (wide ? fullWidth(sprinkled) : sprinkled) + pad;
    });
}

const mobileInput = fc
  .tuple(mobileDial, fc.constantFrom('', '+86', '+86 ', '0086', '0086 ', '86', '+86-', '(+86)'))
  .chain(([dial, prefix]) => wrapped(fc.constant(prefix + dial)).map((input) => ({ dial, input })));

const landlineInput = fc
  .tuple(landline, fc.constantFrom('plain', 'parens', 'country', 'country-trunk', 'double-zero'))
  .chain(([[area, local], style]) => {
    const text = {
      plain: area + local,
      parens: `(${area})${local}`,
      country: `+86 ${area.slice(1)} ${local}`,
      'country-trunk': `+86 (0)${area.slice(1)} ${local}`,
      'double-zero': `0086${area.slice(1)}${local}`,
    }[style];
    return wrapped(fc.constant(text)).map((input) => ({ dial: area + local, input }));
  });

const extensionPart = fc.oneof(
  fc.constant({ text: '', extension: '' }),
  fc
    .tuple(fc.constantFrom('转', ',', ',,', ';', '#', ' ext ', 'EXT.', ' x', '分机'), fc.integer({ min: 1, max: 8 }))
    .chain(([marker, n]) => digits(n).map((ext) => ({ text: marker + ext, extension: ext }))),
);

/** Strings made of what phone input is made of, so that a good share of them parse. */
const phoneish = fc.string({
  unit: fc.constantFrom(...'0123456789 -+()转#,xe'.split(''), '138', '010', '0086', '400', '95', '13800138000'),
  maxLength: 12,
});

const anyInput = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), phoneish, fc.string());

describe('parsePhoneNumber properties', () => {
  it('never throws for any string or value, and answers with a phone or a message', () => {
    fc.assert(
      fc.property(fc.oneof(anyInput, fc.anything()), (input) => {
        const result = parsePhoneNumber(input as string);
        if (result.ok) {
          expect(result.phone.dial).toMatch(/^\d{5,12}$/);
          expect(result.phone.extension).toMatch(/^\d{0,8}$/);
        } else {
          expect(result.message).toMatch(/^[\u4e00-\u9fff]+$/);
        }
      }),
      RUNS,
    );
  });

  it('is idempotent: dial and display parse back to the same dial and extension', () => {
    let parsed = 0;
    fc.assert(
      fc.property(
        fc.oneof(
          phoneish,
          mobileInput.map((m) => m.input),
          landlineInput.map((l) => l.input),
        ),
        (input) => {
          const result = parsePhoneNumber(input);
          if (!result.ok) return;
          parsed++;
          const { dial, display, extension } = result.phone;
          expect(parsedOk(dial)).toMatchObject({ dial, extension: '' });
          expect(parsedOk(display)).toMatchObject({ dial, extension: '' });
          expect(parsedOk(`${display} 转${extension}`)).toMatchObject({ dial, extension });
          expect(parsedOk(dial)).toEqual({ ...result.phone, extension: '' });
        },
      ),
      RUNS,
    );
    expect(parsed).toBeGreaterThan(500);
  });

  it('recovers the dial of any mobile, whatever the separators, prefix and width', () => {
    fc.assert(
      fc.property(mobileInput, extensionPart, ({ dial, input }, ext) => {
        const phone = parsedOk(input + ext.text);
        expect(phone).toMatchObject({ dial, kind: 'mobile', extension: ext.extension });
      }),
      RUNS,
    );
  });

  it('recovers the dial of any landline, with or without country code and trunk 0', () => {
    fc.assert(
      fc.property(landlineInput, extensionPart, ({ dial, input }, ext) => {
        const phone = parsedOk(input + ext.text);
        expect(phone).toMatchObject({ dial, kind: 'landline', extension: ext.extension });
        expect(phone.display.replace(/ /g, '')).toBe(dial);
      }),
      RUNS,
    );
  });

  it('never shows the middle four digits of a mobile, nor the middle of a landline', () => {
    fc.assert(
      fc.property(fc.oneof(mobileInput, landlineInput), ({ dial, input }) => {
        const phone = parsedOk(input);
        if (phone.kind === 'mobile') {
          expect(phone.masked).toBe(`${dial.slice(0, 3)}****${dial.slice(7)}`);
        } else {
          const area = dial[1] === '1' || dial[1] === '2' ? 3 : 4;
          expect(phone.masked).toBe(`${dial.slice(0, area)}****${dial.slice(-4)}`);
        }
        expect(maskPhone(dial)).toBe(phone.masked);
      }),
      RUNS,
    );
  });

  it('masks every 11-digit number starting with 1 to its first 3 and last 4, valid or not', () => {
    fc.assert(
      fc.property(digits(10), (rest) => {
        const number = `1${rest}`;
        expect(maskPhone(number)).toBe(`${number.slice(0, 3)}****${number.slice(7)}`);
      }),
      RUNS,
    );
  });

  it('maskPhone and formatPhone never throw, for any string or value', () => {
    fc.assert(
      fc.property(fc.oneof(anyInput, fc.anything()), (input) => {
        expect(typeof maskPhone(input as string)).toBe('string');
        expect(typeof formatPhone(input as string)).toBe('string');
        expect(typeof formatAsTyped(input as string)).toBe('string');
      }),
      RUNS,
    );
  });
});

describe('speed (runs on every keypress)', () => {
  it('parses and formats 100,000-character inputs in linear time', () => {
    const inputs = [
      '1'.repeat(100_000),
      '1 '.repeat(50_000),
      `138${'x'.repeat(100_000)}`,
      `010${'转'.repeat(100_000)}1`,
      `0101234567${'e'.repeat(100_000)}`,
      `${'+'.repeat(100_000)}86`,
      `\u200b`.repeat(100_000),
    ];
    // No wall-clock assertion (the machines are shared): a super-linear regex would blow the jest timeout instead.
    for (const input of inputs) {
      expect(parsePhoneNumber(input).ok).toBe(false);
      expect(typeof maskPhone(input)).toBe('string');
      expect(typeof formatAsTyped(input)).toBe('string');
    }
  }, 5_000);
});
