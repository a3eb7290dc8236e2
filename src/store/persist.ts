// `persist`: what a connection, a feed or a text keeps in the store's storage, so that a reload loses nothing.
// The store loads this on a page's first `persist` hold (a dynamic import), so pages that never persist load
// none of it; the hold waits for it, so the saved id is read before the first request. It imports no runtime
// code of the base entry (which would split a chunk off it): what it reads of the rules, the store hands it.
//
// - A connection's record (`resume`, the registry's resume hook): its last event id, the ids it delivered
//   (the last SEEN_IDS), and for a one-shot answer whether it ended whole. Written once per task, at its end.
// - An element's record (`keep`): what it shows (a feed's items, a text so far), written the same way.
// - Every record carries the time it was saved; past `persistFor` it is not used (and where the storage lists
//   its keys, it is removed). A page that goes away saves its records once more, so the time counts from when
//   the tab last had them, not from the last event.
// - Storage is never fatal: one that cannot be reached, throws or is full stops being used by this store;
//   a record that does not read is dropped. Either is reported once, through `onError` (type `storage`).
import type { SavedAnswer } from './phases.js';
import type { RegistryConfig } from './registry.js';
import { SeenIds } from './seen.js';
import type { SseStoreConfig } from './store.js';
import type { ConnectionOptions, SseMessage, SseStorage, SseTransportName } from './types.js';

/** Every key this code writes starts with it; a new record format gets a new one (old records are then ignored). */
export const STORAGE_PREFIX = 'sse-kit/persist/1 ';

/** The store's rules that persisting reads, handed over by the store. */
export interface PersistRules {
  /** A one-shot answer (`once`, `endOn`). */
  oneShot(options: Readonly<ConnectionOptions>): boolean;
  transportOf(options: Readonly<ConnectionOptions>): SseTransportName;
}

/** `persistFor` unless set: 10 minutes (see SseStoreConfig). */
export const PERSIST_FOR = 600_000;

/** One record: a value saved under one name, read when it is made. */
export interface Kept<T> {
  /** What was saved, unless there was none, it expired or it did not read. */
  readonly saved: T | undefined;
  /** Saves `value()` at the end of this task (the newest call's: a burst of messages makes one write). */
  save(value: () => T): void;
  /** Forgets it. */
  remove(): void;
}

/** A connection's record. */
interface SavedConnection {
  lastEventId: string;
  seen: string[];
  answer?: SavedAnswer;
}

/** What each kind of record holds. */
export interface Kinds {
  connection: SavedConnection;
  /** A feed's items, oldest first. */
  messages: SseMessage[];
  /** A text so far. */
  text: string;
}

/** What an element needs to keep what it shows. */
export interface Persistence {
  /**
   * The record `name` of kind `kind`, for the connection `key` (its name has the key in it: a connection key
   * never has a header value, only header names).
   */
  keep<K extends keyof Kinds>(name: string, kind: K, key: string): Kept<Kinds[K]>;
}

// Not errors.ts's messageOf: sharing it would split a chunk off the base entry for one line.
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** A record as JSON gives it back; null when it is not JSON (reported as any record that does not read). */
function parse(text: string): { savedAt?: unknown; value?: unknown } | null {
  try {
    return JSON.parse(text) as { savedAt?: unknown; value?: unknown } | null;
  } catch {
    return null;
  }
}

/** Whether `value` is an object whose `fields` have these `typeof`s. */
const shaped = (value: unknown, fields: Record<string, string>) =>
  !!value && typeof value == 'object' && Object.keys(fields).every((name) => typeof (value as Record<string, unknown>)[name] == fields[name]);

/** What a value read back must be, by kind: storage may hold anything (another app's key, an old format). */
const VALID: { [K in keyof Kinds]: (value: unknown) => boolean } = {
  connection: (value) => {
    const { seen, answer } = value as SavedConnection;
    return shaped(value, { lastEventId: 'string' }) && Array.isArray(seen) && seen.every((id) => typeof id == 'string') && [undefined, 'whole', 'unfinished'].includes(answer);
  },
  messages: (value) => Array.isArray(value) && value.every((message) => shaped(message, { type: 'string', data: 'string', lastEventId: 'string', receivedAt: 'number' })),
  text: (value) => typeof value == 'string',
};

/** EventSource cannot send an id on a first request: said once per page. */
let warned = false;

/**
 * One store's persistence: it becomes the registry's resume hook, and keeps records for the store's elements.
 * The storage is the store's `storage`, else `sessionStorage`, reached on first use (reaching it may throw).
 */
