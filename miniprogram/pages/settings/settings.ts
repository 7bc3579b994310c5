/** Settings page: the agent's TCCC account and options validated field by field, outcome codes, and stored data. */

import {
  AgentSettings,
  AgentSettingsErrors,
  DEFAULT_AGENT_SETTINGS,
  EnvVersion,
  SoundMode,
  validateOutcomeCodes,
} from '../../core/agentSettings';
import { describeStorageUsage, StorageUsageView } from '../../core/storageUsage';
import { clearCalls, countCalls, quarantineExport, quarantineSummary } from '../../services/callLog';
import { writeClipboard } from '../../services/clipboard';
import { clearCallbacks, dueCallbacks } from '../../services/callbackStore';
import { clearContacts, countContacts } from '../../services/contactStore';
import { clearDoNotCall, countDoNotCall } from '../../services/doNotCallStore';
import { loadAgentSettings, saveAgentSettings } from '../../services/settingsStore';
import { readStorageUsage } from '../../services/storage';
import { isAccountFromTeam, loadCallSettings } from '../../services/teamAccount';
import { refreshWrapUpBadge } from '../../services/wrapUp';
import { clearOutbox, outboxStatus } from '../../services/outbox';
import { clearTcccOutcomes } from '../../services/tcccOutcome';
import { readTeamSession } from '../../services/teamSession';
import { halfScreenUnavailable } from '../../services/tcccJump';

type TextField =
  | 'sdkAppId'
  | 'userId'
  | 'autoExitTime'
  | 'skillGroupId'
  | 'callerPhoneNumber'
  | 'callingHoursStart'
  | 'callingHoursEnd';
type SwitchField = 'sendRemark' | 'maskNumbers' | 'halfScreen';
type FieldEvent = VantEvent<string, { field: TextField }>;
type SwitchEvent = VantEvent<boolean, { field: SwitchField }>;
/** What components/outcome-codes-editor says: the new list, or why a code was refused. */
type CodesEvent = WechatMiniprogram.CustomEvent<{ codes: string[] }>;
type RefuseEvent = WechatMiniprogram.CustomEvent<{ message: string }>;

const ENV_CHOICES: { value: EnvVersion; label: string }[] = [
  { value: 'release', label: '正式版' },
  { value: 'trial', label: '体验版' },
  { value: 'develop', label: '开发版' },
];
const SOUND_CHOICES: { value: SoundMode; label: string }[] = [
  { value: '', label: 'TCCC 默认' },
  { value: 'speaker', label: '扬声器' },
  { value: 'ear', label: '听筒' },
];
const HALF_SCREEN_LABEL = 'TCCC 从底部半屏打开，少一步确认；需管理员在小程序后台把 TCCC 加入半屏小程序';
const NOT_CONFIGURED_NOTICE = '拨打电话前，请先填写 TCCC 的 SDKAppID 和坐席账号并保存。';
/** WeChat shows this on the navigation bar's back and Android's back key while changes are unsaved. */
const LEAVE_QUESTION = '设置还没有保存，返回将丢弃这些修改。确定返回？';

/** 有 N 条通话记录无法读取, said only when damaged call data is kept aside. */
function damagedCallsText(): string {
  const kept = quarantineSummary();
  if (kept.entries === 0) return '';
  if (kept.countUnknown) return kept.calls > 0 ? `有 ${kept.calls} 条以上通话记录无法读取` : '有通话记录无法读取';
  return `有 ${kept.calls} 条通话记录无法读取`;
}

function labelOf<T>(choices: { value: T; label: string }[], value: T): string {
  return choices.find((c) => c.value === value)?.label ?? String(value);
}

interface SettingsData {
  notice: string;
  /** Bound to a team: SDKAppID and seat come from the server and are shown read-only. */
  teamBound: boolean;
  sdkAppId: string;
  userId: string;
  envVersion: EnvVersion;
  envLabel: string;
  soundMode: SoundMode;
  soundLabel: string;
  autoExitTime: string;
  skillGroupId: string;
  callerPhoneNumber: string;
  callingHoursStart: string;
  callingHoursEnd: string;
  sendRemark: boolean;
  maskNumbers: boolean;
  halfScreen: boolean;
  /** What the switch does, or why this WeChat cannot (then calls open full screen). */
  halfScreenLabel: string;
  outcomeCodes: string[];
  errors: AgentSettingsErrors;
  dirty: boolean;
  storage: StorageUsageView;
  callCount: number;
  /** 有 N 条通话记录无法读取 when damaged call data is kept for support; '' when there is none. */
  damagedCalls: string;
  contactCount: number;
  callbackCount: number;
  dncCount: number;
}

interface SettingsFields {
  /** Opened by a call attempt before the account was set: go back once it is saved. */
  cameForAccount: boolean;
}

