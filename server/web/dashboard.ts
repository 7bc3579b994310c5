/** The dashboard's browser script: sign-in/out, writes with the CSRF token, reveal, playback, exports, chart, admin. */

import type uPlot from 'uplot';

const CSRF_KEY = 'td_csrf';

interface ApiResult<T> {
  ok: boolean;
  status: number;
  data: T & { message?: string };
}

function byId<T extends HTMLElement = HTMLElement>(id: string): T | null {
  return document.getElementById(id) as T | null;
}

function toast(message: string): void {
  const box = byId('toast');
  if (box === null) return;
  box.textContent = message;
  box.classList.add('show');
  window.setTimeout(() => box.classList.remove('show'), 3000);
}

function goLogin(): void {
  window.location.assign(
    `/dashboard/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`,
  );
}

/** A JSON request; writes carry the CSRF token this tab got at sign-in. */
async function api<T = Record<string, unknown>>(method: string, url: string, body?: unknown): Promise<ApiResult<T>> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  const csrf = window.localStorage.getItem(CSRF_KEY);
  if (method !== 'GET' && csrf !== null) headers['x-csrf-token'] = csrf;
  const response = await fetch(url, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (response.status === 401 && !url.startsWith('/api/auth/login')) {
    goLogin();
  }
  let data = {} as T & { message?: string };
  try {
    data = (await response.json()) as T & { message?: string };
  } catch {
    // An empty or non-JSON answer keeps data empty; the status says what happened.
  }
  return { ok: response.ok, status: response.status, data };
}

function failure(result: ApiResult<unknown>): string {
  return result.data.message ?? `操作失败（${result.status}）`;
}

// --- sign-in and sign-out ---

function setUpLogin(): void {
  const form = byId<HTMLFormElement>('login');
  if (form === null) return;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const error = byId('login-error');
    const username = (byId<HTMLInputElement>('username')?.value ?? '').trim();
    const password = byId<HTMLInputElement>('password')?.value ?? '';
    void api<{ csrfToken: string }>('POST', '/api/auth/login', { username, password }).then((result) => {
      if (!result.ok) {
        if (error !== null) error.textContent = failure(result);
        return;
      }
      window.localStorage.setItem(CSRF_KEY, result.data.csrfToken);
      window.location.assign(form.dataset['next'] ?? '/dashboard/calls');
    });
  });
}

function setUpLogout(): void {
  byId('logout')?.addEventListener('click', () => {
    void api('POST', '/api/auth/logout').finally(() => {
      window.localStorage.removeItem(CSRF_KEY);
      window.location.assign('/dashboard/login');
    });
  });
}

// --- the filter form: the URL holds only what is set ---

/** The chosen days as text in Chinese order, whatever format the browser's date inputs use for its locale. */
function rangeOf(preset: HTMLSelectElement, from: string, to: string): string {
  if (preset.value !== 'custom') return preset.selectedOptions[0]?.dataset['range'] ?? '';
  const [start = '', end = ''] = [from, to].sort();
  return start === '' || start === end ? end : `${start} 至 ${end}`;
}

function setUpFilters(): void {
  const form = byId<HTMLFormElement>('filters');
  if (form === null) return;
  const preset = byId<HTMLSelectElement>('f-preset');
  const range = form.querySelector<HTMLElement>('.custom-range');
  const from = byId<HTMLInputElement>('f-from');
  const to = byId<HTMLInputElement>('f-to');
  const showRange = () => {
    const text = byId('range-text');
    if (text !== null && preset !== null) text.textContent = rangeOf(preset, from?.value ?? '', to?.value ?? '');
  };
  preset?.addEventListener('change', () => {
    if (range !== null) range.hidden = preset.value !== 'custom';
    showRange();
  });
  from?.addEventListener('change', showRange);
  to?.addEventListener('change', showRange);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      if (typeof value !== 'string' || value === '') continue;
      if ((name === 'from' || name === 'to') && preset?.value !== 'custom') continue;
      params.set(name, value);
    }
    window.location.assign(`/dashboard/calls?${params.toString()}`);
  });
}