export function createPersistence(registry: RegistryConfig, config: SseStoreConfig, rules: PersistRules): Persistence {
  const persistFor = config.persistFor ?? PERSIST_FOR;
  /** The storage in use; null once it cannot be used (then nothing is read or saved any more). */
  let storage: SseStorage | null | undefined;
  let reported = false;
  /** What this page saved, to save again (with the time) when the page goes away. */
  const saving = new Set<() => void>();

  const report = (message: string, key: string) => {
    if (reported) return;
    reported = true;
    registry.onError({ type: 'storage', message }, key);
  };
  /** The storage threw: this store stops using it. */
  const broken = (doing: string, error: unknown, key: string) => {
    storage = null;
    saving.clear();
    report(`Storage ${doing} failed (${messageOf(error)}): nothing is saved for a reload`, key);
  };
  const reach = (key: string): SseStorage | null => {
    if (storage !== undefined) return storage;
    try {
      // Where there is none (a worker), reaching it throws too.
      storage = config.storage ?? sessionStorage;
      sweep(storage);
    } catch (error) {
      broken('access', error, key);
    }
    return storage ?? null;
  };

  /**
   * Records are read by name, and a name not used again (an answer of its own, a feed that moved) is never read
   * again: where the storage can list its keys (a Storage can), the expired ones are removed when it is reached.
   */
  const sweep = (storage: SseStorage & Partial<Pick<Storage, 'key' | 'length'>>) => {
    const now = Date.now();
    for (let i = (storage.length ?? 0) - 1; i >= 0; i--) {
      const item = storage.key!(i);
      if (!item?.startsWith(STORAGE_PREFIX)) continue;
      const savedAt = parse(storage.getItem(item) ?? '')?.savedAt;
      if (typeof savedAt == 'number' && now - savedAt > persistFor) storage.removeItem(item);
    }
  };

  if (typeof addEventListener == 'function') addEventListener('pagehide', () => saving.forEach((save) => save()));

  function keep<K extends keyof Kinds>(name: string, kind: K, key: string): Kept<Kinds[K]> {
    type T = Kinds[K];
    const item = STORAGE_PREFIX + name;
    /** The newest value, made when it is written. */
    let value: (() => T) | undefined;
    /** A write is queued for the end of this task. */
    let due = false;
    let saved: T | undefined;
    let text: string | null = null;
    try {
      text = reach(key)?.getItem(item) ?? null;
    } catch (error) {
      broken('read', error, key);
    }
    if (text !== null) {
      const record = parse(text);
      if (!record || typeof record.savedAt != 'number' || !VALID[kind](record.value)) {
        report(`The saved record "${name}" does not read: it is dropped`, key);
        remove();
      } else if (Date.now() - record.savedAt > persistFor) {
        remove();
      } else {
        saved = record.value as T;
      }
    }

    function write() {
      due = false;
      if (!value || !storage) return;
      try {
        storage.setItem(item, JSON.stringify({ savedAt: Date.now(), value: value() }));
      } catch (error) {
        broken('write', error, key);
      }
    }
    function remove() {
      value = undefined;
      saving.delete(write);
      try {
        storage?.removeItem(item);
      } catch (error) {
        broken('removal', error, key);
      }
    }
    return {
      saved,
      save(next) {
        if (!storage) return;
        value = next;
        saving.add(write);
        if (due) return;
        due = true;
        // At the end of the task: a page unloads between tasks, never inside one, so nothing it showed is missed.
        queueMicrotask(write);
      },
      remove,
    };
  }

  registry.resume = (key, options) => {
    const kept = keep(`connection ${key}`, 'connection', key);
    const saved = kept.saved;
    // EventSource sends no Last-Event-ID on a first request: without `resumeParam`, no saved id can be sent.
    const canResume = rules.transportOf(options) == 'fetch' || !!options.resumeParam;
    if (!canResume && !warned) {
      warned = true;
      console.warn(`[sse-kit] persist: EventSource without resumeParam cannot send a saved id on its first request, so ${key} starts from now after a reload`);
    }
    const oneShot = rules.oneShot(options);
    let lastEventId = canResume ? (saved?.lastEventId ?? '') : '';
    let answer = oneShot ? saved?.answer : undefined;
    const seen = new SeenIds(saved?.seen);
    const save = () => kept.save(() => ({ lastEventId, seen: seen.list(), ...(answer && { answer }) }));
    return {
      lastEventId,
      answer,
      fresh({ lastEventId: id }, hasId) {
        // Only an id of its own counts: an event without one repeats the one before it, and is never dropped.
        // Where the transport cannot tell, an id that changed is its own.
        if (!id || !(hasId ?? id !== lastEventId)) return true;
        if (!seen.add(id)) return false;
        save();
        return true;
      },
      saveId(id) {
        lastEventId = id;
        // Forgotten (an answer asked again): its ids belong to a stream that is over, and may come again.
        if (!id) seen.clear();
        save();
      },
      wrote({ state, error }) {
        if (!oneShot || !state) return;
        // Asked (an attempt is under way) until it closes whole; a break leaves it unfinished.
        const next = state != 'closed' ? 'unfinished' : error === null ? 'whole' : answer;
        if (next === answer) return;
        answer = next;
        save();
      },
    };
  };
  return { keep };
}
