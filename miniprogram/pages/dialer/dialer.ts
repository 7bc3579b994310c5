/** Dialer page: keypad with as-you-type grouping, paste, contact matches, recent numbers, deep link, one call button. */

import {
  appendKey,
  DialerState,
  dialerState,
  KEYPAD_KEYS,
  keysFromPaste,
  maskedFilledDisplay,
  nameAfterNumberChange,
  nameAfterTyping,
  parseDialerLink,
  RecentNumber,
  recentNumbers,
  removeLastKey,
} from '../../core/dialPad';
import { shownNumber } from '../../core/callPresentation';
import { Contact } from '../../core/contact';
import { doNotCallMessage } from '../../core/doNotCall';
import { parsePhoneNumber } from '../../core/phoneNumber';
import { callFeed } from '../../behaviors/callFeed';
import { listCalls } from '../../services/callLog';
import { callFromTap } from '../../services/callFlow';
import { readClipboard } from '../../services/clipboard';
import { findContactByPhone, prepareContactSearch, searchContacts } from '../../services/contactStore';
import { takeDialerLink, takeWarmDialerLink } from '../../services/dialerLink';
import { findDoNotCall, listDoNotCall } from '../../services/doNotCallStore';
import { loadAgentSettings } from '../../services/settingsStore';
import { prefetchTcccToken } from '../../services/tcccToken';

/** Contact matches shown while typing: few enough to leave the keypad where the thumb expects it. */
const MATCH_LIMIT = 2;
/** Digits typed before contacts are searched: fewer match almost everyone. */
const MATCH_MIN_DIGITS = 3;
const RECENT_CALLS_READ = 30;
/** TCCC's limit for calleeRemark, as the field's maxlength. */
const REMARK_MAX = 32;

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
  /** The 备注名 field, bound both ways: exactly what the field shows and what the call sends as calleeRemark. */
  remark: string;
  remarkMax: number;
  notice: string;
  noticeTone: 'info' | 'error';
}

interface DialerFields {
  typed: string;
  /** The start of `typed` the app filled in (recent chip, contact, last number, link): shown masked when masking is on. */
  filled: string;
  /** The number the name belongs to (dial form, or the keys when they do not parse); when the number changes, the name goes. */
  remarkOwner: string | undefined;
  /** The dial form last shown: a contact's name is filled in only when the number becomes the contact's. */
  lastDial: string;
  matchedContacts: Contact[];
  recentEntries: RecentNumber[];
  /** settings.maskNumbers, read when the page shows rather than on every key. */
  masked: boolean;
  /** A deep link's business reference, sent only while the number is still the linked one. */
  link: { typed: string; businessRef: string } | undefined;
}

/** The hint under the number (do-not-call first, then the contact's name) and the contact the number is. */
function describeNumber(state: DialerState): Pick<DialerState, 'hint' | 'tone'> & { contact: Contact | undefined } {
  const blocked = state.dial === '' ? undefined : findDoNotCall(state.dial);
  const contact = state.dial === '' || state.hint !== '' ? undefined : findContactByPhone(state.dial);
  if (blocked !== undefined) return { hint: doNotCallMessage(blocked), tone: 'error', contact };
  return { hint: contact !== undefined ? `联系人：${contact.name}` : state.hint, tone: state.tone, contact };
}

function matchRow(contact: Contact, masked: boolean): MatchRow {
  const sub = [shownNumber(contact.phone, masked), contact.company].filter((s) => s !== '').join(' · ');
  return { id: contact.id, name: contact.name, sub };
}

type IndexEvent = WechatMiniprogram.TouchEvent<Record<string, never>, { index: number }>;

type DialerMethods = {
  onLoad(query: Record<string, string | undefined>): void;
  onShow(): void;
  applyLink(query: Record<string, unknown> | undefined): void;
  refreshRecent(): void;
  showNumber(typed: string, filled: string, filledName?: string): void;
  fillNumber(phone: string, name: string): void;
  onKey(event: WechatMiniprogram.TouchEvent<Record<string, never>, { key: string }>): void;
  onBackspace(): void;
  onClear(): void;
  onPaste(): void;
  onPickMatch(event: IndexEvent): void;
  onPickRecent(event: IndexEvent): void;
  onRemarkInput(event: WechatMiniprogram.Input): void;
  onRemarkClear(): void;
  onCloseNotice(): void;
  onCallChanges(): void;
  onCall(): void;
};