// --- the call list: a sort or page change fetches only the rows ---

/** The URL's filter without its order and page: rows can be swapped in only while this stays the page's. */
function filterKey(search: string): string {
  const params = new URLSearchParams(search);
  params.delete('sort');
  params.delete('cursor');
  params.delete('part');
  params.sort();
  return params.toString();
}

let rowsRequest = 0;
/** The path and query whose rows are on screen (a hash-only history step leaves them as they are). */
let rowsShown = '';

/** The rows part of a URL, or null when it cannot be had (signed out, refused, offline, not our markup). */
async function fetchRows(url: URL): Promise<HTMLElement | null> {
  const partUrl = new URL(url.href);
  partUrl.searchParams.set('part', 'rows');
  try {
    const response = await fetch(partUrl.href, { credentials: 'same-origin', headers: { accept: 'text/html' } });
    if (!response.ok) return null;
    return new DOMParser().parseFromString(await response.text(), 'text/html').getElementById('call-list');
  } catch {
    return null;
  }
}

/** Says what the list now shows, through the polite live region next to it. */
function announceRows(list: HTMLElement, sort: 'time' | 'talk', paged: boolean): void {
  const count = list.querySelectorAll('table.calls tbody tr').length;
  const order = sort === 'talk' ? '按通话时长从长到短' : '按时间从新到旧';
  const status = byId('list-status');
  if (status !== null) {
    status.textContent = count === 0 ? '没有符合条件的通话' : `${order}，${paged ? '下一页' : '第一页'}，${count} 条`;
  }
}

/**
 * Replaces the table and pager with the rows part of `href` (the same URL with part=rows: the KPI cards, chart and
 * agent table cannot change with the order or page, so they stay). Any failure loads the whole page instead.
 */
async function swapRows(href: string, why: 'sort' | 'next' | 'first' | 'history', push: boolean): Promise<void> {
  const url = new URL(href, window.location.href);
  const list = byId('call-list');
  list?.setAttribute('aria-busy', 'true');
  const request = ++rowsRequest;
  const fresh = list === null ? null : await fetchRows(url);
  // A later click won: its answer is the one to show.
  if (request !== rowsRequest) return;
  if (list === null || fresh === null) {
    window.location.assign(url.href);
    return;
  }
  const adopted = document.importNode(fresh, true);
  list.replaceWith(adopted);
  rowsShown = url.pathname + url.search;
  if (push) window.history.pushState({ rows: true }, '', rowsShown);
  const sort = adopted.dataset['sort'] === 'talk' ? 'talk' : 'time';
  keepSortElsewhere(sort);
  announceRows(adopted, sort, url.searchParams.has('cursor'));
  // Focus stays on the column just sorted by; after paging it goes to the list's heading, above the new rows.
  if (why === 'sort') byId(`sort-${sort}`)?.focus();
  else if (why !== 'history') byId('list-title')?.focus();
}

/** The filter form and the agent table's links carry the order in use, so a filter change keeps it. */
function keepSortElsewhere(sort: 'time' | 'talk'): void {
  const form = byId<HTMLFormElement>('filters');
  let hidden = form?.querySelector<HTMLInputElement>('input[name="sort"]') ?? null;
  if (sort === 'talk' && form !== null && hidden === null) {
    hidden = document.createElement('input');
    hidden.type = 'hidden';
    hidden.name = 'sort';
    hidden.value = 'talk';
    form.querySelector('.actions')?.before(hidden);
  } else if (sort === 'time') hidden?.remove();
  document.querySelectorAll<HTMLAnchorElement>('#agent-table a[href^="/dashboard/calls?"]').forEach((link) => {
    const url = new URL(link.href);
    if (sort === 'talk') url.searchParams.set('sort', 'talk');
    else url.searchParams.delete('sort');
    link.setAttribute('href', url.pathname + url.search);
  });
}

