import { importableRows, importSummary, parseDelimited, previewImport } from '../../miniprogram/core/contactImport';

const nothingKnown = () => false;

describe('parseDelimited', () => {
  it('reads quoted fields holding commas, doubled quotes and line breaks, with CRLF rows', () => {
    const text = '张三,"138 0013 8000","星河, 科技","他说""明天""\r\n再打"\r\n李四,13912345678,,\r\n';
    expect(parseDelimited(text, ',')).toEqual([
      { line: 1, cells: ['张三', '138 0013 8000', '星河, 科技', '他说"明天"\r\n再打'] },
      { line: 3, cells: ['李四', '13912345678', '', ''] },
    ]);
  });

  it('skips blank lines and keeps the line numbers an agent sees', () => {
    expect(parseDelimited('a\tb\n\n\nc\td', '\t')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 4, cells: ['c', 'd'] },
    ]);
  });
});

describe('previewImport', () => {
  it('reads tab-separated text pasted from a spreadsheet, with a Chinese header row', () => {
    const preview = previewImport('姓名\t电话\t公司\t备注\n张三\t13800138000\t星河科技\t采购\n', nothingKnown);
    expect(preview.hasHeader).toBe(true);
    expect(preview.counts).toEqual({ total: 1, ok: 1, errors: 0, duplicates: 0 });
    expect(preview.rows[0]).toMatchObject({
      line: 2,
      status: 'ok',
      input: { name: '张三', phone: '13800138000', company: '星河科技', note: '采购' },
    });
  });

  it('follows an English header in any column order, and strips a BOM', () => {
    const preview = previewImport('\ufeffPhone,Name,Note\r\n13800138000,Tom,hi\r\n', nothingKnown);
    expect(preview.hasHeader).toBe(true);
    expect(preview.rows[0]?.input).toEqual({ name: 'Tom', phone: '13800138000', company: '', note: 'hi' });
  });

  it('reads rows without a header as name, phone, company, note; the full-width comma works too', () => {
    const preview = previewImport('张三，13800138000，星河科技', nothingKnown);
    expect(preview.hasHeader).toBe(false);
    expect(preview.rows[0]?.input).toMatchObject({ name: '张三', phone: '13800138000', company: '星河科技' });
  });

  it('reads number-first rows without a header (as phone exports write them)', () => {
    const preview = previewImport('13800138000,张三,星河科技\n139 1234 5678,李四\n', nothingKnown);
    expect(preview.rows.map((r) => [r.status, r.input.name, r.input.phone])).toEqual([
      ['ok', '张三', '13800138000'],
      ['ok', '李四', '139 1234 5678'],
    ]);
  });

  it('gives each bad row its own Chinese error, without echoing the number', () => {
    const text = ['张三,13800138000', ',13912345678', '李四,1380013', '王五,abc', '赵六,'].join('\n');
    const preview = previewImport(text, nothingKnown);
    expect(preview.counts).toEqual({ total: 5, ok: 1, errors: 4, duplicates: 0 });
    expect(preview.rows.map((r) => [r.line, r.status, r.message])).toEqual([
      [1, 'ok', ''],
      [2, 'error', '请输入姓名'],
      [3, 'error', '号码位数不足'],
      [4, 'error', '号码中不能有字母'],
      [5, 'error', '请输入电话号码'],
    ]);
    for (const row of preview.rows) expect(row.message).not.toMatch(/\d{5}/);
  });

  it('marks numbers already kept, and numbers repeated within the paste (in any format), as duplicates', () => {
    const known = (dial: string) => dial === '13912345678';
    const text = '张三,13800138000\n李四,13912345678\n张三二号,138-0013-8000\n';
    const preview = previewImport(text, known);
    expect(preview.rows.map((r) => [r.status, r.message])).toEqual([
      ['ok', ''],
      ['duplicate', '号码已在联系人中'],
      ['duplicate', '号码与前面的行重复'],
    ]);
    expect(importableRows(preview).map((r) => r.name)).toEqual(['张三']);
  });

  it('refuses an empty paste with a hint about the format', () => {
    expect(previewImport(' \n\n', nothingKnown).problem).toContain('姓名,电话,公司,备注');
  });

  it('refuses more than 10,000 rows at once', () => {
    const text = Array.from({ length: 10_001 }, (_, i) => `客户${i},139${String(i).padStart(8, '0')}`).join('\n');
    expect(previewImport(text, nothingKnown).problem).toBe('一次最多导入 10000 行，请分批粘贴');
  });
});

describe('importSummary', () => {
  it('says how many were added, skipped and duplicated', () => {
    expect(importSummary({ added: 3, skipped: 2, duplicates: 1 })).toBe('已添加 3 个，跳过 2 行（有错误），重复 1 个');
  });
});
