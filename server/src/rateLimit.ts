/** Fixed-window rate limiter kept in memory (per instance), keyed by whatever the caller limits. */

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the window resets; 0 when allowed. */
  retryAfterSeconds: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  take(key: string): RateDecision {
    const now = this.now();
    let window = this.windows.get(key);
    if (window === undefined || now - window.start >= this.windowMs) {
      window = { start: now, count: 0 };
      this.windows.set(key, window);
      if (this.windows.size > 10_000) this.sweep(now);
    }
    if (window.count >= this.limit) {
      return { allowed: false, retryAfterSeconds: Math.ceil((window.start + this.windowMs - now) / 1000) };
    }
    window.count += 1;
    return { allowed: true, retryAfterSeconds: 0 };
  }

  /** Whether the key is at its limit now, without counting a try (a lock-out checks before it counts failures). */
  peek(key: string): RateDecision {
    const now = this.now();
    const window = this.windows.get(key);
    if (window === undefined || now - window.start >= this.windowMs || window.count < this.limit) {
      return { allowed: true, retryAfterSeconds: 0 };
    }
    return { allowed: false, retryAfterSeconds: Math.ceil((window.start + this.windowMs - now) / 1000) };
  }

  /** Forgets a key (a successful sign-in clears its failures). */
  reset(key: string): void {
    this.windows.delete(key);
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (now - window.start >= this.windowMs) this.windows.delete(key);
  }
}
