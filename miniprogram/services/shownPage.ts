/** Which page WeChat shows: pages stay alive under the top of the stack, and only the top one may open a sheet. */

/** True when `page` (a component's owner page) is on top, or when there is no stack to ask (a component alone). */
export function isShownPage(page: unknown): boolean {
  const pages = getCurrentPages();
  const top = pages[pages.length - 1];
  return top === undefined || page === null || (top as unknown) === page;
}
