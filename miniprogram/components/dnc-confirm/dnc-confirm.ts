/** Confirmation for calling a number on the do-not-call list; its "仍要拨打" button calls again from a real tap. */

import { CallRequest } from '../../services/callLauncher';
import { callFromTap } from '../../services/callFlow';

Component<
  { show: boolean; message: string },
  Record<string, never>,
  { ask(request: CallRequest, message: string): void; onCancel(): void; onOverride(): void },
  [],
  { request: CallRequest | undefined }
>({
  data: { show: false, message: '' },
  lifetimes: {
    created() {
      this.request = undefined;
    },
  },
  methods: {
    /** Called by callFromTap when the number is on the list. */
    ask(request: CallRequest, message: string) {
      this.request = request;
      this.setData({ show: true, message });
    },
    onCancel() {
      this.request = undefined;
      this.setData({ show: false });
    },
    onOverride() {
      const request = this.request;
      this.request = undefined;
      this.setData({ show: false });
      // Synchronous, inside this button's tap: WeChat allows the jump.
      if (request !== undefined) callFromTap({ ...request, overrideDoNotCall: true }, this);
    },
  },
});
