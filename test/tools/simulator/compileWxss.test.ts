import { scaleFontSizes } from '../../../tools/simulator/compileWxss';

describe('simulator styles: WeChat’s font size setting', () => {
  it('scales every absolute font size by the screen’s factor and leaves line heights and boxes alone', () => {
    expect(scaleFontSizes('.a{font-size:14px;line-height:22px;height:64px}')).toBe(
      '.a{font-size:calc(14px * var(--sim-font-scale, 1));line-height:22px;height:64px}',
    );
    expect(scaleFontSizes('.b{font-size:var(--cell-font-size,14px) !important}')).toBe(
      '.b{font-size:calc(var(--cell-font-size,14px) * var(--sim-font-scale, 1)) !important}',
    );
  });

  it('leaves sizes that follow their parent, keywords and zero as they are', () => {
    const css = '.a{font-size:1.2em}.b{font-size:80%}.c{font-size:inherit}.d{font-size:0}';
    expect(scaleFontSizes(css)).toBe(css);
  });
});
