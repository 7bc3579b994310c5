/**
 * The simulated TCCC outbound-call mini program (wx49e8ab828096cff3): a call screen that shows what
 * TCCC shows, a developer panel with the parsed path parameters, and the ways a call can end.
 */

import { TCCC_APP_ID } from '../../wx-fake/wx';
import { CDR_END_STATUSES, type CallEndReport, type CdrEndStatus } from '../contract';

export { TCCC_APP_ID };

export type CloseBy = 'seat' | 'client' | 'admin';

export interface TcccExtraData {
  sessionId: string;
  duration: number;
  closeBy: CloseBy;
}

export interface MiniProgramLaunch {
  appId: string;
  path: string;
  envVersion: string | undefined;
  extraData: unknown;
  /** 'half': opened by wx.openEmbeddedMiniProgram and shown as WeChat's half-screen sheet over the host. */
  shownAs?: 'full' | 'half';
}

/** Shows the layer over the host: full screen, or as the half-screen sheet with the host dimmed above it. */
export function showAwayLayer(layer: HTMLElement, screen: HTMLElement, shownAs: 'full' | 'half' = 'full'): void {
  layer.classList.toggle('sim-away--half', shownAs === 'half');
  layer.replaceChildren(screen);
  layer.hidden = false;
}

export function hideAwayLayer(layer: HTMLElement): void {
  layer.hidden = true;
  layer.classList.remove('sim-away--half');
  layer.replaceChildren();
}

export interface TcccHandlers {
  /** The other mini program closes: extraData undefined means none came back (capsule, system back). */
  finish(extraData: TcccExtraData | undefined): void;
  sessionId(): string;
  /** A call was placed and ended: TCCC's side (the CDR push) happens on the simulator's Node server. */
  callEnded(report: CallEndReport): void;
}

const REQUIRED = ['sdkAppId', 'userId', 'calleePhone'];
const UUI_LIMIT_BYTES = 1024;
const CLOSE_BY_TEXT: Record<CloseBy, string> = { seat: '坐席挂断', client: '客户挂断', admin: '系统挂断' };
const END_STATUS_TEXT: Record<CdrEndStatus | 'auto', string> = {
  auto: '按挂断方式',
  ok: '已接通 ok',
  notAnswer: '无人接听 notAnswer',
  busy: '忙线 busy',
  numberNotExist: '空号 numberNotExist',
  userReject: '拒接 userReject',
  powerOff: '关机 powerOff',
};
const PHONE_LIKE = /(?:\+?86|0086)?1[3-9]\d{9}|0\d{9,11}/;

/** The display rule of GB/T 35273: keep the first 3 and last 4 digits, e.g. 138****8000. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length >= 7) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  return digits.length > 4 ? `****${digits.slice(-4)}` : '****';
}

export interface ParsedCallPath {
  page: string;
  params: [string, string][];
  warnings: string[];
}

/** Reads TCCC's path the way TCCC would: values URL-decoded, with what a developer should know flagged. */
export function parseCallPath(path: string, envVersion: string | undefined): ParsedCallPath {
  const [page = '', query = ''] = path.split('?', 2);
  const params: [string, string][] = [];
  const warnings: string[] = [];
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const index = pair.indexOf('=');
    const key = index < 0 ? pair : pair.slice(0, index);
    const raw = index < 0 ? '' : pair.slice(index + 1);
    let value = raw;
    try {
      value = decodeURIComponent(raw);
    } catch {
      warnings.push(`参数 ${key} 未正确做 URL 编码`);
    }
    params.push([key, value]);
  }
  const get = (key: string) => params.find(([k]) => k === key)?.[1];
  if (page !== '/pages/call/call' && page !== 'pages/call/call') warnings.push('path 应为 /pages/call/call?…');
  for (const key of REQUIRED) if ((get(key) ?? '') === '') warnings.push(`缺少必填参数 ${key}`);
  const uui = get('uui') ?? '';
  if (new TextEncoder().encode(uui).length > UUI_LIMIT_BYTES) warnings.push(`uui 超过 ${UUI_LIMIT_BYTES} 字节`);
  if (PHONE_LIKE.test(uui)) warnings.push('uui 中疑似含有电话号码：个人信息不应放进 uui');
  if (envVersion !== undefined && envVersion !== 'release') {
    warnings.push(`envVersion=${envVersion} 只在宿主本身是开发版或体验版时生效`);
  }
  return { page, params, warnings };
}

