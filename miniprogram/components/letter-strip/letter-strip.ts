/** The contacts list's letter strip: tap or slide to a letter, its bubble shown meanwhile; the page scrolls on `jump`. */

import { jumpAtOffset, StripMark, stripMarks } from '../../core/contactListView';

/** Height of one letter in the jump strip (px, as in the wxss): WeChat flags tap targets under 20 px. */
const JUMP_LETTER_HEIGHT = 20;

interface StripData {
  jumps: StripMark[];
  activeLetter: string;
}

interface StripProperties extends WechatMiniprogram.Component.PropertyOption {
  /** Each group's letter, in list order: the layout's jumps; a `jump` event names a place in it. */
  letters: { type: ArrayConstructor; value: string[] };
  /** Height (px) the page has beside its list; 0 until measured, when every letter shows. */
  room: NumberConstructor;
  /** Off while the page shows search results: the strip hides. */
  shown: { type: BooleanConstructor; value: boolean };
}

interface StripFields {
  /** Where the first letter starts (px from the viewport's top), measured when a thumb lands on the strip. */
  stripTop: number;
}

/** A tap anywhere on the strip: on a letter, its dataset names the place; between letters, the thumb's height does. */
type JumpEvent = WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { index?: number }>;

type StripMethods = {
  fitStrip(): void;
  jumpTo(position: number): void;
  onJumpTap(event: JumpEvent): void;
  positionAt(clientY: number): number;
  onJumpTouch(event: WechatMiniprogram.TouchEvent): void;
  onJumpEnd(): void;
};

Component<StripData, StripProperties, StripMethods, [], StripFields>({
  options: { styleIsolation: 'apply-shared' },
  properties: {
    letters: { type: Array, value: [] },
    room: Number,
    shown: { type: Boolean, value: true },
  },
  data: {
    jumps: [],
    activeLetter: '',
  },
  observers: {
    'letters, room'() {
      this.fitStrip();
    },
  },
  lifetimes: {
    created() {
      this.stripTop = 0;
    },
  },
  methods: {
    /** Shows as many letters as fit beside the list (the callbacks' card takes some of it); sent only on change. */
    fitStrip() {
      const letters = this.data.letters as string[];
      const jumps = stripMarks(letters, Math.floor(this.data.room / JUMP_LETTER_HEIGHT));
      if (JSON.stringify(jumps) !== JSON.stringify(this.data.jumps)) this.setData({ jumps });
    },

    /** Tells the page which letter to scroll to; the same letter twice in a slide is one jump. */
    jumpTo(position) {
      const letter = (this.data.letters as string[])[position];
      if (letter === undefined || letter === this.data.activeLetter) return;
      this.triggerEvent('jump', { position });
      this.setData({ activeLetter: letter });
    },

    onJumpTap(event) {
      const index = event.target.dataset.index;
      const touch = event.changedTouches[0];
      if (index !== undefined) this.jumpTo(Number(index));
      else if (touch !== undefined) this.jumpTo(this.positionAt(touch.clientY));
      this.setData({ activeLetter: '' });
    },

    /** The place among all letters under a thumb at this height; the letters sit centred in the strip. */
    positionAt(clientY: number) {
      const count = (this.data.letters as string[]).length;
      return jumpAtOffset(clientY - this.stripTop, this.data.jumps.length, JUMP_LETTER_HEIGHT, count);
    },

    /** Sliding a thumb along the strip jumps letter by letter, as in a phone's contacts. */
    onJumpTouch(event) {
      const touch = event.touches[0];
      if (touch === undefined) return;
      if (event.type === 'touchstart') {
        this.createSelectorQuery()
          .select('#jump-strip')
          .boundingClientRect((rect) => {
            if (rect)
              this.stripTop = rect.top + Math.max(0, (rect.height - this.data.jumps.length * JUMP_LETTER_HEIGHT) / 2);
          })
          .exec();
        return;
      }
      this.jumpTo(this.positionAt(touch.clientY));
    },

    onJumpEnd() {
      if (this.data.activeLetter !== '') this.setData({ activeLetter: '' });
    },
  },
});
