/** Dialer page: keypad with as-you-type grouping, paste, contact matches, recent numbers, deep link, one call button. */

import {
  appendKey,
  DialerState,
  dialerState,
  KEYPAD_KEYS,
  keysFromPaste,
  parseDialerLink,
  RecentNumber,
  recentNumbers,
  removeLastKey,
} from '../../core/dialPad';
import { shownNumber } from '../../core/callPresentation';
import { Contact } from '../../core/contact';
import { doNotCallMessage } from '../../core/doNotCall';
import { parsePhoneNumber } from '../../core/phoneNumber';
import { listCalls } from '../../services/callLog';
import { callFromTap } from '../../services/callFlow';
import { readClipboard } from '../../services/clipboard';
import { findContactByPhone, prepareContactSearch, searchContacts } from '../../services/contactStore';
import { takeDialerLink, takeWarmDialerLink } from '../../services/dialerLink';
import { findDoNotCall, listDoNotCall } from '../../services/doNotCallStore';
import { loadAgentSettings } from '../../services/settingsStore';

/** Contact matches shown while typing: few enough to leave the keypad where the thumb expects it. */
const MATCH_LIMIT = 2;
/** Digits typed before contacts are searched: fewer match almost everyone. */
const MATCH_MIN_DIGITS = 3;
const RECENT_CALLS_READ = 30;

interface MatchRow {
  id: string;
  name: string;
  sub: string;
}

interface DialerData {
  keys: readonly string[];
  display: string;
  hint: string;
  tone: DialerState['tone'];
  matches: MatchRow[];
  /** `dnc`: the number is on the do-not-call list, so the chip says 勿扰 before the agent taps it. */
  recent: { label: string; dnc: boolean }[];
  remark: string;
  notice: string;
  noticeTone: 'info' | 'error';
}

interface DialerFields {
  typed: string;
  /** What the remark field holds (the field shows it itself). */
  remarkText: string;
  matchedContacts: Contact[];
  recentEntries: RecentNumber[];
  /** settings.maskNumbers, read when the page shows rather than on every key. */
  masked: boolean;
  /** A deep link's business reference, sent only while the number is still the linked one. */
  link: { typed: string; businessRef: string } | undefined;
}

type IndexEvent = WechatMiniprogram.TouchEvent<Record<string, never>, { index: number }>;

type DialerMethods = {
  onLoad(query: Record<string, string | undefined>): void;
  onShow(): void;
  applyLink(query: Record<string, unknown> | undefined): void;
  refreshRecent(): void;
  setTyped(typed: string): void;
  setRemark(remark: string): void;
  onKey(event: WechatMiniprogram.TouchEvent<Record<string, never>, { key: string }>): void;
  onBackspace(): void;
  onClear(): void;
  onPaste(): void;
  onPickMatch(event: IndexEvent): void;
  onPickRecent(event: IndexEvent): void;
  onRemarkChange(event: VantEvent<string>): void;
  onCloseNotice(): void;
  onWrapUpClosed(): void;
  onCall(): void;
};

