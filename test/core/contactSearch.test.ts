import { Contact } from '../../miniprogram/core/contact';
import {
  buildContactIndex,
  buildSearchKeys,
  completeSearchKeys,
  ContactIndex,
  restoreContactIndex,
  searchContactIndex,
  storedOrderOf,
} from '../../miniprogram/core/contactSearch';
import * as pinyin from '../../miniprogram/core/pinyin';
import { DEMO_CONTACTS, generatedContacts } from '../../tools/fixtures/demoContacts';
import { parsePhoneNumber } from '../../miniprogram/core/phoneNumber';

function asContacts(inputs: readonly { name: string; phone: string; company?: string; note?: string }[]): Contact[] {
  return inputs.map((input, i) => {
    const parsed = parsePhoneNumber(input.phone);
    if (!parsed.ok) throw new Error(`bad fixture number at ${i}`);
    return {
      id: `c${i}`,
      name: input.name,
      phone: parsed.phone.dial,
      company: input.company ?? '',
      note: input.note ?? '',
      createdAt: i,
      updatedAt: i,
    };
  });
}

const demo = buildContactIndex(asContacts(DEMO_CONTACTS));
const names = (found: Contact[]) => found.map((c) => c.name);

describe('buildContactIndex', () => {
  it('orders contacts by pinyin initial, # last, with each group starting where the strip jumps', () => {
    const index = buildContactIndex(
      asContacts([
        { name: '张三', phone: '13800138000' },
        { name: '123客户', phone: '13800138001' },
        { name: '艾伦', phone: '13800138002' },
        { name: '单田', phone: '13800138003' },
        { name: 'bob', phone: '13800138004' },
        { name: '陈晨', phone: '13800138005' },
      ]),
    );
    expect(names(index.ordered)).toEqual(['艾伦', 'bob', '陈晨', '单田', '张三', '123客户']);
    expect(index.groups).toEqual([
      { letter: 'A', start: 0, count: 1 },
      { letter: 'B', start: 1, count: 1 },
      { letter: 'C', start: 2, count: 1 },
      { letter: 'S', start: 3, count: 1 },
      { letter: 'Z', start: 4, count: 1 },
      { letter: '#', start: 5, count: 1 },
    ]);
  });
});

describe('buildContactIndex with the previous index', () => {
  it('converts only the contacts that changed, and orders the new list the same as from scratch', () => {
    const contacts = asContacts(generatedContacts(2_000));
    const previous = buildContactIndex(contacts);
    const edited = contacts.slice();
    edited[5] = { ...(edited[5] as Contact), name: '艾伦' };
    const convert = jest.spyOn(pinyin, 'pinyinOf');
    const rebuilt = buildContactIndex(edited, previous);
    expect(convert).toHaveBeenCalledTimes(1);
    convert.mockRestore();
    const scratch = buildContactIndex(edited.slice().reverse());
    expect(rebuilt.ordered.map((c) => c.id)).toEqual(scratch.ordered.map((c) => c.id));
    expect(rebuilt.groups).toEqual(scratch.groups);
    completeSearchKeys(rebuilt);
    completeSearchKeys(scratch);
    expect(rebuilt.search.keys).toEqual(scratch.search.keys);
  });

  it('places added, edited and removed contacts exactly where a fresh sort puts them', () => {
    let contacts = asContacts(generatedContacts(500));
    let index = buildContactIndex(contacts);
    const pool = asContacts(generatedContacts(800)).slice(500);
    for (let round = 0; round < 40; round += 1) {
      const next = contacts.slice();
      const at = (round * 37) % next.length;
      if (round % 3 === 0) next.splice(at, 1);
      else if (round % 3 === 1) next.push({ ...(pool[round] as Contact), id: `n${round}` });
      // Same name, another age: only the tie-break orders them.
      else
        next[at] = {
          ...(next[at] as Contact),
          name: (next[(at + 1) % next.length] as Contact).name,
          createdAt: -round,
        };
      index = buildContactIndex(next, index);
      contacts = next;
      const scratch = buildContactIndex(next.slice().reverse());
      expect(index.ordered.map((c) => c.id)).toEqual(scratch.ordered.map((c) => c.id));
      expect(index.groups).toEqual(scratch.groups);
    }
  });
});

