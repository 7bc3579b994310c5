/** Work a view defers until what it just sent is drawn: steps run one per turn, a frame apart, in order. */

/**
 * The pause before each step: a frame at 60 Hz, so the renderer draws what the previous step sent before the next
 * one starts (where logic and rendering share a thread, a step started at once would hold the frame back).
 */
export const FRAME_MS = 17;

type Timer = ReturnType<typeof setTimeout>;

/** One per view: then() queues a step, cancel() drops those waiting (a reload starts its own, or the view is gone). */
export class PaintSteps {
  private queue: Array<() => void> = [];
  private timer: Timer | undefined;

  then(step: () => void): void {
    this.queue.push(step);
    this.schedule();
  }

  cancel(): void {
    this.queue = [];
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Steps still waiting (a test or a caller that must know the view is complete). */
  get waiting(): number {
    return this.queue.length;
  }

  private schedule(): void {
    if (this.timer !== undefined || this.queue.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const step = this.queue.shift();
      // The next step is queued first, so a step that throws does not stop the ones after it.
      this.schedule();
      step?.();
    }, FRAME_MS);
  }
}
