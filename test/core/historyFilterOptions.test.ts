import {
  agentOptions,
  closeByOptions,
  outcomeOptions,
  rangeOptions,
  stateOptions,
} from '../../miniprogram/core/historyFilterOptions';
import { NO_OUTCOME } from '../../miniprogram/core/callFilter';

describe('history filter options', () => {
  it('offers every range, state and hang-up side in Chinese, each menu starting with 全部', () => {
    expect(rangeOptions()[0]).toEqual({ text: '全部时间', value: 'all' });
    expect(rangeOptions().map((o) => o.value)).toContain('custom');
    expect(stateOptions().map((o) => o.text)).toEqual([
      '全部状态',
      '已接通',
      '未接通',
      '未呼出',
      '已取消',
      '无结果',
      '拨打失败',
      '无拨打记录',
    ]);
    expect(closeByOptions()).toEqual([
      { text: '全部挂断方', value: '' },
      { text: '坐席挂断', value: 'seat' },
      { text: '客户挂断', value: 'client' },
      { text: '系统挂断', value: 'admin' },
    ]);
  });

  it('lists the outcome codes after 未填小结, and keeps a filtered agent even when no call of theirs is left', () => {
    expect(outcomeOptions(['有意向', '忙线']).map((o) => o.value)).toEqual(['', NO_OUTCOME, '有意向', '忙线']);
    expect(agentOptions(['a@x.com']).map((o) => o.value)).toEqual(['', 'a@x.com']);
    expect(agentOptions(['a@x.com'], 'b@x.com').map((o) => o.value)).toEqual(['', 'a@x.com', 'b@x.com']);
    expect(agentOptions(['a@x.com'], 'a@x.com')).toHaveLength(2);
  });
});