describe('a kept order', () => {
  const contacts = asContacts(generatedContacts(300));
  const sorted = buildContactIndex(contacts);
  const positionOf = (c: Contact) => contacts.indexOf(c);

  it('restores the same list and groups with no pinyin at all', () => {
    const order = storedOrderOf(sorted, positionOf);
    const convert = jest.spyOn(pinyin, 'pinyinOf');
    const fresh = contacts.map((c) => ({ ...c }));
    const restored = restoreContactIndex(fresh, order) as ContactIndex;
    expect(convert).not.toHaveBeenCalled();
    convert.mockRestore();
    expect(restored.ordered.map((c) => c.id)).toEqual(sorted.ordered.map((c) => c.id));
    expect(restored.groups).toEqual(sorted.groups);
    expect(restored.groups.map((g) => g.letter)).toEqual(sorted.groups.map((g) => g.letter));
    expect(names(searchContactIndex(restored, '13800138000'))).toEqual(
      names(searchContactIndex(sorted, '13800138000')),
    );
  });

  it('is refused when it does not fit the contacts, so the caller sorts afresh', () => {
    const order = storedOrderOf(sorted, positionOf);
    const repeated = { ...order, positions: [order.positions[1] as number, ...order.positions.slice(1)] };
    const outOfRange = { ...order, positions: [...order.positions.slice(1), contacts.length] };
    const badGroups = { ...order, groups: order.groups.map(([l, n], i): [string, number] => [l, i === 0 ? n + 1 : n]) };
    const badLetter = { ...order, groups: order.groups.map(([, n]): [string, number] => ['ä', n]) };
    expect(restoreContactIndex(contacts, repeated)).toBeUndefined();
    expect(restoreContactIndex(contacts, outOfRange)).toBeUndefined();
    expect(restoreContactIndex(contacts, badGroups)).toBeUndefined();
    expect(restoreContactIndex(contacts, badLetter)).toBeUndefined();
    expect(restoreContactIndex(contacts.slice(1), order)).toBeUndefined();
  });
});

describe('search keys', () => {
  it('are built in steps from the top of the list, and a search finishes them first', () => {
    const index = buildContactIndex(asContacts(generatedContacts(1_000)));
    expect(index.search.ready).toBe(0);
    expect(buildSearchKeys(index, 400)).toBe(false);
    expect(index.search.ready).toBe(400);
    expect(index.search.keys).toHaveLength(400);
    const last = index.ordered[999] as Contact;
    expect(searchContactIndex(index, last.phone)).toContain(last);
    expect(index.search.ready).toBe(1_000);
    expect(buildSearchKeys(index, 400)).toBe(true);
  });
});

describe('searchContactIndex', () => {
  it.each([
    ['zs', ['张三']],
    ['ZS', ['张三']],
    ['zhangsan', ['张三']],
    ['zhang san', ['张三']],
    ['张', ['张三']],
    ['shantian', ['单田']],
    ['dantian', ['单田']],
    ['lvming', ['吕明']],
    ['luming', ['吕明']],
    ['tom', ['Tom Li']],
    ['0138', ['张三']],
    ['138 0013', ['张三']],
    ['6552', ['赵磊']],
    ['前海', ['褚卫东']],
    ['报价', ['蒋涛']],
    ['acme', ['Tom Li']],
  ])('%s finds %j', (query, expected) => {
    expect(names(searchContactIndex(demo, query))).toEqual(expected);
  });

  it('finds a name by another reading of a polyphone, after names that read that way commonly', () => {
    const index = buildContactIndex(
      asContacts([
        { name: '张长江', phone: '13800138000' },
        { name: '周子骏', phone: '13800138001' },
      ]),
    );
    expect(names(searchContactIndex(index, 'zcj'))).toEqual(['张长江']);
    expect(names(searchContactIndex(index, 'zzj'))).toEqual(['周子骏', '张长江']);
    expect(names(searchContactIndex(index, 'zhangzhang'))).toEqual(['张长江']);
  });

  it('finds nothing for an empty query or one that matches nothing', () => {
    expect(searchContactIndex(demo, '  ')).toEqual([]);
    expect(searchContactIndex(demo, 'qqqqq')).toEqual([]);
  });

  it('puts name and pinyin matches before matches inside a company or note, and honours the limit', () => {
    const index = buildContactIndex(
      asContacts([
        { name: '李四', phone: '13800138000', company: '王氏集团' },
        { name: '王五', phone: '13800138001' },
      ]),
    );
    expect(names(searchContactIndex(index, '王'))).toEqual(['王五', '李四']);
    expect(names(searchContactIndex(index, '王', 1))).toEqual(['王五']);
  });

  it('converts no pinyin while searching 10,000 contacts, and each keystroke takes a few milliseconds', () => {
    const index = buildContactIndex(asContacts(generatedContacts(10_000)));
    completeSearchKeys(index);
    const convert = jest.spyOn(pinyin, 'pinyinOf');
    const queries = ['z', 'zh', 'zha', 'zhan', 'zhang', '1', '13', '139', '1391', '13910', 'x', 'xx', '客户'];
    const started = performance.now();
    for (const query of queries) expect(searchContactIndex(index, query, 50).length).toBeLessThanOrEqual(50);
    const perKeystroke = (performance.now() - started) / queries.length;
    expect(convert).not.toHaveBeenCalled();
    // Generous for a shared 2-core CI box; a real phone budget is one 16 ms frame.
    expect(perKeystroke).toBeLessThan(50);
    expect(names(searchContactIndex(index, '13910009999'))).toHaveLength(1);
  });
});