/** A click that opens a link here: with a modifier key or another button it opens a new tab or window instead. */
const plainClick = (event: MouseEvent) =>
  event.button === 0 && !(event.metaKey || event.ctrlKey || event.shiftKey || event.altKey);

/** The list link a plain click followed (a sort or pager link of this filter), or null to let the browser go. */
function rowsLink(event: MouseEvent, pageFilter: string): HTMLAnchorElement | null {
  if (!plainClick(event)) return null;
  const target = event.target instanceof Element ? event.target : null;
  const link = target?.closest<HTMLAnchorElement>('#call-list a[data-rows]') ?? null;
  if (link === null || !['sort', 'next', 'first'].includes(link.dataset['rows'] ?? '')) return null;
  return filterKey(new URL(link.href).search) === pageFilter ? link : null;
}

function setUpRowSwaps(): void {
  if (byId('call-list') === null) return;
  const pageFilter = filterKey(window.location.search);
  rowsShown = window.location.pathname + window.location.search;
  document.addEventListener('click', (event) => {
    const link = rowsLink(event, pageFilter);
    if (link === null) return;
    event.preventDefault();
    void swapRows(link.href, link.dataset['rows'] as 'sort' | 'next' | 'first', true);
  });
  // Back and forward between orders and pages of this filter: the rows of that URL; anything else loads it.
  window.addEventListener('popstate', () => {
    const shown = window.location.pathname + window.location.search;
    if (shown === rowsShown) return;
    if (filterKey(window.location.search) === pageFilter) void swapRows(window.location.href, 'history', false);
    else window.location.reload();
  });
}

// --- reveal, playback, copy ---

function setUpCallActions(): void {
  document.addEventListener('click', (event) => {
    const target = event.target instanceof HTMLElement ? event.target : null;
    const reveal = target?.closest<HTMLElement>('[data-reveal]');
    if (reveal) void revealNumber(reveal);
    const play = target?.closest<HTMLElement>('[data-play]');
    if (play) void playRecording(play);
    const copy = target?.closest<HTMLElement>('[data-copy]');
    if (copy) void copyText(copy);
  });
}

async function revealNumber(button: HTMLElement): Promise<void> {
  const key = button.dataset['reveal'] ?? '';
  const [agentId, callId] = key.split('/');
  if (!window.confirm('查看完整号码会记入审计日志。确定查看吗？')) return;
  const result = await api<{ phone: string }>('POST', '/api/calls/reveal', { agentId: Number(agentId), callId });
  if (!result.ok) {
    toast(failure(result));
    return;
  }
  document.querySelectorAll<HTMLElement>(`[data-phone="${CSS.escape(key)}"]`).forEach((el) => {
    el.textContent = result.data.phone;
  });
  button.remove();
}

async function playRecording(button: HTMLElement): Promise<void> {
  const key = button.dataset['play'] ?? '';
  const [agentId, callId] = key.split('/');
  const result = await api<{ url: string }>(
    'GET',
    `/api/calls/${encodeURIComponent(agentId ?? '')}/${encodeURIComponent(callId ?? '')}/recording`,
  );
  if (!result.ok) {
    toast(failure(result));
    return;
  }
  const player = byId<HTMLAudioElement>('player');
  if (player === null) return;
  player.hidden = false;
  player.src = result.data.url;
  player.setAttribute('aria-label', '通话录音');
  player.play().catch(() => toast('录音已就绪，请点播放'));
}

async function copyText(button: HTMLElement): Promise<void> {
  const source = byId(button.dataset['copy'] ?? '');
  const text = source?.textContent ?? '';
  try {
    await navigator.clipboard.writeText(text);
    toast('已复制');
  } catch {
    toast('无法访问剪贴板，请手动选择复制');
  }
}

// --- exports: streamed, with progress ---

function setUpExports(): void {
  const query = readJson<string>('export-query');
  if (query === null) return;
  document.querySelectorAll<HTMLButtonElement>('[data-export]').forEach((button) => {
    button.addEventListener('click', () => void runExport(button, query));
  });
}

