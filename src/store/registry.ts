// Holding connections, for a tab's own connections and `shared` ones alike: one entry per key, made by its
// first holder and removed after its last one lets go; who listens to which names; the first state; and the
// per-message step (the newest event id, decoding, the state's message fields, delivery). What makes the connection
// (a lifecycle in this tab, or the cross-tab hub) is the entry's driver; it reads the entry and reports to it.
import { decoding, withLatest, type Decoded } from './decode.js';
import { browserOffline, pageHidden } from './page.js';
import { deliver, listen, mergeOptions, type Listeners, type Wanted } from './holders.js';
import { keyOf, resolveUrl, transportOf, type Resolved } from './key.js';
import type { SavedAnswer } from './phases.js';
import type { SseTap } from './tap.js';
import type { ConnectionOptions, ConnectionState, Release, SseError, SseRawMessage } from './types.js';

/** One connection as its driver sees it: what its holders want, and where what happens to it goes. */
export interface ConnectionSink {
  readonly key: string;
  readonly resolved: Resolved;
  /** The holders' options, joined: a new holder's are merged into this object. */
  readonly options: ConnectionOptions;
  /** The newest event id this tab saw on it, or the one it resumes from: what the next attempt sends. */
  readonly lastEventId: string;
  /** With `persist`: how the one-shot answer it resumes stood when this tab saved it (undefined: none). */
  readonly answer: SavedAnswer | undefined;
  /** The event names someone in this tab listens to. */
  names(): Iterable<string>;
  /** The connection's public state, as the store holds it now. */
  state(): ConnectionState | undefined;
  /** Its holders are out of sight (for `pauseWhenHidden`): this page is hidden (for a `shared` leader, every holding tab is). */
  hidden(): boolean;
  /** Merges `change` into the connection's public state. */
  write(change: Partial<ConnectionState>): void;
  /** The per-message step: one message, decoded and delivered to every holder. `hasId`: the transport's word on whether it had an `id:` of its own. */
  receive(message: SseRawMessage, hasId?: boolean): void;
  /** The last event id changed without a message (an event with an `id` and no data), or is forgotten (''). */
  noteId(id: string): void;
}

/** What makes a connection and keeps it going; the entry tells it what its holders did. */
export interface Driver {
  /** A holder came (its options are merged already) or went; the names listened to may have changed. */
  holdersChanged(): void;
  /** `reconnect()`: start over now. */
  reconnect(): void;
  /** The last holder is gone: end everything. */
  close(): void;
}

/** Makes the driver of a new entry, and says which role its first state shows. */
export interface DriverFactory {
  role: ConnectionState['role'];
  drive(connection: ConnectionSink): Driver;
}

/**
 * What `persist` keeps of one connection (src/store/persist.ts, the resume hook's answer): read when the
 * connection is made, told of every change of its id and state, asked about every message.
 */
export interface Persisted {
  /** The id the connection starts from ('' for none). */
  readonly lastEventId: string;
  readonly answer: SavedAnswer | undefined;
  /** False for a message whose own id was delivered already: it is dropped. */
  fresh(message: SseRawMessage, hasId: boolean | undefined): boolean;
  /** The last event id changed ('': forgotten). */
  saveId(id: string): void;
  /** The connection's state changed. */
  wrote(change: Partial<ConnectionState>): void;
}

export interface RegistryConfig {
  read(key: string): ConnectionState | undefined;
  /** Merges a change into a connection's state; a full state creates it, `null` removes it. */
  write(key: string, change: Partial<ConnectionState> | null | ((state: ConnectionState) => Partial<ConnectionState>)): void;
  /** Ms an entry outlives its last holder; 0: to the end of the current task. */
  linger: number;
  onError(error: SseError, key: string): void;
  taps: ReadonlySet<SseTap>;
  /** The resume hook: what a connection with `persist` keeps, asked when one is made (its first holder decides). */
  resume?(key: string, options: Readonly<ConnectionOptions>): Persisted;
}

interface Entry extends ConnectionSink {
  lastEventId: string;
  driver: Driver;
  hold(options: ConnectionOptions, wanted: Wanted): Release;
}