type SettingsMethods = {
  onLoad(query: Record<string, string | undefined>): void;
  onShow(): void;
  onUnload(): void;
  markDirty(patch: Record<string, unknown>): void;
  markSaved(): void;
  showSettings(settings: AgentSettings): void;
  refreshData(): void;
  formSettings(): AgentSettings;
  onFieldChange(event: FieldEvent): void;
  onSwitch(event: SwitchEvent): void;
  pick<T>(choices: { value: T; label: string }[], apply: (value: T, label: string) => void): void;
  onPickEnvVersion(): void;
  onPickSoundMode(): void;
  onCodesChange(event: CodesEvent): void;
  onCodesRefused(event: RefuseEvent): void;
  onSave(): void;
  onTeamChange(): void;
  onOpenDnc(): void;
  onClearCalls(): void;
  onCopyDamagedCalls(): void;
  onClearAll(): void;
  confirmThen(title: string, content: string, run: () => void): void;
};

Component<SettingsData, Record<string, never>, SettingsMethods, [], SettingsFields>({
  data: {
    notice: '',
    teamBound: false,
    sdkAppId: '',
    userId: '',
    envVersion: 'release',
    envLabel: '正式版',
    soundMode: '',
    soundLabel: 'TCCC 默认',
    autoExitTime: '',
    skillGroupId: '',
    callerPhoneNumber: '',
    callingHoursStart: DEFAULT_AGENT_SETTINGS.callingHoursStart,
    callingHoursEnd: DEFAULT_AGENT_SETTINGS.callingHoursEnd,
    sendRemark: true,
    maskNumbers: true,
    halfScreen: false,
    halfScreenLabel: HALF_SCREEN_LABEL,
    outcomeCodes: [],
    errors: {},
    dirty: false,
    storage: { text: '', percent: 0, warn: false },
    callCount: 0,
    damagedCalls: '',
    contactCount: 0,
    callbackCount: 0,
    dncCount: 0,
  },
  lifetimes: {
    created() {
      this.cameForAccount = false;
    },
  },
  methods: {
    onLoad(query) {
      this.cameForAccount = query['reason'] === 'not-configured';
      if (this.cameForAccount) this.setData({ notice: NOT_CONFIGURED_NOTICE });
      this.showSettings(loadCallSettings());
    },

    onShow() {
      this.refreshData();
      const unavailable = halfScreenUnavailable();
      const label = unavailable === '' ? HALF_SCREEN_LABEL : `${unavailable}，拨打将以全屏打开`;
      if (label !== this.data.halfScreenLabel) this.setData({ halfScreenLabel: label });
    },

    /** The iOS swipe back is never intercepted by WeChat: at least say that the changes are gone. */
    onUnload() {
      if (this.data.dirty) wx.showToast({ title: '设置未保存，修改已丢弃', icon: 'none' });
    },

    /** Every edit goes through here: the first one asks WeChat to confirm a back tap from now on. */
    markDirty(patch: Record<string, unknown>) {
      if (this.data.dirty) {
        this.setData(patch);
        return;
      }
      wx.enableAlertBeforeUnload({ message: LEAVE_QUESTION });
      this.setData({ ...patch, dirty: true });
    },

    markSaved() {
      wx.disableAlertBeforeUnload({});
      this.setData({ errors: {}, dirty: false, notice: '' });
    },

    showSettings(settings: AgentSettings) {
      this.setData({
        teamBound: isAccountFromTeam(),
        sdkAppId: settings.sdkAppId,
        userId: settings.userId,
        envVersion: settings.envVersion,
        envLabel: labelOf(ENV_CHOICES, settings.envVersion),
        soundMode: settings.soundMode,
        soundLabel: labelOf(SOUND_CHOICES, settings.soundMode),
        autoExitTime: settings.autoExitTime,
        skillGroupId: settings.skillGroupId,
        callerPhoneNumber: settings.callerPhoneNumber,
        callingHoursStart: settings.callingHoursStart,
        callingHoursEnd: settings.callingHoursEnd,
        sendRemark: settings.sendRemark,
        maskNumbers: settings.maskNumbers,
        halfScreen: settings.halfScreen,
        outcomeCodes: settings.outcomeCodes,
      });
    },

    /** The data section: storage against WeChat's quota and what is kept. */
    refreshData() {
      const usage = readStorageUsage();
      this.setData({
        storage: describeStorageUsage(usage.currentSize, usage.limitSize),
        callCount: countCalls(),
        damagedCalls: damagedCallsText(),
        contactCount: countContacts(),
        callbackCount: Object.values(dueCallbacks(Date.now())).reduce((sum, list) => sum + list.length, 0),
        dncCount: countDoNotCall(),
      });
    },

    formSettings(): AgentSettings {
      const d = this.data;
      return {
        ...loadAgentSettings(),
        sdkAppId: d.sdkAppId,
        userId: d.userId,
        envVersion: d.envVersion,
        soundMode: d.soundMode,
        autoExitTime: d.autoExitTime,
        skillGroupId: d.skillGroupId,
        callerPhoneNumber: d.callerPhoneNumber,
        callingHoursStart: d.callingHoursStart,
        callingHoursEnd: d.callingHoursEnd,
        sendRemark: d.sendRemark,
        maskNumbers: d.maskNumbers,
        halfScreen: d.halfScreen,
        outcomeCodes: d.outcomeCodes,
      };
    },

    onFieldChange(event) {
      const field = event.currentTarget.dataset.field;
      const patch: Record<string, string> = { [field]: event.detail };
      if (this.data.errors[field] !== undefined) patch[`errors.${field}`] = '';
      this.markDirty(patch);
    },

    onSwitch(event) {
      this.markDirty({ [event.currentTarget.dataset.field]: event.detail });
    },

    pick(choices, apply) {
      wx.showActionSheet({
        itemList: choices.map((c) => c.label),
        success: (result) => {
          const choice = choices[result.tapIndex];
          if (choice !== undefined) apply(choice.value, choice.label);
        },
      });
    },

    onPickEnvVersion() {
      this.pick(ENV_CHOICES, (envVersion, envLabel) =>
        this.markDirty({ envVersion, envLabel, 'errors.envVersion': '' }),
      );
    },

    onPickSoundMode() {
      this.pick(SOUND_CHOICES, (soundMode, soundLabel) =>
        this.markDirty({ soundMode, soundLabel, 'errors.soundMode': '' }),
      );
    },

    /** components/outcome-codes-editor: a code removed or added, or the defaults back. */
    onCodesChange(event) {
      const codes = event.detail.codes;
      this.markDirty({ outcomeCodes: codes, 'errors.outcomeCodes': validateOutcomeCodes(codes) ?? '' });
    },

    onCodesRefused(event) {
      this.setData({ 'errors.outcomeCodes': event.detail.message });
    },

    onSave() {
      const result = saveAgentSettings(this.formSettings());
      if (!result.ok) {
        this.setData({ errors: result.errors });
        wx.showToast({ title: result.message, icon: 'none' });
        return;
      }
      this.showSettings(result.settings);
      this.markSaved();
      wx.showToast({ title: '已保存', icon: 'success' });
      if (this.cameForAccount) {
        this.cameForAccount = false;
        // Back to the page the call was tapped on; the agent taps call again there.
        wx.navigateBack({ fail: () => undefined });
      }
    },

    /** components/team-bind: bound or unbound; the account fields follow (the server's while bound). */
    onTeamChange() {
      const settings = loadCallSettings();
      this.setData({
        teamBound: isAccountFromTeam(),
        sdkAppId: settings.sdkAppId,
        userId: settings.userId,
        'errors.sdkAppId': '',
        'errors.userId': '',
      });
    },

    /** components/dnc-list: its changes reach the counts through its change event (bound to refreshData). */
    onOpenDnc() {
      const list = this.selectComponent('#dnc-list') as unknown as { open(): void } | null;
      list?.open();
    },

    /** Copies the damaged call data kept aside, for the agent to send to support; WeChat confirms the copy. */
    onCopyDamagedCalls() {
      void writeClipboard(quarantineExport()).then((written) => {
        if (!written.ok) wx.showToast({ title: written.message, icon: 'none' });
      });
    },

    onClearCalls() {
      this.confirmThen('清空通话记录', '所有通话记录和小结将被删除，且无法恢复。建议先在通话记录页导出。', () => {
        clearCalls();
        refreshWrapUpBadge();
        this.refreshData();
        wx.showToast({ title: '已清空', icon: 'success' });
      });
    },

    onClearAll() {
      const bound = readTeamSession() !== null;
      const pending = bound ? outboxStatus().pending : 0;
      // On a team the question says what else goes, and what stays and why: the team's do-not-call list protects
      // customers who asked not to be called, so its copy and the 勿扰 entries on their way to the server stay.
      const content = bound
        ? [
            '联系人、通话记录、回拨、勿扰名单和 TCCC 通话结果都将被删除，且无法恢复；已预约的微信回拨提醒会取消。',
            pending > 0 ? `还有 ${pending} 条通话未同步到团队，清空后不再上传。` : '',
            '团队勿扰名单会保留，以免拨打要求勿扰的客户。设置和团队绑定会保留。',
          ].join('')
        : '联系人、通话记录、回拨和勿扰名单都将被删除，且无法恢复。设置会保留。';
      this.confirmThen('清空全部数据', content, () => {
        // The outbox first: clearing the callbacks then queues the cancellation of their server reminders.
        clearOutbox();
        clearTcccOutcomes();
        clearCalls();
        clearContacts();
        clearCallbacks();
        clearDoNotCall();
        refreshWrapUpBadge();
        this.refreshData();
        wx.showToast({ title: '已清空', icon: 'success' });
      });
    },

    /** Destructive actions ask first; the button is red. No jump follows, so a modal is fine here. */
    confirmThen(title: string, content: string, run: () => void) {
      wx.showModal({
        title,
        content,
        confirmText: '确定',
        confirmColor: '#ee0a24',
        success: (result) => {
          if (result.confirm) run();
        },
      });
    },
  },
});
