/** The history's stats card: counts, talk time, splits and the day chart of the filtered calls, folding, 导出. */

import { StatsView } from '../../core/callStats';

interface CardData {
  /** Folded, the card shows only the four counts. */
  open: boolean;
}

interface CardProperties extends WechatMiniprogram.Component.PropertyOption {
  /** The stats of the filtered calls, as core/callStats draws them; null until the first run ends. */
  stats: { type: ObjectConstructor; value: StatsView | null };
  /** A long run under way: its progress (percent) shows over the card. */
  busy: BooleanConstructor;
  progress: NumberConstructor;
}

type CardMethods = {
  onToggleStats(): void;
  onExport(): void;
};

Component<CardData, CardProperties, CardMethods, []>({
  options: { styleIsolation: 'apply-shared' },
  properties: {
    stats: { type: Object, value: null },
    busy: Boolean,
    progress: Number,
  },
  data: {
    open: true,
  },
  methods: {
    /** Folds or unfolds; the page hears `resize` once drawn (the list below it moved). */
    onToggleStats() {
      this.setData({ open: !this.data.open }, () => this.triggerEvent('resize'));
    },

    /** The page opens the export sheet for the filter in force. */
    onExport() {
      this.triggerEvent('export');
    },
  },
});
