/**
 * Stands in for miniprogram-simulate's own wxss module (postcss in Node): the CSS was compiled by wcsc
 * at build time, so here it only gets the component's class prefix and goes into the document once.
 */

import simulateUtils from 'miniprogram-simulate/src/utils';
import { CLASS_PREFIX_PLACEHOLDER, PAGE_SELECTOR_PLACEHOLDER } from '../contract';

const inserted = new Set<string>();

/** The selector of a page's container; `page { }` in WXSS means this. */
export function pageSelector(pageTag: string): string {
  return `.sim-page[data-sim-page="${pageTag}"]`;
}

export function getContent(filePath: string): string {
  const content = simulateUtils.readFile(filePath);
  return typeof content === 'string' ? content : '';
}

/** exparser renders class `x` of a component registered as `tag` as `tag--x`. */
export function compile(css: string, options: { prefix?: string } = {}): string {
  const prefix = options.prefix ?? '';
  return css
    .split(CLASS_PREFIX_PLACEHOLDER)
    .join(prefix === '' ? '' : `${prefix}--`)
    .split(PAGE_SELECTOR_PLACEHOLDER)
    .join(pageSelector(prefix));
}

/** Adds each distinct stylesheet once; simulate calls this on every render. */
export function insert(styles: string | string[]): void {
  for (const css of Array.isArray(styles) ? styles : [styles]) {
    if (css === '' || inserted.has(css)) continue;
    inserted.add(css);
    const style = document.createElement('style');
    style.textContent = css;
    document.head.appendChild(style);
  }
}
