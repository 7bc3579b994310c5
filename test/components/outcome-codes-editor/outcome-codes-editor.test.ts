/** The outcome codes editor on its own, with real vant: remove, add with the box emptied, refuse a repeat, defaults. */

import simulate from 'miniprogram-simulate';
import { find, openPage, shownValue, tap, textOf, typeInto } from '../../../tools/page-harness/page';
import { DEFAULT_OUTCOME_CODES } from '../../../miniprogram/core/agentSettings';

const EDITOR = 'components/outcome-codes-editor/outcome-codes-editor';

type Editor = ReturnType<typeof openPage>;

/** The editor's events, in order: `change` with its list, `refuse` with its message. */
function heardFrom(editor: Editor): unknown[] {
  const heard: unknown[] = [];
  const host = editor.component as unknown as {
    addEventListener(name: string, fn: (event: { detail: unknown }) => void): void;
  };
  host.addEventListener('change', (event) => heard.push(['change', event.detail]));
  host.addEventListener('refuse', (event) => heard.push(['refuse', event.detail]));
  return heard;
}

async function openEditor(codes: string[], error = ''): Promise<Editor> {
  const editor = openPage(EDITOR);
  editor.component.setData({ codes, error });
  await simulate.sleep(10);
  return editor;
}

describe('outcome codes editor', () => {
  it('draws the list it is given and the error the page holds', async () => {
    const editor = await openEditor(['有意向', '忙线'], '至少保留一个通话结果');
    expect(textOf(editor.component)).toContain('有意向忙线');
    expect(textOf(find(editor.component, '#newCode'))).toContain('至少保留一个通话结果');
  });

  it('removing a code gives the page the list without it; the list drawn is the page’s', async () => {
    const editor = await openEditor(['有意向', '忙线', '空号']);
    const heard = heardFrom(editor);
    await tap(editor.component, '#remove-code-1');
    expect(heard).toEqual([['change', { codes: ['有意向', '空号'] }]]);
    expect(editor.component.querySelector('#remove-code-2')).toBeDefined();
  });

  it('adds the typed code trimmed, keeps it in data as typed, and empties the box it was typed in', async () => {
    const editor = await openEditor(['有意向']);
    const heard = heardFrom(editor);
    await typeInto(editor.component, '#newCode', ' 已成交');
    expect(editor.component.data).toMatchObject({ newCode: ' 已成交' });
    await tap(editor.component, '#add-code', '.van-button');
    expect(heard).toEqual([['change', { codes: ['有意向', '已成交'] }]]);
    expect(editor.component.data).toMatchObject({ newCode: '' });
    expect(shownValue(editor.component, '#newCode')).toBe('');
  });

  it('refuses a code already in the list with a message, and an empty box with nothing', async () => {
    const editor = await openEditor(['有意向', '忙线']);
    const heard = heardFrom(editor);
    await tap(editor.component, '#add-code', '.van-button');
    await typeInto(editor.component, '#newCode', '忙线');
    await tap(editor.component, '#add-code', '.van-button');
    expect(heard).toEqual([['refuse', { message: '已有这个通话结果' }]]);
    expect(shownValue(editor.component, '#newCode')).toBe('忙线');
  });

  it('恢复默认 gives the page the default codes', async () => {
    const editor = await openEditor(['忙线']);
    const heard = heardFrom(editor);
    await tap(editor.component, '#reset-codes');
    expect(heard).toEqual([['change', { codes: [...DEFAULT_OUTCOME_CODES] }]]);
  });
});
