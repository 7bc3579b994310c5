/**
 * `npm run screenshots`: a PNG of every page in its main states, plus TCCC's confirmation and call
 * screens, into docs/screenshots/ with an index. Seeded data, a fixed clock and seeded ids: two runs
 * write identical files.
 */

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Browser } from 'playwright-core';
import { FIXED_TIME, LARGEST_FONT_SIZE, launchChromium, SimulatorPage } from './driver';
import { DASHBOARD_SHOT_PREFIX, SCREENSHOTS_DIR } from './paths';
import { startSimulator } from './server';
import { startTeamServer, type TeamServer } from './teamServer';
import { ThemeMode } from './theme';

/** The dark set: the same file names in a folder beside the light pictures. */
export const DARK_FOLDER = 'dark';

export interface Shot {
  file: string;
  caption: string;
  /** Brings the freshly booted simulator (demo data, home page) into the state to picture. */
  prepare(sim: SimulatorPage): Promise<void>;
}

async function openSettings(sim: SimulatorPage): Promise<void> {
  await sim.tapText('设置');
}

async function saveSettings(sim: SimulatorPage): Promise<void> {
  await sim.currentPage().locator('#save').click();
}

/** 张三's number in the demo contacts: the dialer finds him and fills in his name as the remark. */
const CONTACT_NUMBER = '13800138000';
/** A number no demo contact has: nothing fills in a remark. */
const UNKNOWN_NUMBER = '13600136000';
/** 李四's number in the demo contacts. */
const LISI_NUMBER = '13912345678';

/** Types a number on the dialer's keypad, and a remark (the name TCCC shows) when given. */
async function dial(sim: SimulatorPage, remark?: string, number = CONTACT_NUMBER): Promise<void> {
  await sim.tapTab('拨号');
  for (const digit of number) await sim.tapText(digit);
  if (remark !== undefined) await sim.currentPage().locator('input').first().fill(remark);
}

/** Dials and taps 拨打: the app's own jump to TCCC, from a real tap. */
async function callFromDialer(sim: SimulatorPage, remark?: string, number = CONTACT_NUMBER): Promise<void> {
  await dial(sim, remark, number);
  await sim.tapText('拨打');
}

async function inCall(sim: SimulatorPage, remark?: string, number = CONTACT_NUMBER): Promise<void> {
  await callFromDialer(sim, remark, number);
  await sim.answerDialog('允许');
}

async function afterCall(sim: SimulatorPage): Promise<void> {
  await inCall(sim, '张三');
  await sim.endCall('客户挂断', 42);
}

/** The history tab with the stats folded, so the list shows under the filters. */
async function historyList(sim: SimulatorPage): Promise<void> {
  await sim.tapTab('通话记录');
  await sim.currentPage().getByText('收起 ▴').click();
}

/** The team server beside the simulator while the pictures are taken (binding shots need it). */
let team: TeamServer | null = null;
/** A fixed port, so the address in the pictures is the same on every run. */
const SCREENSHOT_TEAM_PORT = 5189;

/** Binds the phone to the team server in settings, as an agent types it; stays on the settings page. */
async function bindPhone(sim: SimulatorPage, as: 'agent' | 'supervisor' = 'agent'): Promise<void> {
  if (team === null) throw new Error('no team server for the binding shots');
  const code = as === 'agent' ? await team.issueDemoBindCode() : await team.issueSupervisorBindCode();
  await openSettings(sim);
  const inputs = sim.currentPage().locator('#team-server input, #team-code input');
  await inputs.nth(0).fill(team.url);
  await inputs.nth(1).fill(code);
  await sim.currentPage().locator('#team-bind').click();
  await sim
    .currentPage()
    .getByText(as === 'agent' ? '已绑定坐席' : '演示主管')
    .first()
    .waitFor();
  // WeChat's toast (1.5 s) gone, so the picture shows the page.
  await sim.page.waitForTimeout(1800);
}

/** The named states, driven through the app's own pages. Pages without one still get a picture (everyPage). */
/** Starts the simulator again on other demo data (`?demo=` parts), as 重置演示数据 does. */
async function reseed(sim: SimulatorPage, parts: string): Promise<void> {
  const url = new URL(sim.page.url());
  url.searchParams.set('demo', parts);
  await sim.load(url.toString());
  await sim.control('reset');
}

