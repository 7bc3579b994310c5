/** printFigures: silent in `npm test`, printed on request. */

import { printFigures } from './figures';

describe('printFigures', () => {
  const saved = process.env['TEST_FIGURES'];
  afterEach(() => {
    if (saved === undefined) delete process.env['TEST_FIGURES'];
    else process.env['TEST_FIGURES'] = saved;
  });

  it('prints nothing unless TEST_FIGURES=1, then the text on its own line', () => {
    // eslint-disable-next-line no-restricted-properties -- the test watches what printFigures writes
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      delete process.env['TEST_FIGURES'];
      printFigures('call log: 50000 calls use 3000000 bytes');
      process.env['TEST_FIGURES'] = '0';
      printFigures('call log: 50000 calls use 3000000 bytes');
      expect(write).not.toHaveBeenCalled();
      process.env['TEST_FIGURES'] = '1';
      printFigures('call log: 50000 calls use 3000000 bytes');
      expect(write).toHaveBeenCalledWith('call log: 50000 calls use 3000000 bytes\n');
    } finally {
      write.mockRestore();
    }
  });
});
