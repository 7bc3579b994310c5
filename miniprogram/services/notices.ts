/** Shows the agent, once each, what happened behind their back: storage full, damaged data, no half-screen. */

import { takeCallLogNotices } from './callLog';
import { takeJumpNotices } from './tcccJump';

let showing = false;

/** Shows pending notices one modal at a time; safe to call on every show. True while a notice is up. */
export function showStoreNotices(): boolean {
  if (showing) return true;
  const [first, ...rest] = [...takeCallLogNotices(), ...takeJumpNotices()];
  if (first === undefined) return false;
  showing = true;
  wx.showModal({
    title: '提示',
    content: [first, ...rest].join('\n'),
    showCancel: false,
    confirmText: '知道了',
    complete: () => {
      showing = false;
    },
  });
  return true;
}
