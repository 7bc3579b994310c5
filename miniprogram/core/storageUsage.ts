/** How full local storage is, as the settings page says it. No wx here. */

/** WeChat's performance audit flags local storage over half full. */
export const STORAGE_WARN_RATIO = 0.5;

export interface StorageUsageView {
  /** 0.3 MB / 10 MB（3%） */
  text: string;
  /** 0..100, rounded. */
  percent: number;
  warn: boolean;
}

function sizeText(kb: number): string {
  if (kb < 1024) return `${Math.round(kb)} KB`;
  const mb = kb / 1024;
  return `${mb >= 10 ? Math.round(mb) : Math.round(mb * 10) / 10} MB`;
}

/** Sizes come from wx.getStorageInfoSync in KB. */
export function describeStorageUsage(currentKb: number, limitKb: number): StorageUsageView {
  const ratio = limitKb > 0 ? currentKb / limitKb : 0;
  const percent = Math.min(100, Math.round(ratio * 100));
  return {
    text: `${sizeText(currentKb)} / ${sizeText(limitKb)}（${percent}%）`,
    percent,
    warn: ratio > STORAGE_WARN_RATIO,
  };
}
