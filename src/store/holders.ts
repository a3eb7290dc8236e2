import { decoderOf, type Decoded } from './decode.js';
import { messageOf } from './errors.js';
import type { ConnectionOptions, SseError, SseEvents, SseListener } from './types.js';

// What holding a connection means (registry.ts), for a tab's own connections and `shared` ones alike: who
// listens to which event names, how a message reaches them, and how holders' options join.

/** What one holder listens to: event names with their decoders, and where their messages and rejections go. */
export interface Wanted {
  events: SseEvents;
  listener: SseListener | null;
  onReject?: ((error: SseError) => void) | undefined;
}

export interface Subscription {
  events: SseEvents;
  listener: SseListener;
  onReject: ((error: SseError) => void) | undefined;
  active: boolean;
}

/** A connection's listeners by event name. */
export type Listeners = Map<string, Set<Subscription>>;

/**
 * Listens to `events` (a null listener holds without listening). The removal it returns says whether a
 * name lost its last listener; undefined when it was already removed.
 */
export function listen(listeners: Listeners, { events, listener, onReject }: Wanted): () => boolean | undefined {
  const subscription: Subscription = { events, listener: listener ?? (() => {}), onReject, active: true };
  const names = Object.keys(events);
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

/**
 * Straight to the message's listeners, each with its own decoder's value, or its rejection; one that throws is
 * reported, the others still get the message. Each rejection is reported once, however many hold its decoder.
 */
export function deliver(listeners: Listeners, { raw, outcomes }: Decoded, key: string, onError: (error: SseError, key: string) => void): void {
  for (const { error } of outcomes) if (error) onError(error, key);
  // No copy: a Set iterates safely while one is removed.
  for (const subscription of listeners.get(raw.type) ?? []) {
    const decoder = decoderOf(subscription, raw.type);
    // None: the subscription came after the message did.
    const outcome = subscription.active && outcomes.find((candidate) => candidate.decoder === decoder);
    try {
      if (outcome && outcome.message) subscription.listener(outcome.message);
      else if (outcome) subscription.onReject?.(outcome.error!);
    } catch (error) {
      onError({ type: 'listener', message: `"${raw.type}" listener threw: ${messageOf(error)}` }, key);
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
