import {
  CONTACTS_SCHEMA,
  contactRowChars,
  contactShardChars,
  contactShardValue,
  readContactShard,
} from '../../miniprogram/core/contactShard';
import { Contact } from '../../miniprogram/core/contact';
import { newContactId } from '../../miniprogram/core/recordId';

const NOW = new Date('2026-11-24T10:00:00+08:00').getTime();

function contact(overrides: Partial<Contact> = {}): Contact {
  return {
    id: newContactId(NOW),
    name: '张三',
    phone: '13800138000',
    company: '',
    note: '',
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides,
  };
}

describe('contact shard', () => {
  it('packs a plain contact into a short row and reads every field back', () => {
    const plain = contact();
    const full = contact({
      phone: '01012345678',
      company: '腾讯',
      note: '下午打',
      extension: '888',
      updatedAt: NOW + 5,
    });
    const value = JSON.parse(JSON.stringify(contactShardValue([plain, full]))) as { v: number; rows: unknown[] };
    expect(value.v).toBe(CONTACTS_SCHEMA);
    expect(value.rows[0]).toEqual([plain.id, '张三', 13800138000]);
    expect(readContactShard(value)).toEqual({ contacts: [plain, full], skipped: 0 });
    expect(contactShardChars([plain, full])).toBe(JSON.stringify(value).length);
    expect(contactShardChars([plain]) + contactRowChars(full)).toBe(contactShardChars([plain, full]));
  });

  it('reads a v1 shard, skips damaged rows, and refuses what is not a contact shard', () => {
    const v1 = { v: 1, rows: [['c1', '李四', '13912345678', '', '', 1, 2, '9'], ['bad'], 42] };
    expect(readContactShard(v1)).toEqual({
      contacts: [
        {
          id: 'c1',
          name: '李四',
          phone: '13912345678',
          company: '',
          note: '',
          createdAt: 1,
          updatedAt: 2,
          extension: '9',
        },
      ],
      skipped: 2,
    });
    expect(readContactShard({ v: 3, rows: [] })).toBeUndefined();
    expect(readContactShard({ v: 2 })).toBeUndefined();
    expect(readContactShard(null)).toBeUndefined();
  });
});
