/** Call detail page: every field of one call, copy the sessionId, edit the wrap-up, redial, open the contact. */

import { CALLBACK_OUTCOME, DO_NOT_CALL_OUTCOMES } from '../../core/agentSettings';
import { CallDetailView, callDetailView } from '../../core/callDetail';
import { CallRecord } from '../../core/callRecord';
import { tcccOutcomeView } from '../../core/tcccOutcome';
import { callFeed, unsubscribeCallFeed } from '../../behaviors/callFeed';
import { CallChange } from '../../services/callEvents';
import { tcccOutcomeOf } from '../../services/tcccOutcome';
import { readTeamSession } from '../../services/teamSession';
import { callFromTap } from '../../services/callFlow';
import { findCall } from '../../services/callLog';
import { writeClipboard } from '../../services/clipboard';
import { loadAgentSettings } from '../../services/settingsStore';
import { saveWrapUp } from '../../services/wrapUp';

interface DetailData {
  found: boolean;
  view: CallDetailView | null;
  codes: string[];
  outcome: string;
  /** The note as typed, written on every change. */
  note: string;
  /** Bumped whenever a stored note is shown, so the field is drawn anew with exactly that text. */
  noteKey: number;
  noteSize: { minHeight: number };
  dirty: boolean;
  /** Said under the chips when the picked code has a follow-up this page does not set (callback time, do-not-call). */
  outcomeHint: string;
  /** Open van-collapse items: 技术信息 (developer fields, raw extraData) starts folded. */
  openPanels: string[];
}

interface DetailFields {
  record: CallRecord | undefined;
}

type DetailMethods = {
  onLoad(query: Record<string, string | undefined>): void;
  onUnload(): void;
  show(record: CallRecord): void;
  viewOf(record: CallRecord, masked: boolean): CallDetailView;
  onCallChanges(changes: CallChange[]): void;
  onCopySession(): void;
  onPickOutcome(event: WechatMiniprogram.TouchEvent<WechatMiniprogram.IAnyObject, { code: string }>): void;
  onNoteChange(event: VantEvent<string>): void;
  onSaveWrapUp(): void;
  onRedial(): void;
  onPanelsChange(event: VantEvent<string[]>): void;
};

/** Here only the code is changed: booking the callback or adding the number to the list happens in the wrap-up sheet. */
function outcomeHint(outcome: string): string {
  if (outcome === CALLBACK_OUTCOME) return '此处只修改结果；回拨提醒请在通话结束后的小结面板中预约';
  if (DO_NOT_CALL_OUTCOMES.includes(outcome)) return '此处只修改结果；加入勿扰名单请在通话结束后的小结面板中操作';
  return '';
}

Component<DetailData, Record<string, never>, DetailMethods, [typeof callFeed], DetailFields>({
  // The call feed: TCCC's outcome arriving while the page is open is shown at once.
  behaviors: [callFeed],
  data: {
    found: true,
    view: null,
    codes: [],
    outcome: '',
    note: '',
    noteKey: 0,
    // No max height: the whole note shows and the page scrolls.
    noteSize: { minHeight: 48 },
    dirty: false,
    outcomeHint: '',
    openPanels: [],
  },
  lifetimes: {
    created() {
      this.record = undefined;
    },
  },
  methods: {
    onLoad(query) {
      const id = decodeURIComponent(query['id'] ?? '');
      const record = id === '' ? undefined : findCall(id);
      if (record === undefined) {
        this.setData({ found: false });
        return;
      }
      this.show(record);
    },

    show(record: CallRecord) {
      const settings = loadAgentSettings();
      this.record = record;
      // An outcome no longer in the settings stays pickable on the calls that carry it.
      const codes =
        record.outcome === '' || settings.outcomeCodes.includes(record.outcome)
          ? settings.outcomeCodes
          : [...settings.outcomeCodes, record.outcome];
      this.setData({
        found: true,
        view: this.viewOf(record, settings.maskNumbers),
        codes,
        outcome: record.outcome,
        note: record.note,
        noteKey: this.data.noteKey + 1,
        dirty: false,
        outcomeHint: '',
      });
    },

    onUnload() {
      unsubscribeCallFeed(this);
    },

    viewOf(record, masked) {
      const now = Date.now();
      const teamSince = readTeamSession()?.boundAt ?? null;
      return callDetailView(record, masked, tcccOutcomeView(record, tcccOutcomeOf(record.id), teamSince, now));
    },

    /** Only TCCC's outcome of this call redraws the fields here; the wrap-up being typed is left alone. */
    onCallChanges(changes) {
      const record = this.record;
      if (record === undefined) return;
      const mine = changes.some((c) => c.kind === 'tccc' && c.calls.some((call) => call.id === record.id));
      if (mine) this.setData({ view: this.viewOf(record, loadAgentSettings().maskNumbers) });
    },

    /** The sessionId is the key to the recording and the record in TCCC's console. */
    onCopySession() {
      const sessionId = this.record?.sessionId ?? '';
      if (sessionId === '') return;
      void writeClipboard(sessionId).then((written) => {
        if (written.ok) wx.showToast({ title: '会话 ID 已复制', icon: 'success' });
        else wx.showToast({ title: written.message, icon: 'none' });
      });
    },

    onPickOutcome(event) {
      const code = event.currentTarget.dataset.code;
      // Tapping the chosen chip again clears it.
      const outcome = code === this.data.outcome ? '' : code;
      this.setData({ outcome, dirty: true, outcomeHint: outcomeHint(outcome) });
    },

    onNoteChange(event) {
      this.setData({ note: event.detail, ...(this.data.dirty ? {} : { dirty: true }) });
    },

    onSaveWrapUp() {
      const record = this.record;
      if (record === undefined) return;
      // Only the code and the note: the list and the contacts hear of it through the call feed.
      const saved = saveWrapUp(record, { outcome: this.data.outcome, note: this.data.note });
      if (!saved.ok) {
        wx.showToast({ title: saved.message, icon: 'none' });
        return;
      }
      this.show(saved.record);
      wx.showToast({ title: '小结已保存', icon: 'success' });
    },

    /** Synchronous inside the tap: WeChat refuses the jump after an await. */
    onRedial() {
      const record = this.record;
      if (record === undefined || record.phone === '') return;
      callFromTap(
        {
          phone: record.phone,
          name: record.name,
          contactId: record.contactId,
          ...(record.uui !== record.id ? { businessRef: record.uui } : {}),
        },
        this,
      );
    },

    onPanelsChange(event) {
      this.setData({ openPanels: event.detail });
    },
  },
});
