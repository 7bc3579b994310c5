/** How full local storage is, as the settings page says it. No wx here. */

/** WeChat's performance audit flags local storage over half full. */
export const STORAGE_WARN_RATIO = 0.5;

/** Before dialling, above this share of the quota the agent is warned: a full store can no longer record calls. */
export const STORAGE_DIAL_WARN_RATIO = 0.8;

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

/** True when storage is above 80 % of its quota: time to warn before the next call. */
export function isStorageNearlyFull(currentKb: number, limitKb: number): boolean {
  return limitKb > 0 && currentKb / limitKb > STORAGE_DIAL_WARN_RATIO;
}

/** What the agent reads before dialling with storage nearly full. */
export function nearlyFullMessage(currentKb: number, limitKb: number): string {
  return `本机存储已用 ${describeStorageUsage(currentKb, limitKb).text}，存满后新的通话将无法记录。`;
}