function say(text: string): void {
  const progress = byId('export-progress');
  if (progress !== null) progress.textContent = text;
}

/** Reads the streamed file, saying how far it got; rows are counted on CSV (one line each). */
async function readWithProgress(response: Response, format: string, total: number): Promise<Uint8Array[]> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const parts: Uint8Array[] = [];
  let bytes = 0;
  let lines = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return parts;
    parts.push(value);
    bytes += value.length;
    if (format === 'csv') lines += value.reduce((n, byte) => (byte === 10 ? n + 1 : n), 0);
    say(
      format === 'csv'
        ? `正在导出：${Math.max(0, lines - 1)} / ${total} 行`
        : `正在导出 ${total} 行：已接收 ${(bytes / 1024).toFixed(0)} KB`,
    );
  }
}

function saveFile(parts: Uint8Array[], response: Response, fallbackName: string): void {
  const blob = new Blob(parts as BlobPart[], { type: response.headers.get('content-type') ?? '' });
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

async function runExport(button: HTMLButtonElement, query: string): Promise<void> {
  const format = button.dataset['export'] ?? 'csv';
  const full = byId<HTMLInputElement>('export-full')?.checked === true;
  if (full && !window.confirm('导出完整号码会记入审计日志，文件请妥善保管。确定导出吗？')) return;
  const buttons = document.querySelectorAll<HTMLButtonElement>('[data-export]');
  buttons.forEach((b) => (b.disabled = true));
  try {
    const response = await fetch(`/api/calls/export?${query}&format=${format}${full ? '&full=1' : ''}`, {
      credentials: 'same-origin',
    });
    if (!response.ok || response.body === null) {
      say(`导出失败（${response.status}）`);
      return;
    }
    const total = Number(response.headers.get('x-export-rows') ?? '0');
    const parts = await readWithProgress(response, format, total);
    saveFile(parts, response, `calls.${format}`);
    say(`已导出 ${total} 行（${full ? '完整号码，已记入审计' : '号码已隐藏'}）`);
  } catch {
    say('导出中断：网络错误，请重试');
  } finally {
    buttons.forEach((b) => (b.disabled = false));
  }
}

// --- numbers: chart and sortable table ---

function readJson<T>(id: string): T | null {
  const element = byId(id);
  if (element === null) return null;
  try {
    return JSON.parse(element.textContent ?? 'null') as T;
  } catch {
    return null;
  }
}

function setUpChart(): void {
  const box = byId('day-chart');
  const days = readJson<{ day: string; calls: number; connected: number }[]>('day-data');
  const UPlot = (window as unknown as { uPlot?: typeof uPlot }).uPlot;
  if (box === null || days === null || UPlot === undefined) return;
  if (days.length === 0) {
    box.textContent = '这段时间没有通话';
    return;
  }
  // One slot per day (an index axis): calls as a wide bar, the connected ones as a narrower bar inside it.
  const xs = days.map((_, i) => i);
  const label = (i: number) => days[Math.round(i)]?.day.slice(5) ?? '';
  const wide = UPlot.paths.bars?.({ size: [0.7, 40] });
  const narrow = UPlot.paths.bars?.({ size: [0.4, 24] });
  const options: uPlot.Options = {
    width: Math.max(300, box.clientWidth),
    legend: { live: false },
    height: 230,
    scales: {
      x: { time: false, range: () => [-0.6, days.length - 0.4] },
      y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] },
    },
    axes: [{ values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? label(t) : '')), space: 36 }, { size: 44 }],
    series: [
      { label: '日期', value: (_u, v) => (v === null ? '—' : label(v)) },
      {
        label: '通话',
        stroke: '#0b57d0',
        fill: 'rgba(11,87,208,0.35)',
        width: 1,
        ...(wide ? { paths: wide } : {}),
        points: { show: false },
      },
      {
        label: '接通',
        stroke: '#1a7f37',
        fill: 'rgba(26,127,55,0.85)',
        width: 1,
        ...(narrow ? { paths: narrow } : {}),
        points: { show: false },
      },
    ],
  };
  new UPlot(options, [xs, days.map((d) => d.calls), days.map((d) => d.connected)], box);
}

