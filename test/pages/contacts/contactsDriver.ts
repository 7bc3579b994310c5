/** Drives the contacts page's search box as an agent types into it (shared by the contacts page tests). */

import simulate from 'miniprogram-simulate';
import { find, type LoadedPage } from '../../../tools/page-harness/page';

/** Types the whole query into the search box through its input event, then lets the page answer. */
export async function search(page: LoadedPage, query: string): Promise<void> {
  const field = find(page.component, '#search', '.van-search__field');
  const input = field.querySelectorAll('.van-field__control').find((c) => c.dom?.tagName === 'WX-INPUT');
  if (input === undefined) throw new Error('the search box has no input');
  input.dispatchEvent('input', { detail: { value: query } });
  await simulate.sleep(10);
}
