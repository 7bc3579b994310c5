/** Deep links into the dialer (`pages/dialer/dialer?phone=...`): each one is applied once, also on a warm start. */

export const DIALER_ROUTE = 'pages/dialer/dialer';

let appliedKey = '';

function keyOf(query: Record<string, unknown>): string {
  return JSON.stringify([query['phone'], query['name'], query['uui']]);
}

/** The link's query the first time it is seen; undefined when there is none or it was already applied. */
export function takeDialerLink(query: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (
    query === undefined ||
    (query['phone'] === undefined && query['name'] === undefined && query['uui'] === undefined)
  ) {
    return undefined;
  }
  const key = keyOf(query);
  if (key === appliedKey) return undefined;
  appliedKey = key;
  return query;
}

/**
 * A link that arrived while the app was already running: WeChat shows the open dialer again without a new
 * onLoad, and only the enter options carry the query.
 */
export function takeWarmDialerLink(): Record<string, unknown> | undefined {
  let options: { path?: string; query?: Record<string, unknown> };
  try {
    options = wx.getEnterOptionsSync() as { path?: string; query?: Record<string, unknown> };
  } catch {
    return undefined;
  }
  if ((options.path ?? '').replace(/^\//, '') !== DIALER_ROUTE) return undefined;
  return takeDialerLink(options.query);
}
