/** The do-not-call list sheet: search the numbers, take one off, add one by hand; tells the page when it changed. */

import { formatCallTime, shownNumber } from '../../core/callPresentation';
import { DoNotCallEntry, matchesDoNotCallSearch } from '../../core/doNotCall';
import { parsePhoneNumber } from '../../core/phoneNumber';
import { findContactByPhone } from '../../services/contactStore';
import { addDoNotCall, findDoNotCall, listDoNotCall, removeDoNotCall } from '../../services/doNotCallStore';
import { loadAgentSettings } from '../../services/settingsStore';

/** The sheet lists at most this many (newest first); the rest stay on the list. */
const ROWS_SHOWN = 200;
/** The reason kept for a number the agent typed into the list. */
const MANUAL_REASON = '手动加入';

interface ListData {
  show: boolean;
  /** The search box and the number typed to add, as typed. */
  query: string;
  phone: string;
  phoneError: string;
  /** Bumped when the sheet empties its boxes, so they are drawn anew. */
  inputKey: number;
  /** title: the contact's name (when the number is a contact's) and the number as the agent may see it. */
  rows: { key: string; title: string; detail: string }[];
}

interface ListFields {
  /** The entries behind the rows shown, by row index. */
  entries: DoNotCallEntry[];
}

type IndexEvent = WechatMiniprogram.BaseEvent<WechatMiniprogram.IAnyObject, { index: number }>;

type ListMethods = {
  open(): void;
  showRows(query: string): void;
  changed(): void;
  onSearch(event: VantEvent<string>): void;
  onPhoneChange(event: VantEvent<string>): void;
  onAdd(): void;
  onClose(): void;
  onRemove(event: IndexEvent): void;
};

Component<ListData, Record<string, never>, ListMethods, [], ListFields>({
  data: {
    show: false,
    query: '',
    phone: '',
    phoneError: '',
    inputKey: 0,
    rows: [],
  },
  lifetimes: {
    created() {
      this.entries = [];
    },
  },
  methods: {
    /** Opens with an empty search and number box, whatever was typed the last time. */
    open() {
      this.setData({ show: true, query: '', phone: '', phoneError: '', inputKey: this.data.inputKey + 1 });
      this.showRows('');
    },

    /** The rows matching the search, newest first, each with its contact's name when the number is a contact's. */
    showRows(query: string) {
      const masked = loadAgentSettings().maskNumbers;
      const now = Date.now();
      const named = listDoNotCall().map((entry) => ({ entry, name: findContactByPhone(entry.phone)?.name ?? '' }));
      const shown = named.filter((n) => matchesDoNotCallSearch(n.entry, n.name, query, masked)).slice(0, ROWS_SHOWN);
      this.entries = shown.map((n) => n.entry);
      this.setData({
        rows: shown.map(({ entry, name }) => {
          const number = shownNumber(entry.phone, masked);
          return {
            key: entry.phone,
            title: name === '' ? number : `${name} ${number}`,
            detail: `${entry.reason === '' ? '未注明原因' : entry.reason} · ${formatCallTime(entry.addedAt, now)} 加入`,
          };
        }),
      });
    },

    /** The list changed: the page (`bind:change`) counts it again. */
    changed() {
      this.triggerEvent('change');
    },

    onSearch(event) {
      this.setData({ query: event.detail });
      this.showRows(event.detail);
    },

    onPhoneChange(event) {
      this.setData(this.data.phoneError === '' ? { phone: event.detail } : { phone: event.detail, phoneError: '' });
    },

    /** A number typed by hand: checked like any number the app dials; the message says what is wrong. */
    onAdd() {
      const parsed = parsePhoneNumber(this.data.phone);
      if (!parsed.ok) {
        this.setData({ phoneError: parsed.message });
        return;
      }
      if (findDoNotCall(parsed.phone.dial) !== undefined) {
        this.setData({ phoneError: '该号码已在勿扰名单' });
        return;
      }
      if (!addDoNotCall(parsed.phone.dial, MANUAL_REASON)) {
        this.setData({ phoneError: '存储空间已满，未能加入，请先清理数据' });
        return;
      }
      this.setData({ phone: '', phoneError: '', inputKey: this.data.inputKey + 1 });
      this.showRows(this.data.query);
      this.changed();
      wx.showToast({ title: '已加入勿扰名单', icon: 'success' });
    },

    onClose() {
      this.setData({ show: false });
    },

    /** Asks first (the button is red); no jump follows, so a modal is fine here. */
    onRemove(event) {
      const entry = this.entries[event.currentTarget.dataset.index];
      if (entry === undefined) return;
      wx.showModal({
        title: '移出勿扰名单',
        content: '移出后可以正常拨打这个号码。',
        confirmText: '确定',
        confirmColor: '#ee0a24',
        success: (result) => {
          if (!result.confirm) return;
          removeDoNotCall(entry.phone);
          this.showRows(this.data.query);
          this.changed();
        },
      });
    },
  },
});
