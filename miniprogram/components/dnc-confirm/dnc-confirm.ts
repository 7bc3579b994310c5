/**
 * Confirmation before a guarded call (a number on the do-not-call list, outside the calling hours, storage nearly
 * full); its confirm button calls again from a real tap. The name is kept from when it guarded do-not-call only.
 */

import { CallRequest } from '../../services/callLauncher';
import { callFromTap, CallPrompt } from '../../services/callFlow';

interface ConfirmData {
  show: boolean;
  title: string;
  message: string;
  hint: string;
  confirmText: string;
  danger: boolean;
}

Component<
  ConfirmData,
  Record<string, never>,
  { ask(request: CallRequest, prompt: CallPrompt): void; onCancel(): void; onOverride(): void },
  [],
  { request: CallRequest | undefined; override: Partial<CallRequest> }
>({
  data: { show: false, title: '', message: '', hint: '', confirmText: '', danger: true },
  lifetimes: {
    created() {
      this.request = undefined;
      this.override = {};
    },
  },
  methods: {
    /** Called by callFromTap when a guard refuses the call. */
    ask(request: CallRequest, prompt: CallPrompt) {
      this.request = request;
      this.override = prompt.override;
      const { title, message, hint, confirmText, danger } = prompt;
      this.setData({ show: true, title, message, hint, confirmText, danger });
    },
    onCancel() {
      this.request = undefined;
      this.setData({ show: false });
    },
    onOverride() {
      const request = this.request;
      this.request = undefined;
      this.setData({ show: false });
      // Synchronous, inside this button's tap: WeChat allows the jump. A further guard asks again right here.
      if (request !== undefined) callFromTap({ ...request, ...this.override }, this);
    },
  },
});
