/**
 * Stand-ins for WeChat's native built-ins that simulate leaves as bare slots: input, textarea and image
 * get a real element inside, so people and tests can type and see pictures.
 */

import jComponent from 'j-component';

interface BuiltinInstance {
  data: Record<string, unknown>;
  _exparserNode: { $$: HTMLElement };
  triggerEvent(name: string, detail: object): void;
  native?: HTMLInputElement | HTMLTextAreaElement | HTMLImageElement;
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

export function registerBuiltins(resolveImageSrc: (src: string) => string): void {
  registerField('input');
  registerField('textarea');
  registerImage(resolveImageSrc);
}