function setUpSortableTables(): void {
  document.querySelectorAll<HTMLTableElement>('table.sortable').forEach((table) => {
    const headers = [...table.querySelectorAll<HTMLTableCellElement>('thead th')];
    headers.forEach((th, column) => {
      const button = th.querySelector<HTMLButtonElement>('button[data-sort]');
      if (button === null) return;
      button.addEventListener('click', () => {
        const descending = th.getAttribute('aria-sort') !== 'descending';
        headers.forEach((other) => other.removeAttribute('aria-sort'));
        th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
        const numeric = button.dataset['sort'] === 'num';
        const body = table.tBodies[0];
        if (body === undefined) return;
        const rows = [...body.rows];
        const valueOf = (row: HTMLTableRowElement) => row.cells[column]?.dataset['value'] ?? '';
        rows.sort((a, b) => {
          const order = numeric
            ? Number(valueOf(a)) - Number(valueOf(b))
            : valueOf(a).localeCompare(valueOf(b), 'zh-CN');
          return descending ? -order : order;
        });
        body.append(...rows);
      });
    });
  });
}

// --- administration ---

function setUpAdmin(): void {
  const form = byId<HTMLFormElement>('agent-form');
  form?.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const body = {
      name: String(data.get('name') ?? '').trim(),
      seatUserId: String(data.get('seatUserId') ?? '').trim(),
    };
    void api('POST', '/api/admin/agents', body).then((result) => {
      const error = byId('agent-error');
      if (!result.ok) {
        if (error !== null) error.textContent = failure(result);
        return;
      }
      window.location.reload();
    });
  });
  document.addEventListener('click', (event) => {
    const target = event.target instanceof HTMLElement ? event.target : null;
    const bind = target?.closest<HTMLElement>('[data-bind]');
    if (bind) void issueBindCode(bind);
    const edit = target?.closest<HTMLElement>('[data-edit-seat]');
    if (edit) void editSeat(edit);
    const disable = target?.closest<HTMLElement>('[data-disable]');
    if (disable) void disableAgent(disable);
  });
}

