/** The dashboard's screens as server-rendered HTML: sign-in, the call list with its numbers, one call, administration. */

import { stateLabel } from '../../../miniprogram/core/callPresentation';
import type { CallState } from '../../../miniprogram/core/callRecord';
import { CALLBACK_OUTCOME, DEFAULT_OUTCOME_CODES } from '../../../miniprogram/core/agentSettings';
import type { CallSort, ListedCall } from '../callQuery';
import type { Role } from '../identity';
import { detailParts } from '../auditDetail';
import type { CallbackBooking, CallbackNumbers, CallDetail, DashboardNumbers } from '../dashboardQuery';
import { html, jsonScript, type SafeHtml } from './html';
import { DATE_PRESETS, HUNG_UP_SIDES, rangeText, stateQuery, type FilterState } from './filters';

export interface Viewer {
  name: string;
  role: Role;
}

const SHANGHAI_MS = 8 * 3600_000;

/** YYYY-MM-DD HH:mm:ss in Shanghai. */
export function formatTime(ms: number | null): string {
  if (ms === null) return '—';
  return new Date(ms + SHANGHAI_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** TCCC's Unix seconds, in Shanghai. */
/** TCCC's Unix seconds, in Shanghai; TCCC sends 0 for a moment that never came (no answer). */
const formatTs = (ts: number | null) => (ts === null || ts <= 0 ? '—' : formatTime(ts * 1000));

export function formatSeconds(seconds: number | null): string {
  if (seconds === null || seconds < 0) return '—';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h}时${String(m).padStart(2, '0')}分` : `${m}:${String(s).padStart(2, '0')}`;
}

const CLOSE_BY_LABELS: Record<string, string> = { seat: '坐席', client: '客户', admin: '系统', timer: '超时' };
const STATUS_OPTIONS: Record<string, string> = {
  ok: '已接通',
  notAnswer: '无人接听',
  busy: '忙线',
  userReject: '拒接',
  powerOff: '关机',
  numberNotExist: '空号',
  notInService: '不在服务区',
  callerCancel: '坐席取消',
};

function phoneState(state: string): string {
  try {
    return stateLabel(state as CallState) ?? state;
  } catch {
    return state;
  }
}

function layout(
  title: string,
  viewer: Viewer | null,
  active: string,
  body: SafeHtml,
  scripts: SafeHtml = html``,
): string {
  const nav = (href: string, key: string, label: string) =>
    html`<a href="${href}" ${key === active ? html`aria-current="page"` : ''}>${label}</a>`;
  const page = html`<!doctype html>
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · 团队通话看板</title>
        <link rel="stylesheet" href="/dashboard/assets/dashboard.css" />
      </head>
      <body>
        <a class="skip" href="#main">跳到正文</a>
        <header class="top">
          <span class="brand">团队通话看板</span>
          ${
            viewer === null
              ? ''
              : html`<nav aria-label="主导航">
                    ${nav('/dashboard/calls', 'calls', '通话记录')}
                    ${viewer.role === 'admin' ? nav('/dashboard/admin/agents', 'agents', '坐席管理') : ''}
                    ${viewer.role === 'admin' ? nav('/dashboard/admin/dnc', 'dnc', '免打扰名单') : ''}
                    ${viewer.role === 'admin' ? nav('/dashboard/admin/audit', 'audit', '审计日志') : ''}
                  </nav>
                  <span class="who">${viewer.name}（${viewer.role === 'admin' ? '管理员' : '主管'}）</span>
                  <button type="button" id="logout" class="link">退出登录</button>`
          }
        </header>
        <main id="main" tabindex="-1">${body}</main>
        <div id="toast" role="status" aria-live="polite"></div>
        ${scripts}
        <script src="/dashboard/assets/dashboard.js" defer></script>
      </body>
    </html>`;
  return page.value;
}

export function loginPage(next: string): string {
  return layout(
    '登录',
    null,
    '',
    html`<section class="login">
      <h1>主管登录</h1>
      <form id="login" data-next="${next}">
        <label for="username">用户名</label>
        <input id="username" name="username" autocomplete="username" required maxlength="64" />
        <label for="password">密码</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="256" />
        <p id="login-error" class="error" role="alert"></p>
        <button type="submit" class="primary">登录</button>
      </form>
    </section>`,
  );
}

export function errorPage(viewer: Viewer | null, title: string, message: string): string {
  return layout(
    title,
    viewer,
    '',
    html`<section class="panel">
      <h1>${title}</h1>
      <p>${message}</p>
      <p><a href="/dashboard/calls">回到通话记录</a></p>
    </section>`,
  );
}

export interface AgentOption {
  id: number;
  name: string;
}

function select(name: string, label: string, value: string, options: Record<string, string>, any = '全部'): SafeHtml {
  return html`<div class="field">
    <label for="f-${name}">${label}</label>
    <select id="f-${name}" name="${name}">
      <option value="">${any}</option>
      ${Object.entries(options).map(
        ([key, text]) => html`<option value="${key}" ${key === value ? html`selected` : ''}>${text}</option>`,
      )}
    </select>
  </div>`;
}

function filterForm(
  state: FilterState,
  agents: readonly AgentOption[],
  ranges: Readonly<Record<string, string>>,
): SafeHtml {
  const agentOptions = Object.fromEntries(agents.map((agent) => [String(agent.id), agent.name]));
  const outcomes = Object.fromEntries([...DEFAULT_OUTCOME_CODES, '预约回拨'].map((code) => [code, code]));
  if (state.outcome !== '' && !(state.outcome in outcomes)) outcomes[state.outcome] = state.outcome;
  return html`<form id="filters" class="filters" method="get" action="/dashboard/calls" aria-label="筛选通话">
    <div class="field">
      <label for="f-preset">日期</label>
      <select id="f-preset" name="preset">
        ${Object.entries(DATE_PRESETS).map(
          ([key, text]) =>
            html`<option value="${key}" data-range="${ranges[key] ?? ''}" ${key === state.preset ? html`selected` : ''}>
              ${text}
            </option>`,
        )}
      </select>
    </div>
    <div class="field custom-range" ${state.preset === 'custom' ? '' : html`hidden`}>
      <label for="f-from">从</label><input id="f-from" type="date" name="from" value="${state.from}" />
      <label for="f-to">到</label><input id="f-to" type="date" name="to" value="${state.to}" />
    </div>
    <p class="range-text" id="range-text" aria-live="polite">${rangeText(state.from, state.to)}</p>
    ${select('agent', '坐席', state.agent, agentOptions)} ${select('status', 'TCCC 结果', state.status, STATUS_OPTIONS)}
    ${select('outcome', '坐席小结', state.outcome, outcomes)} ${select('side', '挂断方', state.side, HUNG_UP_SIDES)}
    <div class="field">
      <label for="f-phone">号码包含</label>
      <input
        id="f-phone"
        name="phone"
        inputmode="numeric"
        pattern="[0-9]{3,20}"
        value="${state.phone}"
        size="12"
        title="3 位以上数字"
      />
    </div>
    ${select('rec', '录音', state.rec, { '1': '有录音', '0': '无录音' })}
    ${select('note', '备注', state.note, { '1': '有备注', '0': '无备注' })}
    <div class="field check">
      <input id="f-mismatch" type="checkbox" name="mismatch" value="1" ${state.mismatch ? html`checked` : ''} />
      <label for="f-mismatch">只看手机与 TCCC 不一致</label>
    </div>
    <div class="field check">
      <input
        id="f-callback"
        type="checkbox"
        name="callback"
        value="due"
        ${state.callback === 'due' ? html`checked` : ''}
      />
      <label for="f-callback">只看待回拨</label>
    </div>
    ${state.sort === 'talk' ? html`<input type="hidden" name="sort" value="talk" />` : ''}
    <div class="actions">
      <button type="submit" class="primary">筛选</button> <a href="/dashboard/calls">清除筛选</a>
    </div>
  </form>`;
}

function kpis(numbers: DashboardNumbers, callbacks: CallbackNumbers, state: FilterState): SafeHtml {
  const rate = numbers.connectRate === null ? '—' : `${(numbers.connectRate * 100).toFixed(1)}%`;
  return html`<section class="kpis" aria-label="本筛选的指标">
    <div class="kpi">
      <span class="kpi-label">通话</span><span class="kpi-value" id="kpi-calls">${numbers.calls}</span>
    </div>
    <div class="kpi">
      <span class="kpi-label">接通率</span><span class="kpi-value">${rate}</span>
      <span class="kpi-note">TCCC 接通 ${numbers.connected} ÷ 呼出 ${numbers.calls}</span>
    </div>
    <div class="kpi">
      <span class="kpi-label">平均通话</span><span class="kpi-value">${formatSeconds(numbers.averageTalkSeconds)}</span>
    </div>
    <div class="kpi">
      <span class="kpi-label">总通话时长</span><span class="kpi-value">${formatSeconds(numbers.talkSeconds)}</span>
    </div>
    ${callbackKpi(callbacks, state)}
  </section>`;
}

/** 待回拨: the filtered calls' open callbacks due today or overdue; a click lists those calls (callback=due). */
function callbackKpi(callbacks: CallbackNumbers, state: FilterState): SafeHtml {
  const value = `${callbacks.due}${callbacks.overdue > 0 ? `（逾期 ${callbacks.overdue}）` : ''}`;
  const label = `待回拨 ${value}`;
  return html`<div class="kpi">
    <span class="kpi-label">待回拨</span>
    ${
      state.callback === 'due'
        ? html`<span class="kpi-value" id="kpi-callbacks">${value}</span>
            <span class="kpi-note"
              >列表只含这些通话 ·
              <a href="/dashboard/calls?${stateQuery(state, { callback: '' }).toString()}">显示全部</a></span
            >`
        : html`<a
              class="kpi-value"
              id="kpi-callbacks"
              aria-label="${label}，只看这些通话"
              href="/dashboard/calls?${stateQuery(state, { callback: 'due' }).toString()}"
              >${value}</a
            >
            <span class="kpi-note">今天到期及已逾期、尚未完成的预约回拨</span>`
    }
  </div>`;
}

function agentTable(numbers: DashboardNumbers, state: FilterState): SafeHtml {
  if (numbers.agents.length === 0) return html``;
  const outcomeText = (outcomes: Record<string, number>) =>
    Object.entries(outcomes)
      .sort((a, b) => b[1] - a[1])
      .map(([outcome, count]) => `${outcome === '' ? '未小结' : outcome} ${count}`)
      .join('，');
  return html`<section class="panel" aria-labelledby="agents-title">
    <h2 id="agents-title">坐席统计</h2>
    <table class="sortable" id="agent-table">
      <thead>
        <tr>
          <th scope="col"><button type="button" data-sort="text">坐席</button></th>
          <th scope="col" class="num"><button type="button" data-sort="num">通话</button></th>
          <th scope="col" class="num"><button type="button" data-sort="num">接通率</button></th>
          <th scope="col" class="num"><button type="button" data-sort="num">通话时长</button></th>
          <th scope="col" class="num"><button type="button" data-sort="num">小结完成</button></th>
          <th scope="col">小结分布</th>
        </tr>
      </thead>
      <tbody>
        ${numbers.agents.map(
          (agent) =>
            html`<tr>
              <td data-value="${agent.agentName}">
                <a href="/dashboard/calls?${stateQuery(state, { agent: String(agent.agentId) }).toString()}"
                  >${agent.agentName}</a
                >
              </td>
              <td class="num" data-value="${agent.calls}">${agent.calls}</td>
              <td class="num" data-value="${agent.calls === 0 ? 0 : agent.connected / agent.calls}">
                ${agent.calls === 0 ? '—' : `${((agent.connected / agent.calls) * 100).toFixed(1)}%`}
              </td>
              <td class="num" data-value="${agent.talkSeconds}">${formatSeconds(agent.talkSeconds)}</td>
              <td class="num" data-value="${agent.calls === 0 ? 0 : agent.wrapped / agent.calls}">
                ${agent.calls === 0 ? '—' : `${((agent.wrapped / agent.calls) * 100).toFixed(0)}%`}
              </td>
              <td class="split">${outcomeText(agent.outcomes)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

function recordingCell(call: ListedCall): SafeHtml {
  if (call.tccc?.hasRecording !== true) return html`<span class="muted">无</span>`;
  return html`<button
    type="button"
    class="link"
    data-play="${call.agentId}/${call.id}"
    aria-label="播放 ${call.name || call.phone} 的录音"
  >
    播放
  </button>`;
}

function callRows(calls: readonly ListedCall[]): SafeHtml {
  return html`${calls.map((call) => {
    const href = `/dashboard/calls/${call.agentId}/${encodeURIComponent(call.id)}`;
    const talk = call.tccc?.duration ?? call.duration;
    return html`<tr>
      <td><a href="${href}">${formatTime(call.startedAt)}</a></td>
      <td>${call.agentName}</td>
      <td class="name">${call.name || html`<span class="muted">—</span>`}</td>
      <td class="phone">
        <span data-phone="${call.agentId}/${call.id}">${call.phone}</span>
        <button type="button" class="link small" data-reveal="${call.agentId}/${call.id}" aria-label="显示完整号码">
          显示
        </button>
      </td>
      <td>
        ${call.tccc === null ? html`<span class="muted">待话单</span>` : html`<span class="status s-${call.tccc.endStatus ?? 'unknown'}">${call.tccc.endStatusLabel}</span>`}
        <span class="phone-side">手机：${phoneState(call.state)}</span>
      </td>
      <td>${call.outcome || html`<span class="muted">未小结</span>`}</td>
      <td class="num">${formatSeconds(talk)}</td>
      <td>
        ${call.tccc?.hungUpSide !== undefined && call.tccc.hungUpSide !== null ? (HUNG_UP_SIDES[call.tccc.hungUpSide] ?? call.tccc.hungUpSide) : (CLOSE_BY_LABELS[call.closeBy] ?? '—')}
      </td>
      <td class="note" title="${call.note}">${call.note}</td>
      <td>${recordingCell(call)}</td>
    </tr>`;
  })}`;
}

/** What the list part shows: one page of rows in one order, and where the pager goes. */
export interface CallRowsData {
  state: FilterState;
  calls: readonly ListedCall[];
  nextCursor: string | null;
  /** Whether this page was reached through "next page". */
  paged: boolean;
}

export interface CallsPageData extends CallRowsData {
  viewer: Viewer;
  agents: readonly AgentOption[];
  numbers: DashboardNumbers;
  /** The 待回拨 card's counts for this filter. */
  callbacks: CallbackNumbers;
  /** The /api/calls query of this filter, for exports. */
  apiQuery: string;
  /** Each date preset's days as text (presetRanges). */
  presetRanges: Readonly<Record<string, string>>;
}

function emptyState(state: FilterState): SafeHtml {
  const hints: string[] = [];
  if (state.preset === 'today' || state.preset === 'yesterday') hints.push('把日期放宽到“近7天”或“近30天”');
  if (state.agent !== '') hints.push('把坐席改为“全部”');
  if (state.status !== '' || state.outcome !== '' || state.side !== '') hints.push('放宽 TCCC 结果、坐席小结或挂断方');
  if (state.phone !== '') hints.push('检查号码片段是否输入正确');
  if ([state.rec !== '', state.note !== '', state.mismatch, state.callback !== ''].includes(true))
    hints.push('去掉录音、备注、“不一致”或“只看待回拨”条件');
  if (hints.length === 0) hints.push('这段时间还没有坐席上传通话：请确认坐席手机已绑定并联网');
  return html`<div class="empty" role="status">
    <p><strong>没有符合条件的通话。</strong></p>
    <ul>
      ${hints.map((hint) => html`<li>${hint}</li>`)}
    </ul>
    <p><a href="/dashboard/calls">清除全部筛选</a></p>
  </div>`;
}

/** The chart and the per-agent table; left out when nothing matched, so the empty state comes first. */
function numbersPanels(data: CallsPageData): SafeHtml {
  return html`<div class="two">
    <section class="panel chart-panel" aria-labelledby="chart-title">
      <h2 id="chart-title">每日通话与接通</h2>
      <div
        id="day-chart"
        role="img"
        aria-label="每日通话 ${data.numbers.days.map((d) => `${d.day} 通话 ${d.calls} 接通 ${d.connected}`).join('；')}"
      ></div>
    </section>
    ${agentTable(data.numbers, data.state)}
  </div>`;
}

const SORT_LABELS: Record<CallSort, string> = { time: '时间', talk: '通话时长' };

/**
 * A sortable column's header: the order in use is text marked aria-sort (focusable, so focus can stay on the column
 * a click sorted by), the other is a link to the same filter in that order. Links marked data-rows are fetched as
 * the rows part by the page script; without script they load the whole page.
 */
function sortHeader(state: FilterState, sort: CallSort, numeric: boolean): SafeHtml {
  const label = SORT_LABELS[sort];
  const className = numeric ? 'num sort' : 'sort';
  return state.sort === sort
    ? html`<th scope="col" class="${className}" aria-sort="descending">
        <span class="sort-on" id="sort-${sort}" tabindex="-1">${label} ↓</span>
      </th>`
    : html`<th scope="col" class="${className}">
        <a
          href="/dashboard/calls?${stateQuery(state, { sort }).toString()}"
          data-rows="sort"
          title="按${label}从大到小排序"
          >${label}</a
        >
      </th>`;
}

/** The list part (table and pager): the whole page has it, and a sort or page change fetches only it. */
function callList(data: CallRowsData): SafeHtml {
  const { state } = data;
  return html`<div id="call-list" data-sort="${state.sort}">
    ${
      data.calls.length === 0
        ? emptyState(state)
        : html`<table class="calls" aria-describedby="list-title">
            <thead>
              <tr>
                ${sortHeader(state, 'time', false)}
                <th scope="col">坐席</th>
                <th scope="col">客户</th>
                <th scope="col">号码</th>
                <th scope="col">TCCC 结果</th>
                <th scope="col">坐席小结</th>
                ${sortHeader(state, 'talk', true)}
                <th scope="col">挂断方</th>
                <th scope="col">备注</th>
                <th scope="col">录音</th>
              </tr>
            </thead>
            <tbody>
              ${callRows(data.calls)}
            </tbody>
          </table>`
    }
    <nav class="pager" aria-label="翻页">
      ${data.paged ? html`<a href="/dashboard/calls?${stateQuery(state).toString()}" data-rows="first">回到第一页</a>` : ''}
      ${data.nextCursor !== null ? html`<a rel="next" data-rows="next" href="/dashboard/calls?${stateQuery(state).toString()}&cursor=${data.nextCursor}">下一页</a>` : ''}
    </nav>
  </div>`;
}

/** The rows part alone (GET /dashboard/calls?…&part=rows): what a sort or page change replaces. */
export function callRowsPart(data: CallRowsData): string {
  return callList(data).value;
}

export function callsPage(data: CallsPageData): string {
  const { state } = data;
  const body = html`<h1 class="visually-hidden">通话记录</h1>
    ${filterForm(state, data.agents, data.presetRanges)} ${kpis(data.numbers, data.callbacks, state)}
    ${data.numbers.calls === 0 ? '' : numbersPanels(data)}
    <section class="panel" aria-labelledby="list-title">
      <div class="list-head">
        <h2 id="list-title" tabindex="-1">通话列表</h2>
        <span class="exports">
          <button type="button" data-export="csv">导出 CSV</button>
          <button type="button" data-export="xlsx">导出 Excel</button>
          <label class="check"><input type="checkbox" id="export-full" /> 含完整号码</label>
        </span>
      </div>
      <p id="export-progress" class="muted" role="status" aria-live="polite"></p>
      <p id="list-status" class="visually-hidden" role="status" aria-live="polite"></p>
      ${callList(data)}
      <audio id="player" controls hidden></audio>
    </section>`;
  return layout(
    '通话记录',
    data.viewer,
    'calls',
    body,
    html`${jsonScript('day-data', data.numbers.days)}${jsonScript('export-query', data.apiQuery)}
      <link rel="stylesheet" href="/dashboard/assets/uPlot.min.css" />
      <script src="/dashboard/assets/uPlot.iife.min.js" defer></script>`,
  );
}

function row(label: string, value: SafeHtml | string | number | null): SafeHtml {
  return html`<tr>
    <th scope="row">${label}</th>
    <td>${value === null || value === '' ? '—' : value}</td>
  </tr>`;
}

const REMINDER_LABELS: Record<CallbackBooking['reminder'], string> = {
  waiting: '微信到时提醒',
  sending: '微信提醒发送中',
  sent: '微信已提醒',
  refused: '微信拒发提醒，坐席手机本机提醒',
  failed: '微信提醒发送失败，坐席手机本机提醒',
  cancelled: '微信提醒已取消',
  'no-permission': '坐席未允许微信提醒，手机本机提醒',
  phone: '手机本机提醒（未配置微信提醒模板）',
};

/** The call's callback as the phone last reported it: due time, state and who reminds. */
function callbackText(callback: CallbackBooking | null, outcome: string, now: number): string {
  if (callback === null) return outcome === CALLBACK_OUTCOME ? '坐席手机未上报回拨时间' : '无';
  const due = `预约 ${formatTime(callback.dueAt).slice(0, 16)}`;
  if (callback.status === 'done') return `已完成 · ${due} · 完成于 ${formatTime(callback.closedAt).slice(0, 16)}`;
  if (callback.status === 'cancelled') return `已取消 · ${due}`;
  return `${callback.dueAt < now ? '已逾期' : '待回拨'} · ${due} · ${REMINDER_LABELS[callback.reminder]}`;
}

export function callPage(viewer: Viewer, call: CallDetail, now: number): string {
  const cdr = call.cdr;
  const key = `${call.agentId}/${call.id}`;
  const body = html`<p><a href="/dashboard/calls">← 返回通话记录</a></p>
    <h1>
      ${call.name || '未命名客户'} · <span data-phone="${key}">${call.phone}</span>
      <button type="button" class="link small" data-reveal="${key}">显示完整号码</button>
    </h1>
    <div class="two">
      <section class="panel" aria-labelledby="phone-side">
        <h2 id="phone-side">手机记录（坐席 ${call.agentName}）</h2>
        <table class="kv">
          ${row('开始拨打', formatTime(call.startedAt))} ${row('从 TCCC 返回', formatTime(call.returnedAt))}
          ${row('手机端结果', phoneState(call.state))} ${row('手机端通话时长', formatSeconds(call.duration))}
          ${row('挂断方', CLOSE_BY_LABELS[call.closeBy] ?? call.closeBy)} ${row('坐席小结', call.outcome || '未小结')}
          ${row('备注', call.note)} ${row('回拨', callbackText(call.callback, call.outcome, now))}
          ${row('UUI', call.uui)} ${row('版本', call.revision)}
        </table>
      </section>
      <section class="panel" aria-labelledby="cdr-side">
        <h2 id="cdr-side">TCCC 话单</h2>
        ${
          cdr === null
            ? html`<p class="empty">还没有这通电话的话单：TCCC 推送可能延迟，对账每 10 分钟补一次。</p>`
            : html`<table class="kv">
                  ${row('结束状态', html`<span class="status s-${cdr.endStatus ?? 'unknown'}">${cdr.endStatusLabel}</span> <code>${cdr.endStatus ?? ''}</code>`)}
                  ${row('开始', formatTs(cdr.startTs))} ${row('振铃', formatTs(cdr.ringTs))}
                  ${row('接听', formatTs(cdr.acceptTs))} ${row('结束', formatTs(cdr.endedTs))}
                  ${row('通话时长', formatSeconds(cdr.duration))}
                  ${row('挂断方', cdr.hungUpSide === null ? null : (HUNG_UP_SIDES[cdr.hungUpSide] ?? cdr.hungUpSide))}
                  ${row('坐席账号', cdr.seatUserId)} ${row('排队', cdr.queue)} ${row('技能组', cdr.skillGroup)}
                  ${row('转接', cdr.transfers.length === 0 ? '无' : cdr.transfers.join(' → '))}
                  ${row('关联方式', cdr.joinedBy === 'uui' ? 'UUI' : 'sessionId')}
                  ${row(
                    'sessionId',
                    html`<code id="session-id">${cdr.sessionId}</code>
                      <button type="button" class="link small" data-copy="session-id">复制</button>`,
                  )}
                  ${row(
                    '录音',
                    cdr.recordings.length === 0
                      ? '无'
                      : html`<button type="button" data-play="${key}">播放录音</button>
                          <audio id="player" controls hidden></audio>`,
                  )}
                </table>
                <details>
                  <summary>原始话单 JSON（号码已隐藏）</summary>
                  <pre>${cdr.raw}</pre>
                </details>`
        }
      </section>
    </div>`;
  return layout('通话详情', viewer, 'calls', body);
}

export interface AgentRow {
  id: number;
  name: string;
  seatUserId: string;
  disabled: boolean;
  createdAt: number;
  /** When a phone last bound, null when none has. */
  boundAt: number | null;
  /** An unused, unexpired bind code is waiting (its text is never shown again). */
  codeExpiresAt: number | null;
}

export function agentsPage(viewer: Viewer, agents: readonly AgentRow[]): string {
  const body = html`<h1>坐席管理</h1>
    <section class="panel" aria-labelledby="new-agent">
      <h2 id="new-agent">新建坐席</h2>
      <form id="agent-form" class="inline">
        <label for="a-name">姓名</label><input id="a-name" name="name" required maxlength="64" />
        <label for="a-seat">TCCC 坐席账号</label
        ><input id="a-seat" name="seatUserId" required maxlength="128" placeholder="name@example.com" />
        <button type="submit" class="primary">创建</button>
        <p class="error" role="alert" id="agent-error"></p>
      </form>
    </section>
    <section id="bind-result" class="panel" hidden aria-live="polite"></section>
    <section class="panel" aria-labelledby="agent-list">
      <h2 id="agent-list">坐席</h2>
      <table class="agents">
        <thead>
          <tr>
            <th scope="col">姓名</th>
            <th scope="col">坐席账号</th>
            <th scope="col">状态</th>
            <th scope="col">手机绑定</th>
            <th scope="col">操作</th>
          </tr>
        </thead>
        <tbody>
          ${agents.map(
            (agent) =>
              html`<tr data-agent="${agent.id}">
                <td>${agent.name}</td>
                <td><code>${agent.seatUserId}</code></td>
                <td>${agent.disabled ? html`<span class="muted">已停用</span>` : '在用'}</td>
                <td>
                  ${agent.boundAt === null ? (agent.codeExpiresAt === null ? '未绑定' : `绑定码有效至 ${formatTime(agent.codeExpiresAt)}`) : `已绑定 ${formatTime(agent.boundAt)}`}
                </td>
                <td class="ops">
                  ${
                    agent.disabled
                      ? ''
                      : html`<button type="button" data-bind="${agent.id}" data-name="${agent.name}">发放绑定码</button>
                          <button
                            type="button"
                            data-edit-seat="${agent.id}"
                            data-seat="${agent.seatUserId}"
                            data-name="${agent.name}"
                          >
                            修改坐席账号
                          </button>
                          <button type="button" class="danger" data-disable="${agent.id}" data-name="${agent.name}">
                            停用
                          </button>`
                  }
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </section>`;
  return layout('坐席管理', viewer, 'agents', body);
}

export interface AuditRow {
  id: number;
  at: number;
  userName: string;
  action: string;
  detail: string;
}

export const AUDIT_ACTIONS: Record<string, string> = {
  'call.reveal': '查看完整号码',
  'call.export': '导出（隐藏号码）',
  'call.export.full': '导出（完整号码）',
  'call.recording': '播放录音',
  'call.search': '按号码搜索',
  'agent.create': '新建坐席',
  'agent.update': '修改坐席',
  'bindcode.issue': '发放绑定码',
  'agent.bind': '手机绑定',
  'user.disable': '停用用户',
  'staff.create': '新建主管',
  'cdr.backfill': '补录话单',
  'dnc.add': '加入免打扰',
  'dnc.remove': '移出免打扰',
  'dnc.import': '导入免打扰',
};

const KIND_LABELS: Record<string, string> = { agent: '坐席', user: '用户', supervisor: '主管', admin: '管理员' };

/** An audit detail with the users it names by id shown by name (escaped), the id kept in a tooltip. */
function auditDetail(detail: string, names: ReadonlyMap<number, string>): SafeHtml {
  return html`${detailParts(detail).map((part) => {
    // An export's filter holds epoch ms: shown as Shanghai time (to is exclusive: the midnight after the last day).
    if (typeof part === 'string')
      return part.replace(
        /"(from|to)":(\d{12,13})\b/g,
        (_, key: string, ms: string) => `"${key}":"${formatTime(Number(ms))}"`,
      );
    const name = names.get(part.userId) ?? `#${part.userId}`;
    if (part.callId !== undefined) {
      const href = `/dashboard/calls/${part.userId}/${encodeURIComponent(part.callId)}`;
      return html`<a href="${href}" title="坐席 #${part.userId}">${name} 的通话 ${part.callId}</a>`;
    }
    const kind = KIND_LABELS[part.kind];
    return html`${kind === undefined ? '' : `${kind} `}<span class="user" title="用户 #${part.userId}">${name}</span>`;
  })}`;
}

export function auditPage(
  viewer: Viewer,
  rows: readonly AuditRow[],
  action: string,
  nextBefore: number | null,
  names: ReadonlyMap<number, string> = new Map(),
): string {
  const body = html`<h1>审计日志</h1>
    <form class="filters" method="get" action="/dashboard/admin/audit">
      ${select('action', '操作', action, AUDIT_ACTIONS)}
      <div class="actions"><button type="submit" class="primary">筛选</button></div>
    </form>
    <section class="panel">
      ${
        rows.length === 0
          ? html`<p class="empty">没有记录。</p>`
          : html`<table class="audit">
              <thead>
                <tr>
                  <th scope="col">时间</th>
                  <th scope="col">操作人</th>
                  <th scope="col">操作</th>
                  <th scope="col">对象</th>
                </tr>
              </thead>
              <tbody>
                ${rows.map(
                  (r) =>
                    html`<tr>
                      <td>${formatTime(r.at)}</td>
                      <td>${r.userName}</td>
                      <td>${AUDIT_ACTIONS[r.action] ?? r.action}</td>
                      <td class="detail">${auditDetail(r.detail, names)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
      ${nextBefore !== null ? html`<nav class="pager"><a rel="next" href="/dashboard/admin/audit?before=${nextBefore}${action === '' ? '' : `&action=${encodeURIComponent(action)}`}">更早</a></nav>` : ''}
    </section>`;
  return layout('审计日志', viewer, 'audit', body);
}

export interface DncRow {
  id: number;
  phone: string;
  reason: string;
  expiresAt: number | null;
  expired: boolean;
  createdAt: number;
  createdBy: string;
}

export function dncPage(viewer: Viewer, rows: readonly DncRow[], q: string, nextCursor: string | null): string {
  const body = html`<h1>团队免打扰名单</h1>
    <p class="muted">名单上的号码，坐席手机会拒绝拨打。号码只显示隐藏后的样子。</p>
    <div class="two">
      <section class="panel" aria-labelledby="dnc-add-title">
        <h2 id="dnc-add-title">添加号码</h2>
        <form id="dnc-add" class="inline">
          <label for="d-phone">号码</label
          ><input id="d-phone" name="phone" required maxlength="40" inputmode="tel" size="14" />
          <label for="d-reason">原因</label><input id="d-reason" name="reason" required maxlength="64" size="12" />
          <label for="d-expires">到期日（可空）</label
          ><input id="d-expires" name="expires" type="date" aria-describedby="d-expires-text" />
          <span class="range-text" id="d-expires-text" aria-live="polite">不填为长期</span>
          <button type="submit" class="primary">添加</button>
          <p class="error" role="alert" id="dnc-add-error"></p>
        </form>
      </section>
      <section class="panel" aria-labelledby="dnc-import-title">
        <h2 id="dnc-import-title">批量导入</h2>
        <form id="dnc-import">
          <label for="d-lines">每行一个：号码,原因（原因可空）</label>
          <textarea id="d-lines" name="lines" rows="4" cols="40" required></textarea>
          <div class="inline">
            <label for="d-import-reason">默认原因</label
            ><input id="d-import-reason" name="reason" maxlength="64" value="导入" />
            <button type="submit">导入</button>
          </div>
          <p class="error" role="alert" id="dnc-import-result"></p>
        </form>
      </section>
    </div>
    <form class="filters" method="get" action="/dashboard/admin/dnc" role="search">
      <div class="field">
        <label for="d-q">搜索号码或原因</label><input id="d-q" name="q" value="${q}" maxlength="40" />
      </div>
      <div class="actions"><button type="submit" class="primary">搜索</button></div>
    </form>
    <section class="panel">
      ${
        rows.length === 0
          ? html`<p class="empty">${q === '' ? '名单是空的。' : '没有匹配的号码，换个关键词试试。'}</p>`
          : html`<table class="dnc">
              <thead>
                <tr>
                  <th scope="col">号码</th>
                  <th scope="col">原因</th>
                  <th scope="col">到期</th>
                  <th scope="col">添加人</th>
                  <th scope="col">添加时间</th>
                  <th scope="col">操作</th>
                </tr>
              </thead>
              <tbody>
                ${rows.map(
                  (r) =>
                    html`<tr>
                      <td class="phone">${r.phone}</td>
                      <td>${r.reason}</td>
                      <td>
                        ${r.expiresAt === null ? '长期' : html`${formatTime(r.expiresAt).slice(0, 10)}${r.expired ? html` <span class="muted">已过期</span>` : ''}`}
                      </td>
                      <td>${r.createdBy}</td>
                      <td>${formatTime(r.createdAt)}</td>
                      <td>
                        <button type="button" class="danger" data-dnc-remove="${r.id}" aria-label="移除 ${r.phone}">
                          移除
                        </button>
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
      ${nextCursor !== null ? html`<nav class="pager"><a rel="next" href="/dashboard/admin/dnc?q=${encodeURIComponent(q)}&cursor=${nextCursor}">更多</a></nav>` : ''}
    </section>`;
  return layout('免打扰名单', viewer, 'dnc', body);
}