export const SHOTS: Shot[] = [
  { file: '01-contacts.png', caption: '联系人 (home tab)', prepare: async () => undefined },
  {
    file: '01b-contacts-10000.png',
    caption: '联系人 with 10,030 contacts and two callbacks: an even pick of letters fits beside the list',
    prepare: (sim) => reseed(sim, 'settings,contacts,callbacks,many-contacts'),
  },
  { file: '02-dialer.png', caption: '拨号 tab', prepare: (sim) => sim.tapTab('拨号') },
  { file: '03-dialer-number.png', caption: '拨号 with a number typed on the keypad', prepare: (sim) => dial(sim) },
  { file: '04-history.png', caption: '通话记录 tab', prepare: (sim) => sim.tapTab('通话记录') },
  { file: '05-settings.png', caption: '设置: the TCCC account (demo values)', prepare: openSettings },
  {
    file: '06-settings-saved.png',
    caption: '设置: a changed SDKAppID saved, with WeChat’s success toast',
    prepare: async (sim) => {
      await openSettings(sim);
      await sim.currentPage().locator('#sdkAppId input').fill('1400000001');
      await saveSettings(sim);
    },
  },
  {
    file: '07-settings-invalid.png',
    caption: '设置: an empty SDKAppID is refused beside the field',
    prepare: async (sim) => {
      await openSettings(sim);
      await sim.currentPage().locator('#sdkAppId input').fill('');
      await saveSettings(sim);
    },
  },
  {
    file: '08-tccc-confirm.png',
    caption: 'WeChat asks before opening TCCC (允许 / 取消)',
    prepare: (sim) => callFromDialer(sim),
  },
  {
    file: '09-tccc-call-masked.png',
    caption: 'TCCC’s call screen for a number that is no contact: no remark, so the number de-identified',
    prepare: async (sim) => {
      await inCall(sim, undefined, UNKNOWN_NUMBER);
      // The caption's claim, checked: TCCC got no remark and shows the number de-identified.
      const screen = (await sim.page.locator('#sim-away').textContent()) ?? '';
      if (screen.includes('calleeRemark') || !screen.includes('136****6000'))
        throw new Error('09-tccc-call-masked.png: TCCC shows a remark, not the de-identified number');
    },
  },
  {
    file: '10-tccc-call-remark.png',
    caption: 'TCCC’s call screen shows the remark instead of the number',
    prepare: (sim) => inCall(sim, '张三'),
  },
  {
    file: '10b-tccc-half-screen.png',
    caption: '半屏拨打 on (设置): TCCC opens at once as WeChat’s half-screen sheet over the app, no confirmation',
    prepare: async (sim) => {
      await openSettings(sim);
      await sim.currentPage().locator('#halfScreen').click();
      await saveSettings(sim);
      await sim.page.waitForTimeout(1600);
      await sim.back();
      await callFromDialer(sim, '张三');
      await sim.away().locator('.sim-tccc-callee').waitFor();
    },
  },
  { file: '11-after-call.png', caption: 'back in the app after “client hung up after 42 s”', prepare: afterCall },
  {
    file: '12-history-after-call.png',
    caption: '通话记录 after that call, stats folded: the call on top, 待小结',
    prepare: async (sim) => {
      await afterCall(sim);
      await historyList(sim);
    },
  },
  {
    file: '14-wrap-up-second-call.png',
    caption: '小结 for a second call: 张三 was wrapped up with a note, and 李四’s sheet opens empty',
    prepare: async (sim) => {
      await afterCall(sim);
      await sim.currentPage().locator('#note textarea').fill('客户想了解套餐价格，下周再联系');
      await sim.currentPage().getByText('有意向').click();
      await sim.currentPage().locator('#save').click();
      // WeChat's 已保存 toast lasts 1.5 s: let it go, so the picture shows only the second sheet.
      await sim.page.waitForTimeout(1600);
      await inCall(sim, undefined, LISI_NUMBER);
      await sim.endCall('客户挂断', 0);
      // The sheet opens on a later turn: read its box once it names 李四.
      await sim.currentPage().locator('[class*="wrap-up__title"]', { hasText: '李四' }).waitFor();
      // The caption's claim, checked: nothing of 张三's note is on 李四's sheet.
      const note = await sim.currentPage().locator('#note textarea').inputValue();
      if (note !== '') throw new Error(`14-wrap-up-second-call.png: the second sheet shows a note (${note})`);
    },
  },
  {
    file: '15-dialer-recent-masked.png',
    caption: '拨号 after tapping a 最近 chip: the filled-in number masked, its name in 备注名',
    prepare: async (sim) => {
      await sim.tapTab('拨号');
      await sim.currentPage().locator('#recent-0').click();
    },
  },
  {
    file: '16-export-sheet.png',
    caption: '通话记录 → 导出: the export sheet (Excel 表格 or CSV, masked unless confirmed)',
    prepare: async (sim) => {
      await sim.tapTab('通话记录');
      await sim.currentPage().getByText('导出', { exact: true }).first().click();
    },
  },
  {
    file: '01c-contacts-largest-font.png',
    caption: '联系人 at WeChat’s largest font size (字体大小 最大): numbers whole, names give way',
    prepare: (sim) => sim.setFontSize(LARGEST_FONT_SIZE),
  },
  {
    file: '03b-dialer-largest-font.png',
    caption: '拨号 with a number at WeChat’s largest font size: the number and 拨打 whole',
    prepare: async (sim) => {
      await sim.setFontSize(LARGEST_FONT_SIZE);
      await dial(sim);
    },
  },
  {
    file: '11b-after-call-largest-font.png',
    caption: '小结 after a call at WeChat’s largest font size: the number, 重拨 and 保存 whole',
    prepare: async (sim) => {
      await sim.setFontSize(LARGEST_FONT_SIZE);
      await afterCall(sim);
    },
  },
  {
    file: '17-settings-team-bound.png',
    caption: '设置 bound to a team: the agent’s name, 已同步, SDKAppID and 坐席账号 from the server, read-only',
    prepare: bindPhone,
  },
  {
    file: '18-history-sync-pending.png',
    caption: '通话记录 while offline: the quiet 1 条待同步 line in the header (the call waits in the outbox)',
    prepare: async (sim) => {
      await bindPhone(sim);
      await sim.back();
      await sim.page.evaluate(() => window.__sim.setOnline(false));
      await afterCall(sim);
      await sim.currentPage().getByText('跳过', { exact: true }).first().click();
      await historyList(sim);
      await sim.currentPage().locator('#sync-status').waitFor();
    },
  },
  {
    file: '19-history-tccc-outcome.png',
    caption: '通话记录 on a bound phone: the simulated TCCC ended the call as 忙线, and TCCC 忙线 shows on its row',
    prepare: async (sim) => {
      await bindPhone(sim);
      await sim.back();
      await callFromDialer(sim, '张三', UNKNOWN_NUMBER);
      await sim.answerDialog('允许');
      await sim.away().locator('.sim-tccc-callee').waitFor();
      await sim.endCall('客户挂断', 0, 'busy');
      await sim.page.waitForTimeout(300);
      await sim.currentPage().getByText('跳过', { exact: true }).first().click();
      await historyList(sim);
      // The push reaches the server, which joins it to the phone's record; the phone asks after the return.
      await sim.currentPage().getByText('TCCC 忙线').first().waitFor({ timeout: 30_000 });
      await sim.currentPage().getByText('条待同步').waitFor({ state: 'detached', timeout: 20_000 });
    },
  },
  {
    file: '20-team-view.png',
    caption: '通话记录 → 团队 on a supervisor’s phone: the team’s calls from the server, stats per agent',
    prepare: async (sim) => {
      await bindPhone(sim, 'supervisor');
      await sim.back();
      await sim.tapTab('通话记录');
      await sim.currentPage().locator('#scope-team').click();
      await sim.currentPage().getByText('138****', { exact: false }).first().waitFor({ timeout: 30_000 });
    },
  },
  {
    file: '13-call-detail.png',
    caption: '通话详情 of the newest demo call (tapped in 通话记录)',
    prepare: async (sim) => {
      await historyList(sim);
      await sim.currentPage().locator('[class*="--row "], [class$="--row"]').first().click();
    },
  },
];

