// `shared` connections: one network connection per key for every tab of an origin (per browser profile).
// Loaded by the store on a page's first shared hold (a dynamic import), so pages that never share load none of it.
//
// - Election: a Web Lock per key. Every tab holding the key asks for it; the one that has it (the leader) runs
//   the ordinary lifecycle connection, and the browser releases it when that tab closes or crashes, so the
//   next tab in the queue takes over. A tab asks while it holds the key and lets go when its last holder leaves.
// - Relay: a BroadcastChannel per key. The leader posts each task's messages and state changes in order;
//   followers mirror them (they patch their state from what the leader wrote, and run no rules of their own).
// - Membership: tabs announce the names they listen to and whether they are hidden; the leader subscribes for
//   all of them and pauses (`pauseWhenHidden`) only when every holding tab is hidden. Each tab also holds a lock
//   of its own for its whole life: waiting on it tells the others when a tab crashed without a word.
// - Hand-off: the new leader starts an ordinary lifecycle connection from the last id it saw (Last-Event-ID
//   with fetch, `resumeParam` with EventSource).
//
// It imports nothing from the store at run time: the store hands over what it needs (createHub's arguments), so the
// base entry stays one chunk and its size does not grow by what a split would cost.
import type { Listeners } from '../store/holders.js';
import type { LifecycleConfig, StateWriter } from '../store/lifecycle.js';
import type { ConnectionOptions, ConnectionState, Release, SseListener, SseMessage } from '../store/types.js';
import { PREFIX, type Item, type TabInfo, type Wire } from './protocol.js';


/** What a follower copies from the leader: the connection's state, not this tab's (refCount, role). */
const MIRRORED = ['state', 'attempt', 'retryAt', 'error', 'offline', 'lastEventAt', 'lastEventId'] as const;
/**
 * What the lifecycle decides when it creates a connection. Its first write also resets the message fields
 * (lastEventAt, messageCount, latest), which a follower that becomes the leader keeps.
 */
const DECIDED = ['state', 'attempt', 'retryAt', 'error', 'offline'] as const;
/** Recent ids a follower remembers, to drop what a new leader replays that it already had. */
const SEEN = 1000;

const pick = (from: Partial<ConnectionState> | undefined, fields: readonly (keyof ConnectionState)[]) => {
  const out: Record<string, unknown> = {};
  for (const field of fields) if (from && field in from) out[field] = from[field];
  return out as Partial<ConnectionState>;
};
const pageHidden = () => typeof document == 'object' && document.visibilityState == 'hidden';

/** One key this tab holds: its holders, its channel, its place in the lock's queue. */
interface Entry {
  hold(options: ConnectionOptions, events: readonly string[], listener: SseListener | null): Release;
  reconnect(): void;
  /** The lifecycle's write, when this tab leads. */
  decided(change: Partial<ConnectionState> | null): void;
  /** The lifecycle's message, when this tab leads. */
  relay(message: SseMessage): void;
  hidden(): boolean;
  /** This page was shown or hidden. */
  visibility(): void;
  /** Another tab closed or crashed. */
  gone(tab: string): void;
  /** This page went into the back/forward cache: it leaves the other tabs, keeping its holders. */
  part(): void;
  /** It came back: it joins them again. */
  join(): void;
}

/** What the hub runs of the store's own code: a tuple, so a minifier shortens the names. */
export type StoreCode = readonly [
  createLifecycle: typeof import('../store/lifecycle.js').createLifecycle,
  listen: typeof import('../store/holders.js').listen,
  deliverTo: typeof import('../store/holders.js').deliver,
  mergeOptions: typeof import('../store/holders.js').mergeOptions,
  keyOf: typeof import('../store/key.js').keyOf,
  resolveUrl: typeof import('../store/key.js').resolveUrl,
  transportOf: typeof import('../store/key.js').transportOf,
];

export interface Hub {
  hold(url: string, options: ConnectionOptions, events: readonly string[], listener: SseListener | null): Release;
  reconnect(key: string): void;
}

/**
 * The cross-tab side of one store. Resolves once this tab holds its own tab lock; rejects where Web Locks
 * refuse (an opaque origin), and the store then keeps shared connections in this tab.
 */
