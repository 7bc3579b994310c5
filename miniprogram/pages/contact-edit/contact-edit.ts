/** Contact edit page: add, change or delete one contact; with ?mode=import, paste many and import the good rows. */

import { shownNumber } from '../../core/callPresentation';
import { formatPhone } from '../../core/phoneNumber';
import { ContactErrors, ContactField, dialString } from '../../core/contact';
import {
  ImportPreview,
  importableRows,
  importPreviewView,
  ImportPreviewView,
  importSummary,
  previewImport,
} from '../../core/contactImport';
import {
  deleteContact,
  findContactByPhone,
  getContact,
  importContacts,
  saveContact,
} from '../../services/contactStore';
import { readClipboard } from '../../services/clipboard';
import { loadAgentSettings } from '../../services/settingsStore';

type Mode = 'edit' | 'import';

interface Form {
  name: string;
  phone: string;
  company: string;
  note: string;
}

interface EditData {
  mode: Mode;
  contactId: string;
  missing: boolean;
  /** The form as typed, written on every change. */
  form: Form;
  errors: ContactErrors;
  duplicateName: string;
  noteSize: { minHeight: number; maxHeight: number };
  /** The import box as typed (or the shown part of a long paste). */
  importText: string;
  /** Bumped whenever the app fills the import box, so it is drawn anew with exactly that text. */
  importKey: number;
  importSize: { minHeight: number; maxHeight: number };
  problem: string;
  preview: ImportPreviewView | null;
  report: string;
}

interface EditFields {
  /** The whole text to check: what was typed, or the whole paste when the box shows it cut short. */
  pastedText: string;
  checked: ImportPreview | undefined;
}

type FieldEvent = VantEvent<string, { field: ContactField }>;

type EditMethods = {
  onLoad(query: Record<string, string | undefined>): void;
  onReady(): void;
  onFieldChange(event: FieldEvent): void;
  onSave(): void;
  onSaveAnyway(): void;
  save(allowDuplicate: boolean): void;
  onDelete(): void;
  onToImport(): void;
  onPaste(): void;
  onImportTextChange(event: VantEvent<string>): void;
  onPreview(): void;
  runPreview(text: string): void;
  onImport(): void;
  onDone(): void;
  onImportMore(): void;
};

/** A paste longer than this is shown cut short in the text box (it is still checked whole). */
const PASTE_ECHO_CHARS = 4_000;

const EMPTY_FORM: Form = { name: '', phone: '', company: '', note: '' };

function showNumber(dial: string): string {
  return shownNumber(dial, loadAgentSettings().maskNumbers);
}