/** Every page of app.json that no named shot covers, opened bare. */
async function everyPage(sim: SimulatorPage, covered: Set<string>): Promise<Shot[]> {
  const pages = await sim.page.evaluate(() => window.__SIM_APP__.routes);
  const tabs = await sim.page.evaluate(() => (window.__SIM_APP__.appJson.tabBar?.list ?? []).map((t) => t.pagePath));
  return pages
    .filter((route) => !covered.has(route))
    .map((route) => ({
      file: `page-${route.split('/').slice(-1)[0] ?? route}.png`,
      caption: `${route}, opened with no parameters`,
      prepare: async (s: SimulatorPage) => {
        await s.page.evaluate(
          ([url, isTab]) => {
            const api = (window as unknown as { wx: Record<string, (o: object) => void> }).wx;
            api[isTab ? 'switchTab' : 'navigateTo']?.({ url, fail: () => undefined });
          },
          [`/${route}`, tabs.includes(route)] as const,
        );
      },
    }));
}

/** Which routes the named shots show, read from the simulator itself after each one. */
async function shoot(browser: Browser, url: string, shot: Shot, dir: string, theme: ThemeMode): Promise<string> {
  const sim = await SimulatorPage.open(browser, url, { deviceScaleFactor: 2, theme });
  try {
    await shot.prepare(sim);
    // Let the app settle (setData callbacks, vant's nextTick) before the picture.
    await sim.page.waitForTimeout(300);
    await sim.screen().screenshot({ path: path.join(dir, shot.file), animations: 'disabled', caret: 'hide' });
    return (await sim.page.locator('#sim-window > .sim-page:not([hidden])').getAttribute('data-route')) ?? '';
  } finally {
    await sim.close();
  }
}

