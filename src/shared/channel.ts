import { PREFIX, type Item, type Wire } from './protocol.js';

/** A message as this tab posts it: the channel adds the sender. */
type WithoutTab<W> = W extends unknown ? Omit<W, 'tab'> : never;
type Post = WithoutTab<Wire>;

// A task of its own for the relay's posts: a message on a MessageChannel, which background tabs do not
// throttle (a timer in a hidden leader would wait up to a second, and its followers with it).
const tasks: (() => void)[] = [];
let port: MessagePort | undefined;
function soon(task: () => void) {
  if (!port) {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => tasks.splice(0).forEach((next) => next());
    port = port2;
  }
  if (tasks.push(task) == 1) port.postMessage(0);
}

/** A key's BroadcastChannel, as this tab talks on it: posts, and the leader's items relayed once per task. */
export class Channel {
  readonly #channel: BroadcastChannel;
  readonly #tab: string;
  #outbox: Item[] | undefined;

  constructor(key: string, tab: string, hear: (wire: Wire) => void) {
    this.#tab = tab;
    this.#channel = new BroadcastChannel(PREFIX + key);
    this.#channel.onmessage = ({ data }: MessageEvent<Wire>) => hear(data);
  }

  /** Posts now (as this tab). */
  post(wire: Post): void {
    try {
      this.#channel.postMessage({ ...wire, tab: this.#tab });
    } catch {
      // Closed: this channel is over.
    }
  }

  /**
   * Queues an item for the next relay post. One post per task, not per message: a network chunk of a burst
   * brings hundreds of events, and each post costs a structured clone and a trip through the browser process.
   */
  send(item: Item): void {
    if (!this.#outbox) {
      this.#outbox = [];
      soon(() => this.flush());
    }
    this.#outbox.push(item);
  }

  /** Posts what was queued, now (before a snapshot, or before letting go). */
  flush(): void {
    if (this.#outbox?.length) this.post({ type: 'relay', items: this.#outbox });
    this.#outbox = undefined;
  }

  close(): void {
    this.#channel.close();
  }
}
