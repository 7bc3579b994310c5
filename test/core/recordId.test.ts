import fc from 'fast-check';
import { createdAtOfContactId, newCallId, newContactId, startedAtOfId } from '../../miniprogram/core/recordId';

describe('record ids', () => {
  it('ids encode their start time', () => {
    const now = new Date('2026-11-24T10:00:00+08:00').getTime();
    const id = newCallId(now, () => 0.5);
    expect(id).toHaveLength(10);
    expect(startedAtOfId(id)).toBe(now);
    expect(startedAtOfId('not-an-id')).toBeNaN();
  });
});

describe('contact ids', () => {
  it('encode their creation time and stay unique within one millisecond', () => {
    const now = new Date('2026-11-24T10:00:00+08:00').getTime();
    const ids = [newContactId(now), newContactId(now), newContactId(now + 1)];
    expect(new Set(ids).size).toBe(3);
    expect(ids.map(createdAtOfContactId)).toEqual([now, now, now + 1]);
    expect(createdAtOfContactId('imported-7')).toBe(0);
  });
});

describe('the creation time a contact id encodes', () => {
  /** The id's grammar as a pattern: what the char-by-char reader must agree with. */
  const byPattern = (id: string): number => {
    const match = /^c([0-9a-z]{1,10})(?:-[0-9a-z]+)?$/.exec(id);
    return match === null ? 0 : parseInt(match[1] as string, 36);
  };

  it('reads ours and gives 0 for any other id, as the grammar says', () => {
    const cases = [
      'c',
      'c-',
      'c-1',
      'cz',
      'c0',
      'cmiczz7k0',
      'cmiczz7k0-1',
      'cmiczz7k0-',
      'cmiczz7k0--1',
      'cmiczz7k0-1a',
      'cmiczz7k0-1A',
      'cMICZZ7K0',
      'czzzzzzzzzz',
      'czzzzzzzzzzz',
      'czzzzzzzzzz-1',
      'czzzzzzzzzzz-1',
      'x123',
      '',
      'c12 ',
      'c１２',
    ];
    for (const id of cases) expect([id, createdAtOfContactId(id)]).toEqual([id, byPattern(id)]);
  });

  it('agrees with the grammar on random ids', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^c?[0-9a-zA-Z-]{0,14}$/), (id) => {
        expect(createdAtOfContactId(id)).toBe(byPattern(id));
      }),
      { numRuns: 2_000 },
    );
  });
});