/** The flows' folders beside the single shots (written by the e2e tests), each with its README's title. */
function flowFolders(): { folder: string; title: string }[] {
  if (!fs.existsSync(SCREENSHOTS_DIR)) return [];
  return fs
    .readdirSync(SCREENSHOTS_DIR, { withFileTypes: true })
    .filter(
      (entry) =>
        entry.isDirectory() &&
        entry.name !== DARK_FOLDER &&
        fs.existsSync(path.join(SCREENSHOTS_DIR, entry.name, 'README.md')),
    )
    .map((entry) => {
      const readme = fs.readFileSync(path.join(SCREENSHOTS_DIR, entry.name, 'README.md'), 'utf8');
      const title = /^# (.+)$/m.exec(readme)?.[1] ?? entry.name;
      return { folder: entry.name, title };
    })
    .sort((a, b) => a.folder.localeCompare(b.folder));
}

function writeIndex(shots: Shot[], dir: string): void {
  const flows = flowFolders();
  const lines = [
    '# Screenshots',
    '',
    'Written by `npm run screenshots` (the browser simulator in Chromium, demo data, clock fixed at',
    '2026-11-24 10:00 Asia/Shanghai). Do not edit: run the command again after changing a page.',
    '',
    'Each picture twice: WeChat in light mode, and in dark mode (`dark/`, the same file name).',
    '',
    '| light | dark | state |',
    '| --- | --- | --- |',
    ...shots.map(
      (shot) =>
        `| <img src="${shot.file}" width="250" alt="${shot.caption}"> | ` +
        `<img src="${DARK_FOLDER}/${shot.file}" width="250" alt="${shot.caption} (深色)"> | ${shot.caption} |`,
    ),
    '',
    '## Flows',
    '',
    'Whole flows step by step, written by the end-to-end tests (each folder says how to write its pictures again):',
    '',
    ...flows.map((flow) => `- [${flow.folder}/](${flow.folder}/README.md): ${flow.title}`),
    '',
  ];
  fs.writeFileSync(path.join(dir, 'README.md'), lines.join('\n'));
}

/** Replaces the published set at once: pictures of pages that no longer exist go, the rest are overwritten (the
 * dashboard's pictures are another command's). */