async function issueBindCode(button: HTMLElement): Promise<void> {
  const id = button.dataset['bind'] ?? '';
  const name = button.dataset['name'] ?? '';
  const result = await api<{ code: string; expiresAt: number; qrSvg: string }>(
    'POST',
    `/api/admin/agents/${encodeURIComponent(id)}/bind-code-qr`,
  );
  const box = byId('bind-result');
  if (box === null) return;
  if (!result.ok) {
    toast(failure(result));
    return;
  }
  const expires = new Date(result.data.expiresAt + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
  box.hidden = false;
  box.replaceChildren();
  const title = document.createElement('h2');
  title.textContent = `${name} 的绑定码（只显示这一次）`;
  const row = document.createElement('div');
  row.className = 'bind-box';
  const qr = document.createElement('div');
  // The SVG is the QR library's output for an 8-character code: no user text is in it.
  qr.innerHTML = result.data.qrSvg;
  qr.setAttribute('role', 'img');
  qr.setAttribute('aria-label', '绑定码二维码');
  const text = document.createElement('div');
  const code = document.createElement('p');
  code.className = 'bind-code';
  code.id = 'bind-code';
  code.textContent = result.data.code;
  const note = document.createElement('p');
  note.textContent = `有效至 ${expires}（北京时间），用一次即失效。请让坐席在小程序“绑定”中输入或扫码。`;
  text.append(code, note);
  row.append(qr, text);
  box.append(title, row);
  box.tabIndex = -1;
  box.focus();
}

async function editSeat(button: HTMLElement): Promise<void> {
  const id = button.dataset['editSeat'] ?? '';
  const seat = window.prompt(`${button.dataset['name'] ?? ''} 的新 TCCC 坐席账号`, button.dataset['seat'] ?? '');
  if (seat === null || seat.trim() === '') return;
  const result = await api('PATCH', `/api/admin/agents/${encodeURIComponent(id)}`, { seatUserId: seat.trim() });
  if (!result.ok) toast(failure(result));
  else window.location.reload();
}

async function disableAgent(button: HTMLElement): Promise<void> {
  const id = button.dataset['disable'] ?? '';
  if (!window.confirm(`停用 ${button.dataset['name'] ?? ''}？他的手机会立即退出，无法再拨打。`)) return;
  const result = await api('POST', `/api/admin/users/${encodeURIComponent(id)}/disable`);
  if (!result.ok) toast(failure(result));
  else window.location.reload();
}

// --- the team do-not-call list ---

/** A date input's day as the end of that day in Shanghai (epoch ms), or null when empty. */
function endOfDay(value: string): number | null {
  return value === '' ? null : Date.parse(`${value}T23:59:59+08:00`);
}

function setUpDnc(): void {
  const add = byId<HTMLFormElement>('dnc-add');
  // The expiry as text in Chinese order: the date input itself follows the browser's locale.
  const expires = byId<HTMLInputElement>('d-expires');
  expires?.addEventListener('change', () => {
    const text = byId('d-expires-text');
    if (text !== null) text.textContent = expires.value === '' ? '不填为长期' : `${expires.value} 当天结束时到期`;
  });
  add?.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(add);
    const expiresAt = endOfDay(String(data.get('expires') ?? ''));
    const body = {
      phone: String(data.get('phone') ?? '').trim(),
      reason: String(data.get('reason') ?? '').trim(),
      ...(expiresAt === null ? {} : { expiresAt }),
    };
    void api('POST', '/api/admin/dnc', body).then((result) => {
      const error = byId('dnc-add-error');
      if (!result.ok) {
        if (error !== null) error.textContent = failure(result);
        return;
      }
      window.location.reload();
    });
  });
  const importer = byId<HTMLFormElement>('dnc-import');
  importer?.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(importer);
    const entries = String(data.get('lines') ?? '')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '')
      .map((line) => {
        const [phone = '', ...rest] = line.split(/[,，\t]/);
        const reason = rest.join(' ').trim();
        return reason === '' ? { phone: phone.trim() } : { phone: phone.trim(), reason };
      });
    const say = (text: string) => {
      const box = byId('dnc-import-result');
      if (box !== null) box.textContent = text;
    };
    if (entries.length === 0) {
      say('请每行填一个号码');
      return;
    }
    void api<{ added: number; updated: number; invalid: number; invalidRows: number[] }>(
      'POST',
      '/api/admin/dnc/import',
      {
        entries,
        reason: String(data.get('reason') ?? '').trim() || '导入',
      },
    ).then((result) => {
      if (!result.ok) {
        say(failure(result));
        return;
      }
      const { added, invalid, invalidRows } = result.data;
      say(`已导入 ${added} 个${invalid > 0 ? `，${invalid} 行无法识别（第 ${invalidRows.join('、')} 行）` : ''}`);
      if (invalid === 0) window.setTimeout(() => window.location.reload(), 800);
    });
  });
  document.addEventListener('click', (event) => {
    const target = event.target instanceof HTMLElement ? event.target : null;
    const remove = target?.closest<HTMLElement>('[data-dnc-remove]');
    if (!remove) return;
    if (!window.confirm('把这个号码移出免打扰名单？坐席手机将可以再拨打它。')) return;
    void api('DELETE', `/api/admin/dnc/${encodeURIComponent(remove.dataset['dncRemove'] ?? '')}`).then((result) => {
      if (!result.ok) toast(failure(result));
      else window.location.reload();
    });
  });
}

function start(): void {
  setUpDnc();
  setUpLogin();
  setUpLogout();
  setUpFilters();
  setUpRowSwaps();
  setUpCallActions();
  setUpExports();
  setUpChart();
  setUpSortableTables();
  setUpAdmin();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
