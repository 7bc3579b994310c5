/** Settings' outcome codes: the list with a remove button each, a box to add one, 恢复默认; `change` gives the new list. */

import { DEFAULT_OUTCOME_CODES } from '../../core/agentSettings';

interface EditorData {
  newCode: string;
  /**
   * Bumped when the editor empties the new outcome code box: a native input keeps its typed text until its bound value
   * changes, so the box is drawn anew.
   */
  resetKey: number;
}

interface EditorProperties extends WechatMiniprogram.Component.PropertyOption {
  /** The list as the page holds it (unsaved edits included). */
  codes: { type: ArrayConstructor; value: string[] };
  /** The page's error for the list, shown under the box. */
  error: StringConstructor;
}

type IndexEvent = WechatMiniprogram.BaseEvent<WechatMiniprogram.IAnyObject, { index: number }>;

type EditorMethods = {
  onNewCodeChange(event: VantEvent<string>): void;
  onAddCode(): void;
  onRemoveCode(event: IndexEvent): void;
  onResetCodes(): void;
  setCodes(codes: string[]): void;
};

Component<EditorData, EditorProperties, EditorMethods, []>({
  options: { styleIsolation: 'apply-shared' },
  properties: {
    codes: { type: Array, value: [] },
    error: String,
  },
  data: {
    newCode: '',
    resetKey: 0,
  },
  methods: {
    onNewCodeChange(event) {
      this.setData({ newCode: event.detail });
    },

    /** A code already in the list is refused (`refuse` with the message); the list is unchanged. */
    onAddCode() {
      const code = this.data.newCode.trim();
      if (code === '') return;
      const codes = this.data.codes as string[];
      if (codes.includes(code)) {
        this.triggerEvent('refuse', { message: '已有这个通话结果' });
        return;
      }
      this.setCodes([...codes, code]);
      this.setData({ newCode: '', resetKey: this.data.resetKey + 1 });
    },

    onRemoveCode(event) {
      this.setCodes((this.data.codes as string[]).filter((_, i) => i !== event.currentTarget.dataset.index));
    },

    onResetCodes() {
      this.setCodes([...DEFAULT_OUTCOME_CODES]);
    },

    /** The page validates, keeps the list and marks the settings unsaved. */
    setCodes(codes) {
      this.triggerEvent('change', { codes });
    },
  },
});
