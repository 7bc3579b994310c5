/** A contact's detail sheet: number, do-not-call reason, company, note and call timeline; 拨打 and 编辑. */

import { CallRecord, connectionOf } from '../../core/callRecord';
import { callStateLabel, formatCallTime, hangUpLabel, shownNumber, talkTimeText } from '../../core/callPresentation';
import { dialString } from '../../core/contact';
import { doNotCallMessage } from '../../core/doNotCall';
import { callsOfContact, getContact } from '../../services/contactStore';
import { findDoNotCall } from '../../services/doNotCallStore';

/** Calls shown in a contact's timeline. */
const TIMELINE_CALLS = 20;

interface TimelineView {
  id: string;
  what: string;
  when: string;
  meta: string;
  note: string;
}

interface DetailData {
  show: boolean;
  name: string;
  number: string;
  company: string;
  note: string;
  /** Why the number is on the do-not-call list ('' when it is not). */
  dnc: string;
  calls: TimelineView[];
}

interface DetailFields {
  contactId: string;
}

type DetailMethods = {
  open(contactId: string, masked: boolean): boolean;
  onClose(): void;
  onCall(): void;
  onEdit(): void;
};

function timelineView(record: CallRecord, now: number): TimelineView {
  const talk = connectionOf(record) === 'connected' ? `通话 ${talkTimeText(record)}` : '';
  const meta = [callStateLabel(record), talk, hangUpLabel(record)].filter((p) => p !== '').join(' · ');
  return {
    id: record.id,
    what: record.outcome !== '' ? record.outcome : '未填写结果',
    when: formatCallTime(record.startedAt, now),
    meta,
    note: record.note,
  };
}

Component<DetailData, Record<string, never>, DetailMethods, [], DetailFields>({
  data: { show: false, name: '', number: '', company: '', note: '', dnc: '', calls: [] },
  lifetimes: {
    created() {
      this.contactId = '';
    },
  },
  methods: {
    /** Shows the contact as stored now, its number masked when `masked`; false when it is gone. */
    open(contactId, masked) {
      const contact = getContact(contactId);
      if (contact === undefined) return false;
      this.contactId = contact.id;
      const now = Date.now();
      const listed = findDoNotCall(contact.phone);
      this.setData({
        show: true,
        name: contact.name,
        number: shownNumber(dialString(contact), masked),
        company: contact.company,
        note: contact.note,
        dnc: listed === undefined ? '' : doNotCallMessage(listed),
        calls: callsOfContact(contact.id, TIMELINE_CALLS).map((r) => timelineView(r, now)),
      });
      return true;
    },

    onClose() {
      this.setData({ show: false });
    },

    /** The page calls (`bind:call`, detail `{ contactId }`), synchronously inside this tap as WeChat requires. */
    onCall() {
      this.triggerEvent('call', { contactId: this.contactId });
      this.setData({ show: false });
    },

    /** The page opens the edit page (`bind:edit`, detail `{ contactId }`). */
    onEdit() {
      this.setData({ show: false });
      this.triggerEvent('edit', { contactId: this.contactId });
    },
  },
});