export async function createHub(
  config: LifecycleConfig,
  writer: StateWriter,
  read: (key: string) => ConnectionState | undefined,
  // The store code the hub reuses, handed over rather than imported (see above).
  [createLifecycle, listen, deliverTo, mergeOptions, keyOf, resolveUrl, transportOf]: StoreCode,
): Promise<Hub> {
  const { locks } = navigator;
  let tab = '';
  const tabLock = (id: string) => `${PREFIX}tab ${id}`;
  // Held until the tab closes or crashes; announced only once held, so a tab that hears of it can wait on it.
  const enter = () =>
    new Promise<void>((held, failed) => {
      tab = crypto.randomUUID();
      locks.request(tabLock(tab), () => new Promise<void>(() => held())).catch(failed);
    });
  await enter();

  const entries = new Map<string, Entry>();
  const watched = new Set<string>();
  /** Waits on another tab's lock: granted when that tab is gone, however it went. */
  const watch = (other: string) => {
    if (other == tab || watched.has(other)) return;
    watched.add(other);
    locks
      .request(tabLock(other), { mode: 'shared' }, () => {
        watched.delete(other);
        entries.forEach((entry) => entry.gone(other));
      })
      .catch(() => {});
  };

  // The connections this tab leads: ordinary lifecycle connections, whose writes are also relayed.
  const lifecycle = createLifecycle(
    // The hub already waited `linger` before it lets go.
    { ...config, linger: 0, hidden: (key) => entries.get(key)?.hidden() ?? pageHidden() },
    {
      write: (key, change) => entries.get(key)?.decided(change),
      record: (key, message) => entries.get(key)?.relay(message),
    },
  );

  // A task of its own for the relay's posts: a message on a MessageChannel, which background tabs do not
  // throttle (a timer in a hidden leader would wait up to a second, and its followers with it).
  const tasks: (() => void)[] = [];
  const { port1, port2 } = new MessageChannel();
  port1.onmessage = () => tasks.splice(0).forEach((task) => task());
  const soon = (task: () => void) => tasks.push(task) == 1 && port2.postMessage(0);

  if (typeof document == 'object') {
    document.addEventListener('visibilitychange', () => entries.forEach((entry) => entry.visibility()));
    // The back/forward cache. WebKit keeps a page that holds locks (Chromium and Firefox do not), releases its
    // locks and drops its lock requests, and restores it later with its state: it would still think it leads,
    // and its EventSource reopens, a second connection. So a page that goes away leaves the others as a closed
    // tab would, keeping its holders, and comes back as a new tab (a new id: a browser may have kept the old lock).
    addEventListener('pagehide', (event) => {
      if (!event.persisted) return;
      entries.forEach((entry) => entry.part());
      watched.clear();
    });
    addEventListener('pageshow', (event) => {
      if (event.persisted) enter().then(() => entries.forEach((entry) => entry.join()), () => {});
    });
  }

  function open(key: string, url: string, href: string, options: ConnectionOptions): Entry {
    let channel: BroadcastChannel;
    let queue: AbortController;
    /** Counts joins: a lock granted to a request made before this tab parted is let go at once. */
    let joins = 0;
    const listeners: Listeners = new Map();
    const deliver = (message: SseMessage) => deliverTo(listeners, message, key, config.onError);
    /** The other tabs holding this key. */
    const tabs = new Map<string, TabInfo>();
    let active = true;
    let role: 'leader' | 'follower' = 'follower';
    let holders = 0;
    /** The newest event id this tab saw: where it resumes from if it leads. */
    let lastId = '';
    /** A message came: this tab's own lastId and latest are newer than a snapshot's. */
    let heard = false;
    let closing: object | undefined;
    let unlock: (() => void) | undefined;
    let wasHidden = false;
    // Leading:
    let release: Release | undefined;
    /** The names `release` holds, to re-hold only when they change. */
    let held = '';
    let dormant = false;
    let outbox: Item[] | undefined;
    // Following:
    /** The tab that leads, as far as this one has heard (from its state posts); '' until then. */
    let leader = '';
    /**
     * After a hand-off: the new leader resumed from the last id it saw, and this tab may have seen more (the old
     * leader's last posts and the lock reach tabs in any order). It drops what it had, until the first new id.
     */
    let catchingUp = false;
    /** The ids this tab saw lately, for catching up. */
    const seen = new Set<string>();

    const patch = (change: Partial<ConnectionState>) => writer.write(key, change);
    const post = (message: Wire) => {
      try {
        channel.postMessage(message);
      } catch {
        // Closed: this entry is over.
      }
    };
    const info = (): TabInfo => ({ names: [...listeners.keys()], hidden: pageHidden() });
    const announce = () => post({ t: 'join', tab, ...info() });
    const hidden = () => pageHidden() && [...tabs.values()].every((other) => other.hidden);

    function note(id: string) {
      lastId = id;
      if (!id || seen.has(id)) return;
      seen.add(id);
      if (seen.size > SEEN) seen.delete(seen.values().next().value!);
    }

    // --- leading ---

    /**
     * Queues an item for the next post. One post per task, not per message: a network chunk of a burst brings
     * hundreds of events (and the browser runs microtasks after each one's listener), and each post costs a
     * structured clone and a trip through the browser process.
     */
    function send(item: Item) {
      if (!outbox) {
        outbox = [];
        soon(flush);
      }
      outbox.push(item);
    }

    function flush() {
      if (outbox?.length) post({ t: 'relay', tab, items: outbox });
      outbox = undefined;
    }

    /** The state for tabs that join; `from`, when a new leader announces itself: the id it resumes from. */
    function snapshot(from?: string) {
      flush();
      const current = read(key);
      post({ t: 'state', tab, state: { ...pick(current, MIRRORED), lastEventId: lastId }, latest: current?.latest, from });
    }

    /**
     * Holds the lifecycle connection for every name any holding tab listens to, again when they change (or
     * `always`, so the lifecycle merges a new holder's options).
     */
    function subscribe(always = false) {
      if (role != 'leader' || dormant) return;
      const names = new Set(listeners.keys());
      tabs.forEach((other) => other.names.forEach((name) => names.add(name)));
      const list = [...names].sort();
      const signature = JSON.stringify(list);
      if (release && !always && signature == held) return;
      held = signature;
      const previous = release;
      // The new hold first: the connection never sees zero holders, so it stays open.
      release = lifecycle.hold(url, options, list, deliver, lastId);
      previous?.();
    }

    function lead() {
      role = 'leader';
      patch({ role });
      tabs.forEach((_, other) => watch(other));
      // EventSource without resumeParam cannot resume: its first request carries no id.
      snapshot(options.resumeParam || transportOf(options) == 'fetch' ? lastId : '');
      // A connection that was closed (a 401, a finished answer, retries exhausted) waits for reconnect(), as it would have.
      dormant = read(key)?.state == 'closed';
      subscribe();
    }

    function rehide() {
      const now = hidden();
      if (now == wasHidden) return;
      wasHidden = now;
      if (role == 'leader') lifecycle.visibility(key);
    }

    function reconnect() {
      if (!dormant) return lifecycle.reconnect(key);
      dormant = false;
      // As the lifecycle's restart does: a one-shot answer starts over, it does not resume.
      if (options.once || options.endOn !== undefined) lastId = '';
      subscribe();
    }

    // --- following ---

    function receive(items: Item[]) {
      // A leader's late messages, after this tab took over: its own connection replays them.
      if (role == 'leader') return;
      for (const item of items) {
        if ('s' in item) {
          // Only the connection's fields: refCount and role are this tab's own.
          const change = pick(item.s, MIRRORED);
          if (change.lastEventId !== undefined) note(change.lastEventId);
          patch(change);
          continue;
        }
        const message = item.m;
        if (catchingUp && message.lastEventId && seen.has(message.lastEventId)) continue;
        catchingUp = false;
        heard = true;
        note(message.lastEventId);
        writer.record(key, message);
        deliver(message);
      }
    }

    function joined(other: string, about: TabInfo) {
      const known = tabs.has(other);
      tabs.set(other, about);
      watch(other);
      if (!known) {
        // So the newcomer knows this tab too, and a joiner sees the state at once.
        announce();
        if (role == 'leader') snapshot();
      }
      subscribe();
      rehide();
    }

    function gone(other: string) {
      if (!tabs.delete(other)) return;
      subscribe();
      rehide();
    }

    const hear = ({ data }: MessageEvent<Wire>) => {
      switch (data.t) {
        case 'join':
          return joined(data.tab, { names: data.names, hidden: data.hidden });
        case 'leave':
          return gone(data.tab);
        case 'relay':
          // A former leader's last posts, after the new one spoke: the new one's connection replays them.
          if (!leader || data.tab == leader) receive(data.items);
          return;
        case 'state':
          if (role == 'leader') return;
          if (data.from !== undefined) {
            // A new leader: ahead of where it resumed, this tab catches up. It cannot resume: nothing to skip.
            catchingUp = !!data.from && data.from != lastId && seen.has(data.from);
          } else if (leader && data.tab != leader) return; // a former leader's, late
          leader = data.tab;
          // Once this tab heard a message, its own id and latest are newer than the state's, but only for the
          // names it heard: the state's latest has the rest (a name sent only when it changes, say).
          patch({ ...pick(data.state, heard ? DECIDED : MIRRORED), latest: { ...data.latest, ...(heard && read(key)?.latest) } });
          if (!heard) note(data.state.lastEventId ?? '');
          return;
        case 'reconnect':
          if (role == 'leader') reconnect();
      }
    };

    /** Lets the connection and the lock go, and tells the others. */
    function part() {
      joins++;
      if (role == 'leader') {
        flush();
        release?.();
        release = undefined;
        held = '';
        role = 'follower';
        if (active) patch({ role });
      }
      leader = '';
      catchingUp = false;
      tabs.clear();
      post({ t: 'leave', tab });
      channel.close();
      queue.abort();
      unlock?.();
    }

    function end() {
      active = false;
      entries.delete(key);
      part();
      writer.write(key, null);
    }

    /** Opens the channel, and takes the lock at once if nobody leads, else waits in the queue (see below). */
    function join() {
      const turn = ++joins;
      channel = new BroadcastChannel(PREFIX + key);
      channel.onmessage = hear;
      queue = new AbortController();
      /** The lock's callback: lead until this tab lets go (or closes, or crashes). */
      const take = (lock: Lock | null) =>
        lock && active && turn == joins
          ? new Promise<void>((resolve) => {
              unlock = resolve;
              lead();
            })
          : undefined;
      locks
        .request(PREFIX + key, { ifAvailable: true }, take)
        .then(() => {
          if (active && turn == joins && role != 'leader') return locks.request(PREFIX + key, { signal: queue.signal }, take);
        })
        .catch(() => {});
      // Back from the cache: the holders are here already.
      if (holders) announce();
    }

    writer.write(key, {
      key,
      url: href,
      transport: transportOf(options),
      state: 'connecting',
      refCount: 0,
      role,
      lastEventId: '',
      attempt: 0,
      retryAt: null,
      error: null,
      offline: navigator.onLine === false,
      lastEventAt: null,
      messageCount: 0,
      latest: {},
    });
    // A follower may lead one day: with fetch, it loads that transport now, not in the middle of a hand-off.
    if (transportOf(options) == 'fetch') import('../store/transports/fetch.js').catch(() => {});
    // Leader at once if nobody is; else wait in the queue, from which a release (or a closed page) removes this tab.
    join();

    return {
      reconnect() {
        if (role == 'leader') reconnect();
        else post({ t: 'reconnect', tab });
      },
      decided(change) {
        if (role != 'leader' || !change) return;
        const mirrored = pick(change, 'key' in change ? DECIDED : MIRRORED);
        if (!Object.keys(mirrored).length) return;
        if (mirrored.lastEventId !== undefined) lastId = mirrored.lastEventId;
        patch(mirrored);
        send({ s: mirrored });
      },
      relay(message) {
        if (role != 'leader') return;
        lastId = message.lastEventId;
        writer.record(key, message);
        send({ m: message });
      },
      hidden,
      part,
      join,
      visibility() {
        announce();
        rehide();
      },
      gone,
      hold(more, events, listener) {
        mergeOptions(options, more);
        closing = undefined;
        patch({ refCount: ++holders });
        let added = false;
        const remove = listen(listeners, events, listener, () => (added = true));
        // The first holder's announcement says this tab is here; later ones, a name it listens to now.
        if (added || holders == 1) announce();
        // Also when the names did not change: the lifecycle merges this holder's options.
        subscribe(true);
        return () => {
          const removed = remove();
          if (removed === undefined) return;
          patch({ refCount: --holders });
          if (holders) {
            if (removed) {
              announce();
              subscribe();
            }
            return;
          }
          const token = (closing = {});
          // Deferred like the lifecycle's close, so an element moved in the DOM keeps its stream.
          const later = () => closing == token && end();
          if (config.linger > 0) setTimeout(later, config.linger);
          else queueMicrotask(later);
        };
      },
    };
  }

  return {
    hold(url, options, events, listener) {
      const resolved = resolveUrl(url);
      const key = keyOf(resolved, url, options);
      let entry = entries.get(key);
      if (!entry) entries.set(key, (entry = open(key, url, 'href' in resolved ? resolved.href : url, { ...options })));
      return entry.hold(options, events, listener);
    },
    reconnect: (key) => entries.get(key)?.reconnect(),
  };
}
