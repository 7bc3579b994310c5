import { MAX_PINYIN_VARIANTS, pinyinOf, pinyinVariants, syllableOf } from '../../miniprogram/core/pinyin';
import { PINYIN_TABLE, SURNAME_READINGS } from '../../miniprogram/core/pinyinTable';

describe('pinyinOf', () => {
  it.each([
    ['张三', 'zhangsan', 'zs', 'Z'],
    ['李小明', 'lixiaoming', 'lxm', 'L'],
    ['吕布', 'lvbu', 'lb', 'L'],
    ['Tom Li', 'tomli', 'tl', 'T'],
    ['ｗａｎｇ五', 'wangwu', 'ww', 'W'],
    ['  欧阳娜 ', 'ouyangna', 'oyn', 'O'],
    ['王经理2', 'wangjingli2', 'wjl2', 'W'],
    ['123', '123', '1', '#'],
    ['', '', '', '#'],
    ['@小王', 'xiaowang', 'xw', '#'],
  ])('%s -> %s / %s / %s', (name, full, initials, initial) => {
    expect(pinyinOf(name)).toEqual({ full, initials, initial });
  });

  it.each([
    ['单田芳', 'shantianfang', 'S'],
    ['曾小贤', 'zengxiaoxian', 'Z'],
    ['区志强', 'ouzhiqiang', 'O'],
    ['仇英', 'qiuying', 'Q'],
    ['解晓东', 'xiexiaodong', 'X'],
    ['朴志勋', 'piaozhixun', 'P'],
    ['查良镛', 'zhaliangyong', 'Z'],
    ['盖伦', 'gelun', 'G'],
  ])('reads the surname of %s as %s', (name, full, initial) => {
    expect(pinyinOf(name)).toMatchObject({ full, initial });
  });

  it('reads a polyphone surname character the common way after the first position and when asked', () => {
    expect(pinyinOf('简单').full).toBe('jiandan');
    expect(pinyinOf('单田芳', false).full).toBe('dantianfang');
    expect(syllableOf('曾')).toBe('ceng');
    expect(syllableOf('曾', true)).toBe('zeng');
  });

  it('groups a character outside GB2312 under #', () => {
    expect(pinyinOf('㐀明').initial).toBe('#');
  });
});

describe('pinyinVariants', () => {
  it('starts with the pinyinOf reading, then the other readings of polyphones', () => {
    const variants = pinyinVariants('张长江');
    expect(variants[0]).toEqual({ full: 'zhangchangjiang', initials: 'zcj' });
    expect(variants).toContainEqual({ full: 'zhangzhangjiang', initials: 'zzj' });
    expect(pinyinVariants('单田芳')[0]).toEqual({ full: 'shantianfang', initials: 'stf' });
    expect(pinyinVariants('单田芳')).toContainEqual({ full: 'dantianfang', initials: 'dtf' });
    expect(pinyinVariants('Tom Li')).toEqual([{ full: 'tomli', initials: 'tl' }]);
  });

  it('stays small for a long name full of polyphones', () => {
    const variants = pinyinVariants('长乐朝重行会都单解朴区查盖');
    expect(variants.length).toBeLessThanOrEqual(MAX_PINYIN_VARIANTS);
    expect(variants[0]?.full).toBe(pinyinOf('长乐朝重行会都单解朴区查盖').full);
  });
});

describe('the generated pinyin table', () => {
  it('covers the 6,763 GB2312 characters once each, within the 40 KB budget', () => {
    const chars = PINYIN_TABLE.join('').replace(/[a-z]/g, '');
    expect(Array.from(chars)).toHaveLength(6763);
    expect(new Set(Array.from(chars)).size).toBe(6763);
    const bytes = Buffer.byteLength(PINYIN_TABLE.join('') + SURNAME_READINGS);
    expect(bytes).toBeLessThan(40 * 1024);
  });

  it('is exactly what the generator writes today (run npm run pinyin-table after changing it)', () => {
    const fs = jest.requireActual<typeof import('node:fs')>('node:fs');
    const generator = require('../../scripts/generatePinyinTable.js') as { render(): string; OUTPUT: string };
    expect(fs.readFileSync(generator.OUTPUT, 'utf8')).toBe(generator.render());
  });
});
