/** WeChat's native feedback drawn on the phone: toast and loading, modal, action sheet. */

const ICONS: Record<string, string> = {
  success:
    '<svg viewBox="0 0 40 40" width="40" height="40"><path d="M8 21l8 8L33 12" fill="none" stroke="#fff" stroke-width="3.2" stroke-linecap="round" stroke-linejoin="round"/></svg>',
  error:
    '<svg viewBox="0 0 40 40" width="40" height="40"><circle cx="20" cy="20" r="16" fill="none" stroke="#fff" stroke-width="2.6"/><path d="M20 11v12" stroke="#fff" stroke-width="3" stroke-linecap="round"/><circle cx="20" cy="28.5" r="2" fill="#fff"/></svg>',
  loading:
    '<svg class="sim-spinner" viewBox="0 0 40 40" width="40" height="40"><circle cx="20" cy="20" r="15" fill="none" stroke="rgba(255,255,255,.3)" stroke-width="3"/><path d="M20 5a15 15 0 0 1 15 15" fill="none" stroke="#fff" stroke-width="3" stroke-linecap="round"/></svg>',
};

export interface ToastRequest {
  title: string;
  icon: string;
  duration: number;
  mask: boolean;
}

export interface ModalRequest {
  title: string;
  content: string;
  showCancel: boolean;
  cancelText: string;
  cancelColor: string;
  confirmText: string;
  confirmColor: string;
  editable: boolean;
  placeholderText: string;
}

export interface ModalAnswer {
  confirm: boolean;
  content?: string;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string) {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export class Feedback {
  private toast: { node: HTMLElement; timer: number | undefined } | undefined;

  constructor(private readonly layer: HTMLElement) {}

  showToast(request: ToastRequest): void {
    this.hideToast();
    const wrapper = element('div', request.mask ? 'sim-toast-layer sim-toast-layer--mask' : 'sim-toast-layer');
    const icon = ICONS[request.icon];
    const box = element('div', icon === undefined ? 'sim-toast sim-toast--text' : 'sim-toast');
    box.setAttribute('role', 'alert');
    if (icon !== undefined) box.insertAdjacentHTML('beforeend', `<div class="sim-toast-icon">${icon}</div>`);
    box.appendChild(element('div', 'sim-toast-title', request.title));
    wrapper.appendChild(box);
    this.layer.appendChild(wrapper);
    const timer = Number.isFinite(request.duration)
      ? window.setTimeout(() => this.hideToast(), request.duration)
      : undefined;
    this.toast = { node: wrapper, timer };
  }

  hideToast(): void {
    if (this.toast === undefined) return;
    window.clearTimeout(this.toast.timer);
    this.toast.node.remove();
    this.toast = undefined;
  }

  showModal(request: ModalRequest): Promise<ModalAnswer> {
    return new Promise((resolve) => {
      const mask = element('div', 'sim-mask');
      const dialog = element('div', 'sim-modal');
      dialog.setAttribute('role', 'dialog');
      if (request.title !== '') dialog.appendChild(element('div', 'sim-modal-title', request.title));
      let input: HTMLTextAreaElement | undefined;
      if (request.editable) {
        input = element('textarea', 'sim-modal-input');
        input.value = request.content;
        input.placeholder = request.placeholderText;
        dialog.appendChild(input);
      } else if (request.content !== '') {
        dialog.appendChild(element('div', 'sim-modal-content', request.content));
      }
      const buttons = element('div', 'sim-modal-buttons');
      const close = (answer: ModalAnswer) => {
        mask.remove();
        resolve(answer);
      };
      if (request.showCancel) {
        const cancel = element('button', 'sim-modal-button sim-modal-cancel', request.cancelText);
        cancel.style.color = request.cancelColor;
        cancel.addEventListener('click', () => close({ confirm: false }));
        buttons.appendChild(cancel);
      }
      const confirm = element('button', 'sim-modal-button sim-modal-confirm', request.confirmText);
      confirm.style.color = request.confirmColor;
      confirm.addEventListener('click', () =>
        close(input === undefined ? { confirm: true } : { confirm: true, content: input.value }),
      );
      buttons.appendChild(confirm);
      dialog.appendChild(buttons);
      mask.appendChild(dialog);
      this.layer.appendChild(mask);
    });
  }

  /** Resolves with the tapped index, or undefined when the user cancels. */
  showActionSheet(items: string[], itemColor: string, alertText: string): Promise<number | undefined> {
    return new Promise((resolve) => {
      const mask = element('div', 'sim-mask sim-mask--bottom');
      const sheet = element('div', 'sim-action-sheet');
      sheet.setAttribute('role', 'menu');
      const close = (index: number | undefined) => {
        mask.remove();
        resolve(index);
      };
      if (alertText !== '') sheet.appendChild(element('div', 'sim-action-sheet-alert', alertText));
      items.forEach((item, index) => {
        const button = element('button', 'sim-action-sheet-item', item);
        button.style.color = itemColor;
        button.addEventListener('click', () => close(index));
        sheet.appendChild(button);
      });
      const cancel = element('button', 'sim-action-sheet-item sim-action-sheet-cancel', '取消');
      cancel.addEventListener('click', () => close(undefined));
      sheet.appendChild(cancel);
      mask.addEventListener('click', (event) => {
        if (event.target === mask) close(undefined);
      });
      mask.appendChild(sheet);
      this.layer.appendChild(mask);
    });
  }
}
