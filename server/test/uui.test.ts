/** The UUI contract: td1.<call id>, and today's bare call id maps onto it. */

import { callIdOfUui, uuiForCall } from '../src/uui';

describe('UUI contract', () => {
  it('builds and reads version 1', () => {
    expect(uuiForCall('mip3k2x0ab')).toBe('td1.mip3k2x0ab');
    expect(callIdOfUui('td1.mip3k2x0ab')).toBe('mip3k2x0ab');
  });

  it('reads the bare call id phones send today (version 0) as the same call', () => {
    expect(callIdOfUui('mip3k2x0ab')).toBe(callIdOfUui(uuiForCall('mip3k2x0ab')));
  });

  it('names no call for business references, numbers, other versions or junk', () => {
    for (const uui of ['order/123', '13812345678', 'td2.mip3k2x0ab', 'td1.MIP3K2X0AB', 'td1.', '', 'td1.mip3k2x0ab0']) {
      expect(callIdOfUui(uui)).toBeNull();
    }
    expect(callIdOfUui(null)).toBeNull();
    expect(callIdOfUui(undefined)).toBeNull();
  });
});
