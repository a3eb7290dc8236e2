// `shared` connections: one network connection per key for every tab of an origin (per browser profile).
// Loaded by the store on a page's first shared hold (a dynamic import), so pages that never share load none of it.
//
// - Election (election.ts): a Web Lock per key. The tab that holds it leads (leader.ts): it runs the ordinary
//   lifecycle on the key's connection. The browser releases the lock when that tab closes or crashes, so the next tab in
//   the queue takes over; a tab is in the queue while it holds the key.
// - Relay (channel.ts): a BroadcastChannel per key. The leader posts each task's messages and state changes in
//   order; followers mirror them (mirror.ts) and run no rules of their own.
// - Membership (here): tabs announce the names they listen to and whether they are hidden; the leader
//   subscribes for all of them and pauses (`pauseWhenHidden`) only when every holding tab is hidden. Each tab
//   holds a lock of its own for its whole life (tab.ts): waiting on it tells the others when a tab is gone.
// - Hand-off: the holding core keeps each connection's last event id in every tab, so a new leader's lifecycle
//   resumes from the last id it saw (Last-Event-ID with fetch, `resumeParam` with EventSource).
import type { LeadLifecycle } from '../store/lifecycle.js';
import type { ConnectionSink, Driver, DriverFactory } from '../store/registry.js';
import { Channel } from './channel.js';
import { Election } from './election.js';
import { Leader, type Tabs } from './leader.js';
import { Mirror } from './mirror.js';
import { PREFIX, type TabInfo, type Wire } from './protocol.js';
import { Tab } from './tab.js';

/** One key this tab holds, as the hub sees it besides its driver's work. */
interface Member extends Driver {
  /** Another tab closed or crashed. */
  gone(tab: string): void;
  /** This page was shown or hidden. */
  visibility(): void;
  /** This page went into the back/forward cache: it leaves the other tabs, keeping its holders. */
  part(): void;
  /** It came back: it joins them again. */
  join(): void;
}

/**
 * The cross-tab side of one store: drives its `shared` connections, running `lead` (the lifecycle a tab's own
 * connection runs, from the store) when this tab leads. Resolves once this tab holds its own tab lock;
 * rejects where Web Locks refuse (an opaque origin), and the store then keeps shared connections local.
 */
export async function createHub(lead: LeadLifecycle): Promise<DriverFactory> {
  const { locks } = navigator;
  const members = new Set<Member>();
  const tab = new Tab(locks, (other) => members.forEach((member) => member.gone(other)));
  await tab.enter();

  if (typeof document == 'object') {
    document.addEventListener('visibilitychange', () => members.forEach((member) => member.visibility()));
    // The back/forward cache. WebKit keeps a page that holds locks (Chromium and Firefox do not), releases its
    // locks and drops its lock requests, and restores it later with its state: it would still think it leads,
    // and its EventSource reopens, a second connection. So a page that goes away leaves the others as a closed
    // tab would, keeping its holders, and comes back as a new tab (a new id: a browser may have kept the old lock).
    addEventListener('pagehide', (event) => {
      if (!event.persisted) return;
      members.forEach((member) => member.part());
      tab.forget();
    });
    addEventListener('pageshow', (event) => {
      if (event.persisted) tab.enter().then(() => members.forEach((member) => member.join()), () => {});
    });
  }

  function drive(connection: ConnectionSink): Member {
    const { key } = connection;
    const election = new Election(locks, PREFIX + key);
    const mirror = new Mirror(connection);
    /** The other tabs holding this key. */
    const others = new Map<string, TabInfo>();
    const tabs: Tabs = {
      *names() {
        const names = new Set(connection.names());
        others.forEach((other) => other.names.forEach((name) => names.add(name)));
        yield* names;
      },
      hidden: () => connection.hidden() && [...others.values()].every((other) => other.hidden),
    };
    let channel: Channel;
    /** Set while this tab leads. */
    let leader: Leader | undefined;
    let active = true;
    let announced: string | undefined;
    let wasHidden = false;

    const announce = () => {
      const names = [...connection.names()];
      announced = JSON.stringify(names);
      channel.post({ type: 'join', names, hidden: connection.hidden() });
    };

    /** Re-reads whether every holding tab is hidden; the connection hears of a change. */
    function rehide() {
      const now = tabs.hidden();
      if (now == wasHidden) return;
      wasHidden = now;
      leader?.visibility();
    }

    function joined(other: string, about: TabInfo) {
      const known = others.has(other);
      others.set(other, about);
      tab.watch(other);
      if (!known) {
        // So the newcomer knows this tab too, and a joiner sees the state at once.
        announce();
        leader?.snapshot();
      }
      leader?.holdersChanged();
      rehide();
    }

    function gone(other: string) {
      if (!others.delete(other)) return;
      leader?.holdersChanged();
      rehide();
    }

    function hear(wire: Wire) {
      switch (wire.type) {
        case 'join':
          return joined(wire.tab, { names: wire.names, hidden: wire.hidden });
        case 'leave':
          return gone(wire.tab);
        case 'relay':
          // A former leader's late messages, after this tab took over: its own connection replays them.
          return leader ? undefined : mirror.relayed(wire);
        case 'state':
          return leader ? undefined : mirror.stated(wire);
        case 'reconnect':
          return leader?.reconnect();
      }
    }

    /** Opens the channel, and takes the lock at once if nobody leads, else waits in the queue. */
    function join() {
      channel = new Channel(key, tab.id, hear);
      election.join(() => {
        if (!active) return;
        mirror.reset();
        others.forEach((_, other) => tab.watch(other));
        leader = new Leader(connection, channel, lead, tabs);
      });
      // Back from the cache: the holders are here already.
      if (connection.state()?.refCount) announce();
    }

    /** Lets the connection and the lock go, and tells the others. */
    function part() {
      if (leader) {
        leader.stop();
        leader = undefined;
        if (active) connection.write({ role: 'follower' });
      }
      mirror.reset();
      others.clear();
      channel.post({ type: 'leave' });
      channel.close();
      election.part();
    }

    // A follower may lead one day: with fetch, it loads that transport now, not in the middle of a hand-off.
    if (connection.state()?.transport == 'fetch') import('../store/transports/fetch.js').catch(() => {});
    join();

    const member: Member = {
      holdersChanged() {
        // The first holder's announcement says this tab is here; later ones, a name it listens to or no longer does.
        if (JSON.stringify([...connection.names()]) != announced) announce();
        leader?.holdersChanged();
      },
      reconnect() {
        if (leader) leader.reconnect();
        else channel.post({ type: 'reconnect' });
      },
      close() {
        active = false;
        members.delete(member);
        part();
      },
      visibility() {
        announce();
        rehide();
      },
      gone,
      part,
      join,
    };
    members.add(member);
    return member;
  }

  return { role: 'follower', drive };
}
