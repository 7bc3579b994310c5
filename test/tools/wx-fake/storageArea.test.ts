import { StorageArea } from '../../../tools/wx-fake/storageArea';

describe('StorageArea byte counting', () => {
  it('counts UTF-8 bytes exactly as Node does, without Buffer (the browser simulator shares it)', () => {
    const samples = ['', 'ascii', '中文备注', 'é', '😀 emoji', '\ud800 lone surrogate', 'x'.repeat(1000)];
    for (const text of samples) {
      const area = new StorageArea();
      area.set('setStorageSync', 'k', text);
      expect(area.usedBytes()).toBe(Buffer.byteLength('k', 'utf8') + Buffer.byteLength(JSON.stringify(text), 'utf8'));
    }
  });
});