/** The entries of one store, by connection key. */
export function createRegistry(config: RegistryConfig) {
  const entries = new Map<string, Entry>();
  /** Messages (and id changes) not yet in the state: one network chunk's, often many, make one write. */
  let batch: Map<Entry, Decoded[]> | undefined;

  function flush() {
    const pending = batch!;
    // Taken first, so a message noted while this batch is written starts the next one.
    batch = undefined;
    pending.forEach((messages, entry) => {
      // A late batch of an entry that was released (and perhaps made again) is dropped.
      if (entries.get(entry.key) !== entry) return;
      const { lastEventId } = entry;
      if (!messages.length) return config.write(entry.key, { lastEventId });
      config.write(entry.key, ({ latest, messageCount, rejected }) => {
        for (const { outcomes } of messages) if (outcomes.some((outcome) => outcome.error)) rejected++;
        const lastEventAt = messages[messages.length - 1].raw.receivedAt;
        return { latest: withLatest(latest, messages), lastEventId, lastEventAt, messageCount: messageCount + messages.length, rejected };
      });
    });
  }

  /** Notes that `entry` changed (a message, or only its id) for the task's one write. */
  function pending(entry: Entry): Decoded[] {
    if (!batch) {
      batch = new Map();
      queueMicrotask(flush);
    }
    let messages = batch.get(entry);
    if (!messages) batch.set(entry, (messages = []));
    return messages;
  }

  function create(key: string, url: string, resolved: Resolved, options: ConnectionOptions, factory: DriverFactory): Entry {
    const listeners: Listeners = new Map();
    let holders = 0;
    /** Set while a deferred release is pending; a new holder clears it, which cancels that release. */
    let closing: object | undefined;
    // With `persist`: what is kept of it (its first holder decides).
    const persisted = options.persist ? config.resume?.(key, options) : undefined;
    const write = (change: Partial<ConnectionState>) => {
      config.write(key, change);
      persisted?.wrote(change);
    };
    const saveId = (id: string) => persisted?.saveId(id);
    const decode = decoding();
    /** The rest of the per-message step, for each message in the order it came, once decoded. */
    const decoded = (message: Decoded) => {
      pending(entry).push(message);
      // A rejected message has no value to show: the tap gets it as it came, with the error.
      const { message: kept = message.raw, error } = message.kept;
      if (config.taps.size) config.taps.forEach((tap) => tap({ key, message: kept, error }));
      deliver(listeners, message, key, config.onError);
    };

    const entry: Entry = {
      key,
      resolved,
      options,
      lastEventId: persisted?.lastEventId ?? '',
      answer: persisted?.answer,
      driver: undefined!,
      names: () => listeners.keys(),
      state: () => config.read(key),
      hidden: pageHidden,
      write,
      receive(raw, hasId) {
        // A replayed event (its own id delivered already): dropped before anyone sees it.
        if (persisted && !persisted.fresh(raw, hasId)) return;
        // The id moves as the message comes, even while an async schema makes it wait: a reconnect meanwhile
        // resumes after it, and it is still delivered, in its turn.
        if (raw.lastEventId !== entry.lastEventId) saveId(raw.lastEventId);
        entry.lastEventId = raw.lastEventId;
        decode(raw, listeners.get(raw.type), decoded);
      },
      noteId(id) {
        if (id !== entry.lastEventId) saveId(id);
        entry.lastEventId = id;
        pending(entry);
      },
      hold(more, wanted) {
        mergeOptions(options, more);
        closing = undefined;
        write({ refCount: ++holders });
        const remove = listen(listeners, wanted);
        entry.driver.holdersChanged();
        return () => {
          const emptied = remove();
          if (emptied === undefined) return;
          write({ refCount: --holders });
          if (holders) {
            if (emptied) entry.driver.holdersChanged();
            return;
          }
          const token = (closing = {});
          // Deferred, so an element moved in the DOM (disconnected, then connected in the same task) keeps its stream.
          const release = () => {
            if (closing != token) return;
            entries.delete(key);
            entry.driver.close();
            config.write(key, null);
          };
          if (config.linger > 0) setTimeout(release, config.linger);
          else queueMicrotask(release);
        };
      },
    };
    config.write(key, {
      key,
      url: 'href' in resolved ? resolved.href : url,
      transport: transportOf(options),
      state: 'connecting',
      refCount: 0,
      role: factory.role,
      lastEventId: entry.lastEventId,
      attempt: 0,
      retryAt: null,
      error: null,
      offline: browserOffline(),
      lastEventAt: null,
      messageCount: 0,
      rejected: 0,
      latest: {},
    });
    entry.driver = factory.drive(entry);
    return entry;
  }

  return {
    /** Holds `url`'s connection (made by `factory` when nobody holds it yet) until the release is called. */
    hold(url: string, options: ConnectionOptions, wanted: Wanted, factory: DriverFactory): Release {
      const resolved = resolveUrl(url);
      const key = keyOf(resolved, url, options);
      let entry = entries.get(key);
      if (!entry) entries.set(key, (entry = create(key, url, resolved, { ...options }, factory)));
      return entry.hold(options, wanted);
    },
    reconnect(key: string): void {
      entries.get(key)?.driver.reconnect();
    },
  };
}
