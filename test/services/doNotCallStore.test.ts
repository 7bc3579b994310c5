import { currentWxFake } from '../../tools/wx-fake/wx';
import {
  addDoNotCall,
  clearDoNotCall,
  countDoNotCall,
  DO_NOT_CALL_KEY,
  findDoNotCall,
  listDoNotCall,
  removeDoNotCall,
} from '../../miniprogram/services/doNotCallStore';

describe('do-not-call store', () => {
  it('finds a number in any spelling once it is on the list', () => {
    expect(addDoNotCall('138 0013 8000', '空号', 1000)).toBe(true);
    expect(findDoNotCall('+86 138-0013-8000')).toEqual({ phone: '13800138000', reason: '空号', addedAt: 1000 });
    expect(findDoNotCall('13900139000')).toBeUndefined();
    expect(findDoNotCall('not a number')).toBeUndefined();
  });

  it('is stored with its schema version, listed newest first, and counted', () => {
    addDoNotCall('13800138000', '勿扰', 1);
    addDoNotCall('13900139000', '空号', 2);
    expect(currentWxFake().storage.get('test', DO_NOT_CALL_KEY)).toMatchObject({ v: 1 });
    expect(listDoNotCall().map((e) => e.phone)).toEqual(['13900139000', '13800138000']);
    expect(countDoNotCall()).toBe(2);
  });

  it('refuses what is not a number; removes and clears', () => {
    expect(addDoNotCall('abc', '勿扰')).toBe(false);
    addDoNotCall('13800138000', '勿扰');
    expect(removeDoNotCall('138 0013 8000')).toBe(true);
    expect(countDoNotCall()).toBe(0);
    addDoNotCall('13800138000', '勿扰');
    clearDoNotCall();
    expect(currentWxFake().storage.has(DO_NOT_CALL_KEY)).toBe(false);
  });

  it('damaged stored data reads as an empty list instead of throwing', () => {
    currentWxFake().storage.set('test', DO_NOT_CALL_KEY, { v: 1, entries: 'broken' });
    expect(listDoNotCall()).toEqual([]);
    expect(addDoNotCall('13800138000', '勿扰')).toBe(true);
  });
});
