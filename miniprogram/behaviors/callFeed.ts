/**
 * How pages and components hear the call-change feed: subscribed when attached, unsubscribed when detached, and the
 * changes of one turn handed over together, so the host answers them with one setData (in the spirit of
 * mobx-miniprogram-bindings' behavior). The host implements onCallChanges.
 */

import { CallChange, CallChangeListener, offCallChange, onCallChange } from '../services/callEvents';

/** What a host of this behavior implements. */
export interface CallFeedHost {
  /** Every change since the last call, oldest first; called at most once a turn, never after detach. */
  onCallChanges(changes: CallChange[]): void;
}

interface Subscription {
  listener: CallChangeListener;
  queued: CallChange[];
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** Keyed by the host instance: a behavior has no fields of its own. */
const subscriptions = new WeakMap<object, Subscription>();

function flush(host: object, subscription: Subscription): void {
  subscription.timer = undefined;
  const changes = subscription.queued.splice(0, subscription.queued.length);
  if (changes.length > 0) (host as CallFeedHost).onCallChanges(changes);
}

export function subscribeCallFeed(host: object): void {
  if (subscriptions.has(host)) return;
  const subscription: Subscription = {
    queued: [],
    timer: undefined,
    listener: (change) => {
      subscription.queued.push(change);
      // A wrap-up writes the call, then a callback, then the do-not-call list: the host hears once, after all.
      if (subscription.timer === undefined) subscription.timer = setTimeout(() => flush(host, subscription), 0);
    },
  };
  subscriptions.set(host, subscription);
  onCallChange(subscription.listener);
}

export function unsubscribeCallFeed(host: object): void {
  const subscription = subscriptions.get(host);
  if (subscription === undefined) return;
  offCallChange(subscription.listener);
  if (subscription.timer !== undefined) clearTimeout(subscription.timer);
  subscriptions.delete(host);
}

export const callFeed = Behavior({
  lifetimes: {
    attached() {
      subscribeCallFeed(this);
    },
    detached() {
      unsubscribeCallFeed(this);
    },
  },
});