Component<DialerData, Record<string, never>, DialerMethods, [], DialerFields>({
  data: {
    keys: KEYPAD_KEYS,
    display: '',
    hint: '',
    tone: 'none',
    matches: [],
    recent: [],
    remark: '',
    notice: '',
    noticeTone: 'info',
  },
  lifetimes: {
    created() {
      this.typed = '';
      this.remarkText = '';
      this.matchedContacts = [];
      this.recentEntries = [];
      this.link = undefined;
      this.masked = true;
    },
  },
  methods: {
    onLoad(query) {
      this.masked = loadAgentSettings().maskNumbers;
      this.applyLink(takeDialerLink(query));
    },

    onShow() {
      this.refreshRecent();
      prepareContactSearch();
      // A link opened while we were already running arrives with no new onLoad.
      this.applyLink(takeWarmDialerLink());
    },

    applyLink(query) {
      if (query === undefined) return;
      const parsed = parseDialerLink(query);
      if (!parsed.ok) {
        this.setData({ notice: `${parsed.message}，未填入号码`, noticeTone: 'error' });
        return;
      }
      if (parsed.link === undefined) return;
      const { phone, name, businessRef } = parsed.link;
      this.setTyped(phone);
      this.setRemark(name);
      this.link = businessRef === '' ? undefined : { typed: phone, businessRef };
      this.setData({
        notice: businessRef === '' ? '已从链接填入号码，确认后点击拨打' : '已从链接填入号码和业务单号，确认后点击拨打',
        noticeTone: 'info',
      });
    },

    /** Recent numbers, each marked when it is on the do-not-call list (read once, not once per number). */
    refreshRecent() {
      this.masked = loadAgentSettings().maskNumbers;
      this.recentEntries = recentNumbers(listCalls(0, RECENT_CALLS_READ).records, this.masked);
      const blocked = new Set(this.recentEntries.length > 0 ? listDoNotCall().map((e) => e.phone) : []);
      const recent = this.recentEntries.map((r) => {
        const parsed = parsePhoneNumber(r.phone);
        return { label: r.label, dnc: parsed.ok && blocked.has(parsed.phone.dial) };
      });
      if (JSON.stringify(recent) !== JSON.stringify(this.data.recent)) this.setData({ recent });
    },

    /** Everything the number drives: display, hint (with do-not-call and extension), contact matches. */
    setTyped(typed: string) {
      this.typed = typed;
      const state = dialerState(typed);
      let { hint, tone } = state;
      const blocked = state.dial === '' ? undefined : findDoNotCall(state.dial);
      const contact = state.dial === '' || hint !== '' ? undefined : findContactByPhone(state.dial);
      if (blocked !== undefined) {
        hint = doNotCallMessage(blocked);
        tone = 'error';
      } else if (contact !== undefined) hint = `联系人：${contact.name}`;
      const digits = typed.replace(/\D/g, '');
      this.matchedContacts = digits.length >= MATCH_MIN_DIGITS ? searchContacts(digits, MATCH_LIMIT) : [];
      const matches = this.matchedContacts.map((c) => ({
        id: c.id,
        name: c.name,
        sub: [shownNumber(c.phone, this.masked), c.company].filter((s) => s !== '').join(' · '),
      }));
      const patch: Partial<DialerData> = { display: state.display, hint, tone };
      if (matches.length > 0 || this.data.matches.length > 0) patch.matches = matches;
      this.setData(patch);
    },

    setRemark(remark: string) {
      this.remarkText = remark;
      this.setData({ remark });
    },

    onKey(event) {
      this.setTyped(appendKey(this.typed, event.currentTarget.dataset.key));
    },

    onBackspace() {
      if (this.typed !== '') this.setTyped(removeLastKey(this.typed));
    },

    /** Long press on backspace clears the number and the remark. */
    onClear() {
      this.setTyped('');
      this.setRemark('');
      this.link = undefined;
    },

    onPaste() {
      void readClipboard().then((read) => {
        if (!read.ok) {
          wx.showToast({ title: read.message, icon: 'none' });
          return;
        }
        const keys = keysFromPaste(read.text);
        if (keys === '') {
          wx.showToast({ title: '剪贴板中没有电话号码', icon: 'none' });
          return;
        }
        this.setTyped(keys);
      });
    },

    onPickMatch(event) {
      const contact = this.matchedContacts[event.currentTarget.dataset.index];
      if (contact === undefined) return;
      this.setTyped(contact.extension === undefined ? contact.phone : `${contact.phone}#${contact.extension}`);
      this.setRemark(contact.name);
    },

    onPickRecent(event) {
      const recent = this.recentEntries[event.currentTarget.dataset.index];
      if (recent === undefined) return;
      this.setTyped(recent.phone);
      this.setRemark(recent.name);
    },

    onRemarkChange(event) {
      this.remarkText = event.detail;
      // Kept in data too, so clearing it after a call reaches the field.
      this.setData({ remark: event.detail });
    },

    onCloseNotice() {
      this.setData({ notice: '' });
    },

    /** The wrap-up sheet may have put the number on the do-not-call list (空号, 勿扰): the strip marks it at once. */
    onWrapUpClosed() {
      this.refreshRecent();
    },

    /** Synchronous from the tap: the jump to TCCC must happen inside it. */
    onCall() {
      const typed = this.typed;
      if (typed === '') {
        // Like a phone: an empty call button brings back the last number.
        const last = this.recentEntries[0];
        if (last !== undefined) {
          this.setTyped(last.phone);
          this.setRemark(last.name);
        } else wx.showToast({ title: '请输入电话号码', icon: 'none' });
        return;
      }
      const dial = dialerState(typed).dial;
      const contact = dial === '' ? undefined : findContactByPhone(dial);
      const name = this.remarkText.trim() !== '' ? this.remarkText.trim() : (contact?.name ?? '');
      const businessRef = this.link !== undefined && this.link.typed === typed ? this.link.businessRef : undefined;
      const outcome = callFromTap(
        {
          phone: typed,
          name,
          ...(contact !== undefined ? { contactId: contact.id } : {}),
          ...(businessRef !== undefined ? { businessRef } : {}),
        },
        this,
      );
      if (outcome.ok) {
        this.link = undefined;
        this.setTyped('');
        this.setRemark('');
        this.setData({ notice: '' });
        this.refreshRecent();
      }
    },
  },
});