function node<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string) {
  const element = document.createElement(tag);
  element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}

function button(className: string, text: string, onClick: () => void): HTMLButtonElement {
  const element = node('button', className, text);
  element.type = 'button';
  element.addEventListener('click', onClick);
  return element;
}

/** The TCCC screen, drawn into the layer that covers the host while it is away. */
export class TcccMiniProgram {
  constructor(
    private readonly layer: HTMLElement,
    private readonly handlers: TcccHandlers,
  ) {}

  open(launch: MiniProgramLaunch): void {
    const parsed = parseCallPath(launch.path, launch.envVersion);
    const get = (key: string) => parsed.params.find(([k]) => k === key)?.[1] ?? '';
    const remark = get('calleeRemark');
    const screen = node('div', 'sim-mp sim-tccc');
    screen.dataset['appId'] = launch.appId;
    screen.appendChild(this.navigationBar('腾讯云呼叫中心'));
    const body = node('div', 'sim-mp-body');
    const call = node('section', 'sim-tccc-call');
    call.appendChild(node('div', 'sim-tccc-avatar', remark === '' ? '☎' : remark.slice(0, 1)));
    // TCCC shows the remark instead of the number; without one, the number de-identified.
    call.appendChild(node('div', 'sim-tccc-callee', remark === '' ? maskPhone(get('calleePhone')) : remark));
    call.appendChild(node('div', 'sim-tccc-status', '通话中'));
    call.appendChild(node('div', 'sim-tccc-account', `坐席 ${get('userId')}`));
    body.appendChild(call);
    const duration = this.durationInput();
    const endStatus = this.endStatusSelect();
    const ended = (closeBy: CloseBy) => this.hangUp(closeBy, duration, endStatus, get);
    call.appendChild(button('sim-tccc-hangup', '挂断', () => ended('seat')));
    body.appendChild(this.developerPanel(launch, parsed, duration, endStatus, ended));
    screen.appendChild(body);
    showAwayLayer(this.layer, screen, launch.shownAs);
  }

  private navigationBar(title: string): HTMLElement {
    const bar = node('div', 'sim-mp-nav');
    bar.appendChild(node('div', 'sim-mp-nav-title', title));
    const capsule = node('div', 'sim-capsule');
    capsule.appendChild(node('span', 'sim-capsule-more'));
    capsule.appendChild(node('span', 'sim-capsule-divider'));
    // Leaving with the capsule: WeChat returns to the host with no extraData at all.
    capsule
      .appendChild(button('sim-capsule-close sim-tccc-capsule-close', '', () => this.close(undefined)))
      .setAttribute('aria-label', '关闭');
    bar.appendChild(capsule);
    return bar;
  }

  private durationInput(): HTMLInputElement {
    const input = node('input', 'sim-tccc-duration');
    input.type = 'number';
    input.min = '0';
    input.value = '42';
    input.setAttribute('aria-label', '通话时长（秒）');
    return input;
  }

  private endStatusSelect(): HTMLSelectElement {
    const select = node('select', 'sim-tccc-end-status');
    for (const value of ['auto', ...CDR_END_STATUSES] as const) {
      const option = node('option', '', END_STATUS_TEXT[value]);
      option.value = value;
      select.appendChild(option);
    }
    select.setAttribute('aria-label', 'TCCC 话单结束状态');
    return select;
  }

