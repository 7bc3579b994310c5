import { CallShard, unpackShard } from '../../miniprogram/core/callShardV3';
import { upgradeShard } from '../../miniprogram/core/callShardUpgrade';
import { V2_RECORDS, V2_SHARD } from '../fixtures/callShardV2';

describe('call shard upgrade (v1, v2)', () => {
  it('reads a v2 shard as the v2 codec wrote it', () => {
    const shard = upgradeShard(JSON.parse(JSON.stringify(V2_SHARD)));
    expect(shard?.stored.v).toBe(3);
    expect(unpackShard(shard as CallShard)).toEqual(V2_RECORDS);
  });
  it('skips damaged v2 rows instead of failing the shard', () => {
    const shard = upgradeShard({ v: 2, a: [], r: ['garbage', [42], ['mkfkk3xcbb', 0, 1, '', '', 999]] });
    expect(shard?.records).toEqual([]);
    expect(upgradeShard({ v: 99 })).toBeUndefined();
    expect(upgradeShard('text')).toBeUndefined();
    expect(upgradeShard(null)).toBeUndefined();
  });
});
