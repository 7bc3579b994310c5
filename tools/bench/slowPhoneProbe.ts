/**
 * The slow-phone section's probe inside the simulator page: the input event's time, the first frame showing each
 * expected result, long tasks, and the call to wx.navigateToMiniProgram, all on the page's own clock.
 */

import { PROBE_SCRIPT_URL } from './slowPhoneReport';

/** A result the step waits for: the first element matching the selector (and the text, and visible, and new). */
export interface ProbeTarget {
  name: string;
  selector: string;
  /** A pattern (RegExp source) the element's text must match. */
  text?: string;
  /** It must have a box (not display: none, not inside a hidden page). */
  visible?: boolean;
  /** Elements already matching when the step is armed do not count. */
  fresh?: boolean;
}

export interface ProbeResult {
  /** The input event's timeStamp (performance.now() clock): when the browser received the click. */
  inputAt?: number;
  /** When each target was first in the DOM as asked. */
  shown: Record<string, number>;
  /** When the frame after that had been drawn: a message posted from the next requestAnimationFrame. */
  painted: Record<string, number>;
  /** When the app called wx.navigateToMiniProgram. */
  navigateAt?: number;
  /** Long tasks (≥ 50 ms) that started after the input. */
  longTasks: { start: number; duration: number }[];
}

export interface SlowPhoneProbe {
  arm(targets: ProbeTarget[]): void;
  /** Every target painted and nothing changed in the page (DOM, long tasks) for quietMs. */
  settled(quietMs: number): boolean;
  result(): ProbeResult;
}

export const MARKER_FUNCTION = 'slowPhoneMarker';

/**
 * A script that keeps the main thread busy ~3 ms inside `slowPhoneMarker` and returns when it started: its first
 * sample in the CPU profile lines the profile's clock up with the page's. A new script each time (the count), so
 * the function is freshly compiled and named in every profile; pure JS between rare clock reads, because time
 * inside performance.now() is sampled as native, without the function's frame.
 */
export function markerScript(count: number): string {
  return `(function ${MARKER_FUNCTION}() {
  const started = performance.now();
  let spin = ${count};
  while (performance.now() - started < 3) for (let i = 0; i < 20000; i += 1) spin = (spin * 31 + i) % 1000003;
  return spin === -1 ? -1 : started;
})();
//# sourceURL=${PROBE_SCRIPT_URL}`;
}

/** Runs in the page (serialised by toString): keep it self-contained. */
function installProbe(): void {
  interface Step {
    targets: ProbeTarget[];
    stale: Map<string, WeakSet<Element>>;
    result: ProbeResult;
  }
  const host = window as unknown as { __slowPhone?: SlowPhoneProbe; wx?: Record<string, unknown> };
  if (host.__slowPhone !== undefined) return;
  let step: Step | undefined;
  let lastActivity = performance.now();
  const allLongTasks: { start: number; duration: number }[] = [];

  const matches = (target: ProbeTarget, stale: WeakSet<Element> | undefined): boolean => {
    const pattern = target.text === undefined ? undefined : new RegExp(target.text);
    for (const element of Array.from(document.querySelectorAll(target.selector))) {
      if (stale?.has(element) === true) continue;
      if (pattern !== undefined && !pattern.test(element.textContent ?? '')) continue;
      if (target.visible === true && element.getClientRects().length === 0) continue;
      return true;
    }
    return false;
  };

  const check = (): void => {
    const current = step;
    if (current === undefined) return;
    for (const target of current.targets) {
      if (current.result.shown[target.name] !== undefined) continue;
      if (!matches(target, current.stale.get(target.name))) continue;
      current.result.shown[target.name] = performance.now();
      requestAnimationFrame(() => {
        // A task posted from the frame's rAF runs once that frame's style, layout and paint are done.
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          current.result.painted[target.name] = performance.now();
        };
        channel.port2.postMessage(0);
      });
    }
  };

  const observer = new MutationObserver(() => {
    lastActivity = performance.now();
    check();
  });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      allLongTasks.push({ start: entry.startTime, duration: entry.duration });
      lastActivity = Math.max(lastActivity, entry.startTime + entry.duration);
    }
  }).observe({ type: 'longtask', buffered: true });
  window.addEventListener(
    'click',
    (event) => {
      if (step !== undefined && step.result.inputAt === undefined) step.result.inputAt = event.timeStamp;
    },
    true,
  );
  const wx = host.wx;
  const navigate = wx?.['navigateToMiniProgram'];
  if (wx !== undefined && typeof navigate === 'function') {
    wx['navigateToMiniProgram'] = function (this: unknown, ...args: unknown[]): unknown {
      if (step !== undefined && step.result.navigateAt === undefined) step.result.navigateAt = performance.now();
      return (navigate as (...a: unknown[]) => unknown).apply(this, args);
    };
  }

  host.__slowPhone = {
    arm(targets) {
      const stale = new Map<string, WeakSet<Element>>();
      for (const target of targets) {
        if (target.fresh === true)
          stale.set(target.name, new WeakSet(Array.from(document.querySelectorAll(target.selector))));
      }
      step = { targets, stale, result: { shown: {}, painted: {}, longTasks: [] } };
      lastActivity = performance.now();
      observer.disconnect();
      observer.observe(document.documentElement, {
        subtree: true,
        childList: true,
        characterData: true,
        attributes: true,
      });
      check();
    },
    settled(quietMs) {
      const current = step;
      if (current === undefined || current.result.inputAt === undefined) return false;
      const painted = current.targets.every((t) => current.result.painted[t.name] !== undefined);
      return painted && performance.now() - lastActivity >= quietMs;
    },
    result() {
      observer.disconnect();
      const current = step;
      step = undefined;
      if (current === undefined) return { shown: {}, painted: {}, longTasks: [] };
      const from = current.result.inputAt ?? Infinity;
      return { ...current.result, longTasks: allLongTasks.filter((t) => t.start + t.duration > from) };
    },
  };
}

/** The probe as a script for page.evaluate, named so the CPU profile tells its cost apart. */
export const PROBE_SCRIPT = `(${installProbe.toString()})();\n//# sourceURL=${PROBE_SCRIPT_URL}`;