  private developerPanel(
    launch: MiniProgramLaunch,
    parsed: ParsedCallPath,
    duration: HTMLInputElement,
    endStatus: HTMLSelectElement,
    ended: (closeBy: CloseBy) => void,
  ): HTMLElement {
    const panel = node('section', 'sim-tccc-dev');
    panel.appendChild(node('h3', 'sim-tccc-dev-title', '模拟器 · 开发者面板'));
    const table = node('dl', 'sim-tccc-params');
    const rows: [string, string][] = [['path', parsed.page], ...parsed.params];
    if (launch.envVersion !== undefined) rows.push(['envVersion', launch.envVersion]);
    if (launch.extraData !== undefined) rows.push(['extraData', JSON.stringify(launch.extraData)]);
    for (const [key, value] of rows) {
      table.appendChild(node('dt', '', key));
      table.appendChild(node('dd', '', value === '' ? '（空）' : value));
    }
    panel.appendChild(table);
    for (const warning of parsed.warnings) panel.appendChild(node('p', 'sim-tccc-warning', `⚠ ${warning}`));

    const controls = node('div', 'sim-tccc-controls');
    const durationRow = node('label', 'sim-tccc-duration-row', '接通时长 ');
    durationRow.appendChild(duration);
    durationRow.appendChild(document.createTextNode(' 秒后'));
    controls.appendChild(durationRow);
    const statusRow = node('label', 'sim-tccc-duration-row', '话单状态 ');
    statusRow.appendChild(endStatus);
    controls.appendChild(statusRow);
    const hangups = node('div', 'sim-tccc-buttons');
    for (const closeBy of Object.keys(CLOSE_BY_TEXT) as CloseBy[]) {
      hangups.appendChild(
        button(`sim-tccc-end sim-tccc-end--${closeBy}`, CLOSE_BY_TEXT[closeBy], () => ended(closeBy)),
      );
    }
    controls.appendChild(hangups);
    const others = node('div', 'sim-tccc-buttons');
    others.appendChild(
      button('sim-tccc-end sim-tccc-end--not-placed', '未呼出（sessionId 为空）', () =>
        this.close({ sessionId: '', duration: 0, closeBy: 'seat' }),
      ),
    );
    others.appendChild(
      button('sim-tccc-end sim-tccc-end--capsule', '胶囊退出（无 extraData）', () => this.close(undefined)),
    );
    controls.appendChild(others);
    panel.appendChild(controls);
    return panel;
  }

  private hangUp(
    closeBy: CloseBy,
    duration: HTMLInputElement,
    endStatus: HTMLSelectElement,
    param: (key: string) => string,
  ): void {
    const seconds = Math.max(0, Math.floor(Number(duration.value) || 0));
    const sessionId = this.handlers.sessionId();
    this.handlers.callEnded({
      sessionId,
      sdkAppId: param('sdkAppId'),
      userId: param('userId'),
      calleePhone: param('calleePhone'),
      uui: param('uui'),
      closeBy,
      duration: seconds,
      endStatus: endStatus.value as CdrEndStatus | 'auto',
    });
    this.close({ sessionId, duration: seconds, closeBy });
  }

  private close(extraData: TcccExtraData | undefined): void {
    hideAwayLayer(this.layer);
    this.handlers.finish(extraData);
  }
}

/** Any other mini program: a placeholder screen that can only be left, with no extraData. */
export function openOtherMiniProgram(
  layer: HTMLElement,
  appId: string,
  leave: () => void,
  shownAs: 'full' | 'half' = 'full',
): void {
  const screen = node('div', 'sim-mp');
  const bar = node('div', 'sim-mp-nav');
  bar.appendChild(node('div', 'sim-mp-nav-title', appId));
  screen.appendChild(bar);
  const body = node('div', 'sim-mp-body sim-mp-other');
  body.appendChild(node('p', '', `模拟器只模拟腾讯云呼叫中心（${TCCC_APP_ID}）。`));
  body.appendChild(
    button('sim-tccc-end', '返回（无 extraData）', () => {
      hideAwayLayer(layer);
      leave();
    }),
  );
  screen.appendChild(body);
  showAwayLayer(layer, screen, shownAs);
}