function publish(dir: string, target = SCREENSHOTS_DIR): void {
  fs.mkdirSync(target, { recursive: true });
  const fresh = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((e) => e.name);
  for (const file of fs.readdirSync(target)) {
    if (file.endsWith('.png') && !fresh.includes(file) && !file.startsWith(DASHBOARD_SHOT_PREFIX))
      fs.rmSync(path.join(target, file));
  }
  for (const file of fresh) fs.copyFileSync(path.join(dir, file), path.join(target, file));
}

export async function takeScreenshots(): Promise<void> {
  // Shots go to a scratch folder first, so a failed or concurrent run never leaves a half-written set.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tccc-screenshots-'));
  // SCREENSHOTS_ONLY=17,18 takes only the named shots (file name prefixes) and removes no other picture.
  const only = process.env['SCREENSHOTS_ONLY']?.split(',').filter((prefix) => prefix !== '');
  // Every push on time: a lost one waits for the reconciler (a minute), a late one for 8 s.
  const onTime = { lost: 0, duplicated: 0, late: 0, lateMs: 0 };
  team = await startTeamServer({
    port: SCREENSHOT_TEAM_PORT,
    dataDir: undefined,
    seed: 1,
    log: () => undefined,
    faults: onTime,
    // The team's month ends at the phone's pinned 10:00, so the 团队 rows read as the phone's own do.
    seedAt: Date.parse(FIXED_TIME),
  });
  const running = team;
  const server = await startSimulator({
    port: 0,
    onCallEnded: (report) => running.callEnded(report),
    team: () => ({ url: running.url, issueLoginCode: (openid) => running.issueLoginCode(openid) }),
  });
  const browser = await launchChromium();
  try {
    const darkDir = path.join(dir, DARK_FOLDER);
    fs.mkdirSync(darkDir);
    const covered = new Set<string>();
    for (const shot of SHOTS) {
      if (only !== undefined && !only.some((prefix) => shot.file.startsWith(prefix))) continue;
      covered.add(await shoot(browser, server.url, shot, dir, 'light'));
      await shoot(browser, server.url, shot, darkDir, 'dark');
      console.log(`  ${shot.file} (light, dark)`);
    }
    const probe = await SimulatorPage.open(browser, server.url);
    const rest = await everyPage(probe, only === undefined ? covered : new Set(await namedRoutes(probe)));
    await probe.close();
    if (only !== undefined) {
      writeIndex([...SHOTS, ...rest], dir);
      for (const file of fs.readdirSync(dir)) {
        if (file.endsWith('.png') || file === 'README.md')
          fs.copyFileSync(path.join(dir, file), path.join(SCREENSHOTS_DIR, file));
      }
      for (const file of fs.readdirSync(darkDir))
        fs.copyFileSync(path.join(darkDir, file), path.join(SCREENSHOTS_DIR, DARK_FOLDER, file));
      console.log(`\n✔ ${only.join(', ')} only, light and dark, in ${path.relative(process.cwd(), SCREENSHOTS_DIR)}/`);
      return;
    }
    for (const shot of rest) {
      await shoot(browser, server.url, shot, dir, 'light');
      await shoot(browser, server.url, shot, darkDir, 'dark');
      console.log(`  ${shot.file} (light, dark)`);
    }
    writeIndex([...SHOTS, ...rest], dir);
    publish(dir);
    publish(darkDir, path.join(SCREENSHOTS_DIR, DARK_FOLDER));
    const count = SHOTS.length + rest.length;
    console.log(`\n✔ ${count} screenshots, light and dark, in ${path.relative(process.cwd(), SCREENSHOTS_DIR)}/`);
  } finally {
    await browser.close();
    await server.close();
    await running.close();
    team = null;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The routes the existing pictures show (a partial run keeps the index's list as the full run writes it). */
async function namedRoutes(sim: SimulatorPage): Promise<string[]> {
  const pages = await sim.page.evaluate(() => window.__SIM_APP__.routes);
  const index = fs.existsSync(path.join(SCREENSHOTS_DIR, 'README.md'))
    ? fs.readFileSync(path.join(SCREENSHOTS_DIR, 'README.md'), 'utf8')
    : '';
  return pages.filter((route) => !index.includes(`page-${route.split('/').slice(-1)[0] ?? route}.png`));
}