Component<EditData, Record<string, never>, EditMethods, [], EditFields>({
  data: {
    mode: 'edit',
    contactId: '',
    missing: false,
    form: EMPTY_FORM,
    errors: {},
    duplicateName: '',
    noteSize: { minHeight: 48, maxHeight: 120 },
    importText: '',
    importKey: 0,
    importSize: { minHeight: 120, maxHeight: 240 },
    problem: '',
    preview: null,
    report: '',
  },
  lifetimes: {
    created() {
      this.pastedText = '';
      this.checked = undefined;
    },
  },
  methods: {
    onLoad(query) {
      if (query.mode === 'import') {
        this.setData({ mode: 'import' });
        return;
      }
      const id = query.id ?? '';
      if (id === '' && query.phone !== undefined) {
        // A contacts search that found no one: the number the agent typed, shown whole as they typed it.
        const phone = formatPhone(query.ext ? `${query.phone},${query.ext}` : query.phone);
        this.setData({ form: { ...EMPTY_FORM, phone } });
        return;
      }
      if (id === '') return;
      const contact = getContact(id);
      if (contact === undefined) {
        this.setData({ contactId: id, missing: true });
        return;
      }
      const phone = formatPhone(dialString(contact));
      // The agent edits the real number: masking is for lists, not for the number being changed.
      this.setData({
        contactId: id,
        form: { name: contact.name, phone, company: contact.company, note: contact.note },
      });
    },

    /** The title follows the mode; WeChat applies it reliably once the page is ready. */
    onReady() {
      if (this.data.mode === 'import') wx.setNavigationBarTitle({ title: '粘贴导入联系人' });
      else if (this.data.contactId !== '') wx.setNavigationBarTitle({ title: '编辑联系人' });
    },

    onFieldChange(event) {
      const field = event.currentTarget.dataset.field;
      const patch: Record<string, string> = { [`form.${field}`]: event.detail };
      if (this.data.errors[field] !== undefined && this.data.errors[field] !== '') patch[`errors.${field}`] = '';
      if (field === 'phone' && this.data.duplicateName !== '') patch['duplicateName'] = '';
      this.setData(patch);
    },

    onSave() {
      this.save(false);
    },

    onSaveAnyway() {
      this.save(true);
    },

    save(allowDuplicate) {
      const id = this.data.contactId;
      const result = saveContact({ ...this.data.form, ...(id === '' ? {} : { id }) }, { allowDuplicate });
      if (!result.ok) {
        const duplicateName = result.duplicate?.name ?? '';
        this.setData({ errors: result.errors, duplicateName });
        if (result.storage !== undefined) wx.showToast({ title: result.storage, icon: 'none', duration: 2500 });
        return;
      }
      this.setData({ errors: {}, duplicateName: '' });
      wx.showToast({ title: id === '' ? '已添加' : '已保存', icon: 'success' });
      wx.navigateBack({});
    },

    onDelete() {
      const id = this.data.contactId;
      const contact = getContact(id);
      if (contact === undefined) return;
      wx.showModal({
        title: '删除联系人',
        content: `确定删除「${contact.name}」吗？与其有关的通话记录会保留。`,
        confirmText: '删除',
        confirmColor: '#ee0a24',
        success: (answer) => {
          if (!answer.confirm) return;
          if (!deleteContact(id)) {
            wx.showToast({ title: '删除失败，请重试', icon: 'none' });
            return;
          }
          wx.showToast({ title: '已删除', icon: 'success' });
          wx.navigateBack({});
        },
      });
    },

    onToImport() {
      wx.redirectTo({ url: '/pages/contact-edit/contact-edit?mode=import' });
    },

    /** Reads the clipboard (declared in the privacy guide, see README) and checks it at once. */
    onPaste() {
      void readClipboard().then((read) => {
        if (!read.ok) {
          wx.showToast({ title: read.message, icon: 'none', duration: 2500 });
          return;
        }
        const text = read.text;
        if (text.trim() === '') {
          wx.showToast({ title: '剪贴板是空的，请先在表格中复制', icon: 'none' });
          return;
        }
        this.pastedText = text;
        // A very long paste is checked whole but shown cut short in the box.
        const shown = text.length <= PASTE_ECHO_CHARS ? text : `${text.slice(0, PASTE_ECHO_CHARS)}\n……`;
        this.setData({ importText: shown, importKey: this.data.importKey + 1 });
        this.runPreview(text);
      });
    },

    onImportTextChange(event) {
      this.pastedText = event.detail;
      this.setData({
        importText: event.detail,
        ...(this.data.preview !== null || this.data.problem !== '' ? { preview: null, problem: '' } : {}),
      });
    },

    onPreview() {
      this.runPreview(this.pastedText);
    },

    runPreview(text) {
      const preview = previewImport(text, (dial) => findContactByPhone(dial) !== undefined);
      this.checked = preview;
      this.setData({
        problem: preview.problem ?? '',
        preview: preview.problem === undefined ? importPreviewView(preview, showNumber) : null,
        report: '',
      });
    },

    onImport() {
      const preview = this.checked;
      if (preview === undefined || preview.counts.ok === 0) return;
      const stored = importContacts(importableRows(preview));
      if (stored.failure !== undefined) {
        this.setData({ problem: stored.failure });
        return;
      }
      const report = importSummary({
        added: stored.added,
        skipped: preview.counts.errors + stored.skipped,
        duplicates: preview.counts.duplicates + stored.duplicates,
      });
      this.checked = undefined;
      this.setData({ report });
      wx.showToast({ title: `已添加 ${stored.added} 个`, icon: 'success' });
    },

    onDone() {
      wx.navigateBack({});
    },

    onImportMore() {
      this.pastedText = '';
      this.setData({ report: '', preview: null, problem: '', importText: '', importKey: this.data.importKey + 1 });
    },
  },
});
