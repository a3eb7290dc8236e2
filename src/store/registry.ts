// Holding connections, for a tab's own connections and `shared` ones alike: one entry per key, made by its
// first holder and removed after its last one lets go; who listens to which names; the first state; and the
// per-message step (the newest event id, decoding, the state's message fields, delivery). What makes the connection
// (a lifecycle in this tab, or the cross-tab hub) is the entry's driver; it reads the entry and reports to it.
import { decoding, withLatest, type Decoded } from './decode.js';
import { browserOffline, pageHidden } from './page.js';
import { deliver, listen, mergeOptions, type Listeners, type Wanted } from './holders.js';
import { keyOf, resolveUrl, transportOf, type Resolved } from './key.js';
import type { SseTap } from './tap.js';
import type { ConnectionOptions, ConnectionState, Release, SseError, SseMessage, SseRawMessage } from './types.js';

/** One connection as its driver sees it: what its holders want, and where what happens to it goes. */
export interface ConnectionSink {
  readonly key: string;
  readonly resolved: Resolved;
  /** The holders' options, joined: a new holder's are merged into this object. */
  readonly options: ConnectionOptions;
  /** The newest event id this tab saw on it, or the one it resumes from: what the next attempt sends. */
  readonly lastEventId: string;
  /** The event names someone in this tab listens to. */
  names(): Iterable<string>;
  /** The connection's public state, as the store holds it now. */
  state(): ConnectionState | undefined;
  /** Its holders are out of sight (for `pauseWhenHidden`): this page is hidden (for a `shared` leader, every holding tab is). */
  hidden(): boolean;
  /** Merges `change` into the connection's public state. */
  write(change: Partial<ConnectionState>): void;
  /** The per-message step: one message, decoded and delivered to every holder. */
  receive(message: SseRawMessage): void;
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

/** Where the id a connection resumes from is kept: read when the connection is made, saved as it changes. */
export interface ResumeHook {
  load(key: string, options: Readonly<ConnectionOptions>): string;
  save(key: string, id: string, options: Readonly<ConnectionOptions>): void;
}

export interface RegistryConfig {
  read(key: string): ConnectionState | undefined;
  /** Merges a change into a connection's state; a full state creates it, `null` removes it. */
  write(key: string, change: Partial<ConnectionState> | null | ((state: ConnectionState) => Partial<ConnectionState>)): void;
  /** Ms an entry outlives its last holder; 0: to the end of the current task. */
  linger: number;
  onError(error: SseError, key: string): void;
  taps: ReadonlySet<SseTap>;
  resume?: ResumeHook;
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
    const write = (change: Partial<ConnectionState>) => config.write(key, change);
    const saveId = (id: string) => config.resume?.save(key, id, entry.options);
    const decode = decoding();
    /** The rest of the per-message step, for each message in the order it came, once decoded. */
    const decoded = (message: Decoded) => {
      pending(entry).push(message);
      // A rejected message has no value to show: the tap gets it as it came, with the error.
      const { message: kept = message.raw as SseMessage, error } = message.kept;
      if (config.taps.size) config.taps.forEach((tap) => tap({ key, message: kept, error }));
      deliver(listeners, message, key, config.onError);
    };

    const entry: Entry = {
      key,
      resolved,
      options,
      lastEventId: config.resume?.load(key, options) ?? '',
      driver: undefined!,
      names: () => listeners.keys(),
      state: () => config.read(key),
      hidden: pageHidden,
      write,
      receive(raw) {
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
