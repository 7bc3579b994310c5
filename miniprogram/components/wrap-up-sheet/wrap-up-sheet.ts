/** The wrap-up sheet: opens on the shown page when a call comes back; outcome, note, callback, do-not-call, redial. */

import { callFeed } from '../../behaviors/callFeed';
import { loadAgentSettings } from '../../services/settingsStore';
import { CallChange } from '../../services/callEvents';
import { findCall } from '../../services/callLog';
import { callFromTap } from '../../services/callFlow';
import { isShownPage } from '../../services/shownPage';
import { freshReturnToOffer, markOffered, markSkipped, refreshWrapUpBadge, saveWrapUp } from '../../services/wrapUp';
import { CallRecord } from '../../core/callRecord';
import { FRAME_MS } from '../../core/paintSteps';
import { endStatusLabel, suggestedOutcomeCode } from '../../core/tcccOutcome';
import { tcccOutcomeOf } from '../../services/tcccOutcome';
import { askReminderPermission, bookServerCallback } from '../../services/callbackServer';
import { formatDue, quickCallbackTimes, QuickTime } from '../../core/callbacks';
import { DO_NOT_DISTURB_OUTCOME } from '../../core/agentSettings';
import { canWrapUp, isCallbackOutcome, isDoNotCallOutcome, summarizeForWrapUp, wrapUpToOffer } from '../../core/wrapUp';

/** Callbacks can be booked up to this far ahead in the picker. */
const PICKER_RANGE_MS = 90 * 86_400_000;

const CLOSED = {
  show: false,
  showPicker: false,
};

interface SheetData {
  show: boolean;
  title: string;
  subtitle: string;
  status: string;
  codes: string[];
  outcome: string;
  /** Set while the outcome shown was preselected from TCCC's status and the agent has not picked: '按 TCCC 结果（忙线）预选'. */
  suggestedBy: string;
  /** The typed note, written on every change. */
  note: string;
  /** Bumped on every open so the note field is drawn anew, never showing the previous call's text. */
  noteKey: number;
  noteSize: { minHeight: number };
  isCallback: boolean;
  quickTimes: QuickTime[];
  dueAt: number;
  customDue: boolean;
  dueLabel: string;
  isDoNotCall: boolean;
  addToDnc: boolean;
  canRedial: boolean;
  /** The customer asked not to be called (勿扰): 重拨 stays visible but disabled, with the reason said. */
  redialBlocked: boolean;
  showPicker: boolean;
  pickerValue: number;
  pickerMin: number;
  pickerMax: number;
  pickerFormatter: (type: string, value: string) => string;
}

/** Column units for the callback picker, so 11 reads 11月 and not a bare number. */
const PICKER_UNITS: Record<string, string> = { year: '年', month: '月', day: '日', hour: '时', minute: '分' };

function labelPickerColumn(type: string, value: string): string {
  return `${value}${PICKER_UNITS[type] ?? ''}`;
}

/** The choices a sheet starts with, before the agent picks anything: when first drawn and on each open. */
function freshChoices(): Pick<
  SheetData,
  'quickTimes' | 'dueAt' | 'customDue' | 'dueLabel' | 'isDoNotCall' | 'addToDnc' | 'redialBlocked' | 'showPicker'
> {
  return {
    quickTimes: [],
    dueAt: 0,
    customDue: false,
    dueLabel: '',
    isDoNotCall: false,
    addToDnc: true,
    redialBlocked: false,
    showPicker: false,
  };
}

interface SheetFields {
  /** The call being wrapped up; kept off data so the number is not copied into the view. */
  record: CallRecord | undefined;
  /** The first check for a call to offer, a frame after the page is made (see attached). */
  offerTimer: ReturnType<typeof setTimeout> | undefined;
}

type SheetMethods = {
  openFor(callId: string): boolean;
  open(record: CallRecord): void;
  close(saved: boolean): void;
  onCallChanges(changes: CallChange[]): void;
  suggest(record: CallRecord, codes: readonly string[]): void;
  applyOutcome(outcome: string, suggestedBy: string): void;
  onPickOutcome(event: WechatMiniprogram.TouchEvent<Record<string, never>, { code: string }>): void;
  onPickTime(event: WechatMiniprogram.TouchEvent<Record<string, never>, { at: number }>): void;
  onCustomTime(): void;
  onPickerConfirm(event: VantEvent<number>): void;
  onPickerCancel(): void;
  onToggleDnc(event: VantEvent<boolean>): void;
  onNoteChange(event: VantEvent<string>): void;
  onSkip(): void;
  onSave(): void;
  onRedial(): void;
  saveChoice(): boolean;
};

