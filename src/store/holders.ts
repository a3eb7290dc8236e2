import { messageOf } from './errors.js';
import type { ConnectionOptions, SseError, SseListener, SseMessage } from './types.js';

// What holding a connection means (registry.ts), for a tab's own connections and `shared` ones alike: who
// listens to which event names, how a message reaches them, and how holders' options join.

interface Subscription {
  listener: SseListener;
  active: boolean;
}

/** A connection's listeners by event name. */
export type Listeners = Map<string, Set<Subscription>>;

/**
 * Listens to `events` (a null listener holds without listening). The removal it returns says whether a
 * name lost its last listener; undefined when it was already removed.
 */
export function listen(listeners: Listeners, events: readonly string[], listener: SseListener | null): () => boolean | undefined {
  const subscription: Subscription = { listener: listener ?? (() => {}), active: true };
  const names = new Set(events);
  for (const name of names) {
    let set = listeners.get(name);
    if (!set) listeners.set(name, (set = new Set()));
    set.add(subscription);
  }
  return () => {
    if (!subscription.active) return undefined;
    subscription.active = false;
    let emptied = false;
    for (const name of names) {
      const set = listeners.get(name)!;
      set.delete(subscription);
      if (!set.size) emptied = listeners.delete(name);
    }
    return emptied;
  };
}

/** Straight to the message's listeners; one that throws is reported, the others still get the message. */
export function deliver(listeners: Listeners, message: SseMessage, key: string, onError: (error: SseError, key: string) => void): void {
  // No copy: a Set iterates safely while one is removed.
  for (const subscription of listeners.get(message.type) ?? []) {
    try {
      if (subscription.active) subscription.listener(message);
    } catch (error) {
      onError({ type: 'listener', message: `"${message.type}" listener threw: ${messageOf(error)}` }, key);
    }
  }
}

/**
 * A new holder's options joined to a connection's: holders share the connection, so they share its
 * options. The first to set one decides it, but the newest headers win, so a holder with a refreshed
 * token is heard at the next attempt.
 */
export function mergeOptions(options: ConnectionOptions, more: ConnectionOptions): void {
  for (const name in more) {
    (options as Record<string, unknown>)[name] ??= more[name as keyof ConnectionOptions];
  }
  if (more.headers) options.headers = more.headers;
}
