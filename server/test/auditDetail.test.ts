/** Audit details split into text and the users they name by id, in every format the server writes. */

import { detailParts, namedUserIds } from '../src/auditDetail';

describe('audit details', () => {
  it('finds the subject, an agent’s call and a filter’s agent, and leaves other text alone', () => {
    expect(detailParts('agent 12 name,seatUserId')).toEqual([{ userId: 12, kind: 'agent' }, ' name,seatUserId']);
    expect(detailParts('user 7')).toEqual([{ userId: 7, kind: 'user' }]);
    expect(detailParts('supervisor 3')).toEqual([{ userId: 3, kind: 'supervisor' }]);
    expect(detailParts('12/c00000abc')).toEqual([{ userId: 12, kind: 'agent', callId: 'c00000abc' }]);
    expect(detailParts('40 rows csv {"from":1,"agentId":9,"to":2}')).toEqual([
      '40 rows csv {"from":1,',
      '"agentId":',
      { userId: 9, kind: '' },
      ',"to":2}',
    ]);
    for (const text of ['seq 4', 'entry 12', '1000-2000', 'GET /dashboard/calls: 4 digits, 3 calls', 'agents 12', '']) {
      expect(detailParts(text).join('')).toBe(text);
    }
    expect(namedUserIds(['agent 12', '12/c1', 'user 3', 'seq 4'])).toEqual([12, 3]);
  });
});