Component<DialerData, Record<string, never>, DialerMethods, [typeof callFeed], DialerFields>({
  // The call feed: a call placed, back or wrapped up anywhere redraws the recent strip.
  behaviors: [callFeed],
  data: {
    keys: KEYPAD_KEYS,
    display: '',
    hint: '',
    tone: 'none',
    matches: [],
    recent: [],
    remark: '',
    remarkMax: REMARK_MAX,
    notice: '',
    noticeTone: 'info',
  },
  lifetimes: {
    created() {
      this.typed = '';
      this.filled = '';
      this.remarkOwner = undefined;
      this.lastDial = '';
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
      // A one-time TCCC token ready before the next tap (bound to a team only).
      void prefetchTcccToken();
      const wasMasked = this.masked;
      this.refreshRecent();
      // 号码脱敏 switched in settings: a filled number is shown the new way.
      if (this.masked !== wasMasked && this.filled !== '') this.showNumber(this.typed, this.filled);
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
      this.fillNumber(phone, name);
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

    /**
     * Everything the number drives: display (a filled number masked), hint (with do-not-call and extension),
     * contact matches, and the 备注名 (nameAfterNumberChange). `filledName` comes with a number the app fills in.
     */
    showNumber(typed: string, filled: string, filledName?: string) {
      this.typed = typed;
      this.filled = filled;
      const state = dialerState(typed);
      const { hint, tone, contact } = describeNumber(state);
      const name = nameAfterNumberChange(
        { text: this.data.remark, owner: this.remarkOwner },
        { typed, dial: state.dial, previousDial: this.lastDial, filledName, contactName: contact?.name },
      );
      this.remarkOwner = name.owner;
      this.lastDial = state.dial;
      const digits = typed.replace(/\D/g, '');
      this.matchedContacts = digits.length >= MATCH_MIN_DIGITS ? searchContacts(digits, MATCH_LIMIT) : [];
      const matches = this.matchedContacts.map((c) => matchRow(c, this.masked));
      const display = this.masked && filled !== '' ? maskedFilledDisplay(filled, typed) : state.display;
      const patch: Partial<DialerData> = { display, hint, tone };
      if (matches.length > 0 || this.data.matches.length > 0) patch.matches = matches;
      if (name.text !== this.data.remark) patch.remark = name.text;
      this.setData(patch);
    },

    fillNumber(phone: string, name: string) {
      this.showNumber(phone, phone, name);
    },

    onKey(event) {
      this.showNumber(appendKey(this.typed, event.currentTarget.dataset.key), this.filled);
    },

    onBackspace() {
      if (this.typed === '') return;
      // A masked filled number goes as a whole: taking its digits one by one would uncover the hidden ones.
      if (this.masked && this.filled !== '' && this.typed.length <= this.filled.length) {
        this.onClear();
        return;
      }
      const typed = removeLastKey(this.typed);
      this.showNumber(typed, typed.length < this.filled.length ? '' : this.filled);
    },

    /** Long press on backspace clears the number and the remark. */
    onClear() {
      this.link = undefined;
      this.showNumber('', '', '');
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
        // The agent's own number, shown in full; a name that belonged to the number before goes.
        this.showNumber(keys, '');
      });
    },

    onPickMatch(event) {
      const contact = this.matchedContacts[event.currentTarget.dataset.index];
      if (contact === undefined) return;
      this.fillNumber(
        contact.extension === undefined ? contact.phone : `${contact.phone}#${contact.extension}`,
        contact.name,
      );
    },

    onPickRecent(event) {
      const recent = this.recentEntries[event.currentTarget.dataset.index];
      if (recent === undefined) return;
      this.fillNumber(recent.phone, recent.name);
    },

    /** The native input shows what is typed; the data follows it, so every later reset reaches the screen. */
    onRemarkInput(event) {
      const name = nameAfterTyping(
        { text: this.data.remark, owner: this.remarkOwner },
        event.detail.value.slice(0, REMARK_MAX),
        dialerState(this.typed).dial,
      );
      this.remarkOwner = name.owner;
      if (name.text !== this.data.remark) this.setData({ remark: name.text });
    },

    onRemarkClear() {
      this.remarkOwner = undefined;
      this.setData({ remark: '' });
    },

    onCloseNotice() {
      this.setData({ notice: '' });
    },

    /**
     * Calls changed (a turn's changes at once, after a wrap-up's do-not-call entry): the strip shows the newest
     * numbers and marks one a wrap-up put on the do-not-call list (空号, 勿扰).
     */
    onCallChanges() {
      this.refreshRecent();
    },

    /** Synchronous from the tap: the jump to TCCC must happen inside it. */
    onCall() {
      const typed = this.typed;
      if (typed === '') {
        // Like a phone: an empty call button brings back the last number.
        const last = this.recentEntries[0];
        if (last !== undefined) this.fillNumber(last.phone, last.name);
        else wx.showToast({ title: '请输入电话号码', icon: 'none' });
        return;
      }
      const dial = dialerState(typed).dial;
      const contact = dial === '' ? undefined : findContactByPhone(dial);
      // Exactly the name on screen: a contact's name is there only if the field shows it.
      const name = this.data.remark.trim();
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
        this.showNumber('', '', '');
        if (this.data.notice !== '') this.setData({ notice: '' });
        this.refreshRecent();
      }
    },
  },
});
