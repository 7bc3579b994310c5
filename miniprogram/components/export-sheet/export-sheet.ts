/** The export sheet: the filtered calls as .xlsx or CSV, masked unless full numbers are confirmed, shared from a tap. */

import { CallFilter } from '../../core/callFilter';
import { ExportFormat } from '../../core/csvExport';
import { exportCalls, ExportedFile, shareExportedFile } from '../../services/exportFile';

interface SheetData {
  show: boolean;
  /** Calls the filter matches, as the stats counted them; -1 when not known yet. */
  calls: number;
  busy: boolean;
  progress: number;
  full: boolean;
  /** The file being made or made: .xlsx for Excel and WPS, CSV for other systems. */
  format: ExportFormat;
  done: string;
  error: string;
}

interface SheetFields {
  /** The filter in force when the sheet opened: the file holds what the list shows. */
  filter: CallFilter | undefined;
  exported: ExportedFile | undefined;
}

type SheetMethods = {
  open(filter: CallFilter, calls: number): void;
  follow(filter: CallFilter, calls: number): void;
  onClose(): void;
  onToggleFullNumbers(event: VantEvent<boolean>): void;
  onStartExport(event: WechatMiniprogram.BaseEvent<WechatMiniprogram.IAnyObject, { format?: ExportFormat }>): void;
  onShareExport(): void;
};

Component<SheetData, Record<string, never>, SheetMethods, [], SheetFields>({
  options: { styleIsolation: 'apply-shared' },
  data: {
    show: false,
    calls: -1,
    busy: false,
    progress: 0,
    full: false,
    format: 'xlsx',
    done: '',
    error: '',
  },
  lifetimes: {
    created() {
      this.filter = undefined;
      this.exported = undefined;
    },
  },
  methods: {
    /** Opens for the page's filter; full numbers stay as the supervisor last confirmed them. */
    open(filter, calls) {
      this.filter = filter;
      this.exported = undefined;
      this.setData({ show: true, calls, done: '', error: '', progress: 0 });
    },

    /** The page's filter changed, or its stats came in: a file made from now on holds what the list shows. */
    follow(filter, calls) {
      if (!this.data.show) return;
      this.filter = filter;
      if (calls !== this.data.calls) this.setData({ calls });
    },

    /** Not while a file is being made. */
    onClose() {
      if (!this.data.busy) this.setData({ show: false });
    },

    /** Full numbers are personal data: turning them on asks first. */
    onToggleFullNumbers(event) {
      if (!event.detail) {
        this.exported = undefined;
        this.setData({ full: false, done: '' });
        return;
      }
      wx.showModal({
        title: '导出完整号码？',
        content: '文件将包含客户的完整手机号码，属于个人信息。请确认接收人有权查看，并妥善保管。',
        confirmText: '确认导出',
        cancelText: '保持脱敏',
        success: (answer) => {
          if (answer.confirm) {
            this.exported = undefined;
            this.setData({ full: true, done: '' });
          }
        },
      });
    },

    onStartExport(event) {
      const filter = this.filter;
      if (this.data.busy || filter === undefined) return;
      const format: ExportFormat = event.currentTarget.dataset.format === 'csv' ? 'csv' : 'xlsx';
      this.exported = undefined;
      this.setData({ busy: true, format, progress: 0, done: '', error: '' });
      let lastPercent = 0;
      exportCalls(filter, Date.now(), {
        fullNumbers: this.data.full,
        format,
        onProgress: (done, total) => {
          const percent = Math.floor((done / total) * 20) * 5;
          if (percent === lastPercent) return;
          lastPercent = percent;
          this.setData({ progress: percent });
        },
      }).then((result) => {
        if (!result.ok) {
          this.setData({ busy: false, error: result.message });
          return;
        }
        this.exported = result;
        this.setData({ busy: false, progress: 100, done: `已生成 ${result.fileName}（${result.count} 条）` });
      });
    },

    /** A real tap on our own button: WeChat refuses shareFileMessage after an await. */
    onShareExport() {
      const file = this.exported;
      if (file === undefined) return;
      shareExportedFile(file, (outcome) => {
        if (outcome === 'shared') {
          wx.showToast({ title: '已发送', icon: 'success' });
          this.setData({ show: false });
        } else if (outcome !== 'cancelled') wx.showToast({ title: outcome.failed, icon: 'none' });
      });
    },
  },
});
