/**
 * Stand-ins for WeChat's native built-ins that simulate leaves as bare slots: input, textarea and image
 * get a real element inside, so people and tests can type and see pictures; scroll-view scrolls and reports it.
 */

import jComponent from 'j-component';

interface BuiltinInstance {
  data: Record<string, unknown>;
  _exparserNode: { $$: HTMLElement };
  triggerEvent(name: string, detail: object): void;
  /** The real element behind the built-in, once attached. */
  native?: HTMLElement;
}

type Observer = (this: BuiltinInstance) => void;

/** A property that re-applies the native element's state when it changes. */
function prop(type: StringConstructor | NumberConstructor | BooleanConstructor | null, value: unknown, sync: Observer) {
  return {
    type,
    value,
    observer(this: BuiltinInstance) {
      if (this.native !== undefined) sync.call(this);
    },
  };
}

/** What the phone's keyboard allows for each input type: a number keyboard has no letters. */
const KEYBOARD_FILTERS: Record<string, RegExp> = {
  number: /[^0-9]/g,
  digit: /[^0-9.]/g,
  idcard: /[^0-9Xx]/g,
};

function text(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

function syncField(this: BuiltinInstance): void {
  const field = this.native as HTMLInputElement | HTMLTextAreaElement;
  const value = text(this.data['value']);
  if (field.value !== value) field.value = value;
  field.placeholder = text(this.data['placeholder']);
  field.disabled = this.data['disabled'] === true;
  const maxlength = Number(this.data['maxlength']);
  if (maxlength >= 0) field.maxLength = maxlength;
  else field.removeAttribute('maxlength');
  if (field instanceof HTMLInputElement) {
    const type = text(this.data['type']);
    field.type = this.data['password'] === true || type === 'safe-password' ? 'password' : 'text';
    field.inputMode = type === 'number' || type === 'idcard' ? 'numeric' : type === 'digit' ? 'decimal' : 'text';
  }
  if (this.data['focus'] === true || this.data['autoFocus'] === true) field.focus();
}

function wireField(instance: BuiltinInstance, field: HTMLInputElement | HTMLTextAreaElement): void {
  field.addEventListener('input', () => {
    const filter = KEYBOARD_FILTERS[text(instance.data['type'])];
    if (filter !== undefined && field instanceof HTMLInputElement) {
      const allowed = field.value.replace(filter, '');
      if (allowed !== field.value) field.value = allowed;
    }
    instance.triggerEvent('input', {
      value: field.value,
      cursor: field.selectionStart ?? field.value.length,
      keyCode: 0,
    });
  });
  field.addEventListener('focus', () => instance.triggerEvent('focus', { value: field.value, height: 0 }));
  field.addEventListener('blur', () =>
    instance.triggerEvent('blur', { value: field.value, cursor: field.value.length }),
  );
  field.addEventListener('keydown', (event) => {
    if ((event as KeyboardEvent).key === 'Enter' && field instanceof HTMLInputElement)
      instance.triggerEvent('confirm', { value: field.value });
  });
}

const FIELD_PROPERTIES = {
  value: prop(null, '', syncField),
  placeholder: prop(String, '', syncField),
  placeholderStyle: prop(String, '', syncField),
  placeholderClass: prop(String, '', syncField),
  disabled: prop(Boolean, false, syncField),
  maxlength: prop(Number, 140, syncField),
  focus: prop(Boolean, false, syncField),
  autoFocus: prop(Boolean, false, syncField),
  confirmType: prop(String, 'done', syncField),
};

function registerField(tag: 'input' | 'textarea'): void {
  jComponent.register({
    id: tag,
    tagName: `wx-${tag}`,
    template: '<block></block>',
    properties:
      tag === 'input'
        ? { ...FIELD_PROPERTIES, type: prop(String, 'text', syncField), password: prop(Boolean, false, syncField) }
        : { ...FIELD_PROPERTIES, autoHeight: prop(Boolean, false, syncField) },
    lifetimes: {
      attached(this: BuiltinInstance) {
        const field = document.createElement(tag);
        field.className = 'sim-native-field';
        this._exparserNode.$$.appendChild(field);
        this.native = field;
        wireField(this, field);
        syncField.call(this);
      },
    },
  } as never);
}

const IMAGE_FIT: Record<string, string> = {
  scaleToFill: 'fill',
  aspectFit: 'contain',
  aspectFill: 'cover',
  widthFix: 'fill',
  heightFix: 'fill',
};

function registerImage(resolveSrc: (src: string) => string): void {
  const syncImage: Observer = function () {
    const image = this.native as HTMLImageElement;
    const src = text(this.data['src']);
    const resolved = src === '' ? '' : resolveSrc(src);
    if (image.getAttribute('src') !== resolved) {
      if (resolved === '') image.removeAttribute('src');
      else image.src = resolved;
    }
    const mode = text(this.data['mode']) || 'scaleToFill';
    image.style.objectFit = IMAGE_FIT[mode] ?? 'none';
    this._exparserNode.$$.dataset['mode'] = mode;
  };
  jComponent.register({
    id: 'image',
    tagName: 'wx-image',
    template: '<block></block>',
    properties: {
      src: prop(String, '', syncImage),
      mode: prop(String, 'scaleToFill', syncImage),
      lazyLoad: prop(Boolean, false, syncImage),
    },
    lifetimes: {
      attached(this: BuiltinInstance) {
        const image = document.createElement('img');
        image.className = 'sim-native-image';
        image.alt = '';
        image.addEventListener('load', () =>
          this.triggerEvent('load', { width: image.naturalWidth, height: image.naturalHeight }),
        );
        image.addEventListener('error', () => this.triggerEvent('error', { errMsg: 'GET image fail' }));
        this._exparserNode.$$.appendChild(image);
        this.native = image;
        syncImage.call(this);
      },
    },
  } as never);
}

/** scroll-view: the host element is the scroll container; scroll and reach-the-end events as WeChat sends them. */
function registerScrollView(): void {
  const syncScroll: Observer = function () {
    const box = this._exparserNode.$$;
    box.style.overflowX = this.data['scrollX'] === true ? 'auto' : 'hidden';
    box.style.overflowY = this.data['scrollY'] === true ? 'auto' : 'hidden';
    if (this.data['enableFlex'] === true) box.style.display = 'flex';
    const top = Number(this.data['scrollTop']);
    if (this.data['scrollY'] === true && Number.isFinite(top) && Math.abs(box.scrollTop - top) >= 1)
      box.scrollTop = top;
    const left = Number(this.data['scrollLeft']);
    if (this.data['scrollX'] === true && Number.isFinite(left) && Math.abs(box.scrollLeft - left) >= 1)
      box.scrollLeft = left;
    const into = text(this.data['scrollIntoView']);
    if (into !== '') box.querySelector(`#${CSS.escape(into)}`)?.scrollIntoView({ block: 'start', inline: 'start' });
  };
  jComponent.register({
    id: 'scroll-view',
    tagName: 'wx-scroll-view',
    template: '<slot/>',
    properties: {
      scrollX: prop(Boolean, false, syncScroll),
      scrollY: prop(Boolean, false, syncScroll),
      scrollTop: prop(null, '', syncScroll),
      scrollLeft: prop(null, '', syncScroll),
      scrollIntoView: prop(String, '', syncScroll),
      enableFlex: prop(Boolean, false, syncScroll),
      upperThreshold: prop(Number, 50, syncScroll),
      lowerThreshold: prop(Number, 50, syncScroll),
      enhanced: prop(Boolean, false, syncScroll),
      showScrollbar: prop(Boolean, true, syncScroll),
      scrollWithAnimation: prop(Boolean, false, syncScroll),
    },
    lifetimes: {
      attached(this: BuiltinInstance) {
        const box = this._exparserNode.$$;
        this.native = box;
        let last = { top: box.scrollTop, left: box.scrollLeft };
        box.addEventListener('scroll', () => {
          const detail = {
            scrollTop: box.scrollTop,
            scrollLeft: box.scrollLeft,
            scrollHeight: box.scrollHeight,
            scrollWidth: box.scrollWidth,
            deltaX: box.scrollLeft - last.left,
            deltaY: box.scrollTop - last.top,
          };
          last = { top: box.scrollTop, left: box.scrollLeft };
          this.triggerEvent('scroll', detail);
          const lower = Number(this.data['lowerThreshold']);
          const vertical = this.data['scrollY'] === true;
          const toEnd = vertical
            ? box.scrollHeight - box.clientHeight - box.scrollTop
            : box.scrollWidth - box.clientWidth - box.scrollLeft;
          const moved = vertical ? detail.deltaY : detail.deltaX;
          if (moved > 0 && toEnd <= lower)
            this.triggerEvent('scrolltolower', { direction: vertical ? 'bottom' : 'right' });
          const start = vertical ? box.scrollTop : box.scrollLeft;
          if (moved < 0 && start <= Number(this.data['upperThreshold'])) {
            this.triggerEvent('scrolltoupper', { direction: vertical ? 'top' : 'left' });
          }
        });
        syncScroll.call(this);
      },
    },
  } as never);
}

export function registerBuiltins(resolveImageSrc: (src: string) => string): void {
  registerField('input');
  registerField('textarea');
  registerImage(resolveImageSrc);
  registerScrollView();
}