Component<SheetData, Record<string, never>, SheetMethods, [string], SheetFields>({
  options: { styleIsolation: 'apply-shared' },
  // The call feed: a call that comes back opens this sheet on the page shown.
  behaviors: [callFeed],
  data: {
    show: false,
    title: '',
    subtitle: '',
    status: '',
    codes: [],
    outcome: '',
    suggestedBy: '',
    note: '',
    noteKey: 0,
    // No max height: the note (200 characters at most) grows and the sheet's body scrolls.
    noteSize: { minHeight: 48 },
    isCallback: false,
    ...freshChoices(),
    canRedial: false,
    pickerValue: 0,
    pickerMin: 0,
    pickerMax: 0,
    pickerFormatter: labelPickerColumn,
  },
  lifetimes: {
    created() {
      this.record = undefined;
      this.offerTimer = undefined;
    },
    attached() {
      // After a cold start the result arrived before anyone listened: the first page to open offers it. A frame
      // after the page is made: both read the call log's newest shard, and the page's first rows come first.
      this.offerTimer = setTimeout(() => {
        this.offerTimer = undefined;
        // A page opened over this one meanwhile offers it instead.
        const fresh = isShownPage(this.selectOwnerComponent()) ? freshReturnToOffer() : undefined;
        if (fresh !== undefined) this.open(fresh);
        refreshWrapUpBadge();
      }, FRAME_MS);
    },
    detached() {
      if (this.offerTimer !== undefined) clearTimeout(this.offerTimer);
      this.offerTimer = undefined;
    },
  },
  pageLifetimes: {
    // Only tab pages can show the badge: bring it up to date whenever one shows again (the first show's comes
    // with the offer, above).
    show() {
      if (this.offerTimer === undefined) refreshWrapUpBadge();
    },
  },
  methods: {
    /** Opens the sheet for a call by id (history and call detail use it for no-result and orphan calls). */
    openFor(callId: string): boolean {
      const record = findCall(callId);
      if (record === undefined || !canWrapUp(record)) return false;
      this.open(record);
      return true;
    },

    open(record: CallRecord) {
      const settings = loadAgentSettings();
      const summary = summarizeForWrapUp(record, settings.maskNumbers);
      this.record = record;
      markOffered(record.id);
      this.setData({
        show: true,
        title: summary.title,
        subtitle: summary.subtitle,
        status: summary.status,
        codes: settings.outcomeCodes,
        outcome: record.outcome,
        suggestedBy: '',
        note: record.note,
        noteKey: this.data.noteKey + 1,
        isCallback: isCallbackOutcome(record.outcome),
        ...freshChoices(),
        canRedial: record.phone !== '',
      });
      if (record.outcome === '') this.suggest(record, settings.outcomeCodes);
    },

    /** Preselects the outcome code TCCC's status stands for, when the agent has chosen none (never a guess: ok says
     *  nothing about interest, so nothing is preselected for it). */
    suggest(record, codes) {
      const outcome = tcccOutcomeOf(record.id);
      const code = suggestedOutcomeCode(outcome?.endStatus ?? null, codes);
      if (code === '' || outcome === undefined) return;
      this.applyOutcome(code, `按 TCCC 结果（${endStatusLabel(outcome.endStatus)}）预选`);
    },

    /** Hides the sheet and tells the page (`bind:close`, detail `{ callId, saved }`), e.g. to redraw a row. */
    close(saved: boolean) {
      const callId = this.record?.id ?? '';
      // Closed without a wrap-up (跳过, the close icon, or a redial): not offered again, even after a cold start.
      if (!saved && callId !== '') markSkipped(callId);
      this.record = undefined;
      this.setData(CLOSED);
      this.triggerEvent('close', { callId, saved });
    },

    /** Calls came back: every page in the stack hears it, only the one on top offers the newest's wrap-up. */
    onCallChanges(changes) {
      // TCCC's outcome arrived for the call on the sheet while the agent has not picked: preselect it now.
      const onSheet = this.record;
      const forShown = changes.some((c) => c.kind === 'tccc' && c.calls.some((call) => call.id === onSheet?.id));
      if (onSheet !== undefined && this.data.show && forShown && (this.data.outcome === '' || this.data.suggestedBy)) {
        this.suggest(onSheet, this.data.codes);
      }
      const returned = changes.filter((change) => change.kind === 'result').flatMap((change) => change.calls);
      if (returned.length === 0 || !isShownPage(this.selectOwnerComponent())) return;
      const record = wrapUpToOffer(returned);
      if (record !== undefined) this.open(record);
    },

    onPickOutcome(event) {
      this.applyOutcome(event.currentTarget.dataset.code, '');
    },

    applyOutcome(outcome, suggestedBy) {
      const record = this.record;
      const isCallback = isCallbackOutcome(outcome);
      const now = Date.now();
      this.setData({
        outcome,
        suggestedBy,
        isCallback,
        isDoNotCall: isDoNotCallOutcome(outcome) && record !== undefined && record.phone !== '',
        redialBlocked: outcome === DO_NOT_DISTURB_OUTCOME,
        quickTimes: isCallback ? quickCallbackTimes(now) : [],
        ...(isCallback ? {} : { dueAt: 0, dueLabel: '', customDue: false }),
      });
    },

    onPickTime(event) {
      const dueAt = Number(event.currentTarget.dataset.at);
      this.setData({ dueAt, customDue: false, dueLabel: formatDue(dueAt, Date.now()) });
    },

    onCustomTime() {
      const now = Date.now();
      this.setData({
        showPicker: true,
        pickerValue: this.data.dueAt > now ? this.data.dueAt : now + 3_600_000,
        pickerMin: now,
        pickerMax: now + PICKER_RANGE_MS,
      });
    },

    onPickerConfirm(event) {
      const dueAt = Number(event.detail);
      this.setData({ showPicker: false, dueAt, customDue: true, dueLabel: formatDue(dueAt, Date.now()) });
    },

    onPickerCancel() {
      this.setData({ showPicker: false });
    },

    onToggleDnc(event) {
      this.setData({ addToDnc: event.detail });
    },

    onNoteChange(event) {
      this.setData({ note: event.detail });
    },

    /** The call stays unwrapped: it keeps counting on the history badge. */
    onSkip() {
      if (this.record === undefined) return;
      this.close(false);
    },

    onSave() {
      const record = this.record;
      const booking =
        record !== undefined && this.data.isCallback && this.data.dueAt > 0
          ? { callId: record.id, dueAt: this.data.dueAt, name: record.name }
          : undefined;
      if (this.saveChoice()) {
        this.close(true);
        wx.showToast({ title: '已保存', icon: 'success' });
        // Still inside this tap (WeChat shows the subscribe dialog only from one): with a team server, ask to be
        // reminded through WeChat; the local reminder is already saved whatever the answer.
        if (booking !== undefined) {
          askReminderPermission((answer, templateId) => {
            void bookServerCallback(booking, answer, templateId).then((booked) => {
              if (booked.ok && booked.reminder === 'server')
                wx.showToast({ title: '到时间微信会提醒您回拨', icon: 'none' });
            });
          });
        }
      }
    },

    /** Saves what was chosen (if anything), then calls the same number again from this tap: a new record. */
    onRedial() {
      const record = this.record;
      if (record === undefined || record.phone === '' || this.data.redialBlocked) return;
      const saved = this.data.outcome !== '';
      if (saved && !this.saveChoice()) return;
      const outcome = callFromTap(
        {
          phone: record.phone,
          name: record.name,
          contactId: record.contactId,
          ...(record.uui !== record.id ? { businessRef: record.uui } : {}),
        },
        this,
      );
      if (outcome.ok) this.close(saved);
    },

    /** Saves what was chosen through the wrap-up service; false (with a toast) when it cannot. */
    saveChoice(): boolean {
      const record = this.record;
      if (record === undefined) return false;
      const { outcome, note, dueAt, addToDnc } = this.data;
      const result = saveWrapUp(record, { outcome, note, followUp: { dueAt, addToDoNotCall: addToDnc } });
      if (!result.ok) {
        wx.showToast({ title: result.message, icon: 'none' });
        return false;
      }
      if (result.warning !== '') wx.showToast({ title: result.warning, icon: 'none' });
      return true;
    },
  },
});
