import { scrubErrorLine, SCRUBBED_MAX_CHARS } from '../../miniprogram/core/scrub';

describe('scrubErrorLine', () => {
  it('removes phone numbers however they are written, and keeps stack positions', () => {
    const line = scrubErrorLine(
      new TypeError('cannot read 13812345678 / 138-1234-5678 / +86 138 1234 5678 / 021-6123.4567 at app.js:12:34'),
    );
    expect(line).not.toMatch(/\d{5}/);
    expect(line).not.toMatch(/1234/);
    expect(line).toContain('app.js:12:34');
    expect(line).toMatch(/^TypeError: cannot read \[number\]/);
  });

  it('removes names, e-mails and tokens', () => {
    const line = scrubErrorLine({ errMsg: '张三 agent@example.com token=Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4' });
    expect(line).toBe('[text] [email] token=[token]');
  });

  it('folds a stack onto one bounded line', () => {
    const error = new Error('x'.repeat(2000));
    const line = scrubErrorLine(error);
    expect(line).not.toContain('\n');
    expect(line.length).toBe(SCRUBBED_MAX_CHARS);
  });
});
