// What both bench pages share: the scenarios, written once against a `Widget` factory, so the
// hand-written baseline and sse-kit are measured by the same code.

/** One live list on the page: mounted on creation, `remove()` unmounts it. */
export interface Widget {
  /** The element whose descendants are the list's items (a shadow root for sse-kit). */
  readonly root: ParentNode;
  /** Messages delivered to this widget's listener so far. */
  readonly delivered: number;
  /** `performance.now()` of the first message, when the widget records it. */
  readonly firstAt?: number;
  remove(): void;
}

/** What a page's widgets are told, e.g. sse-kit's `transport`; the hand-written page ignores it. */
export type WidgetOptions = Record<string, unknown>;

export type MountWidget = (container: HTMLElement, url: string, options?: WidgetOptions) => Widget;

/** One growing text on the page (a streamed answer): every message's data appended. */
export interface TextWidget {
  /** The text as the widget holds it. */
  readonly text: string;
  /** The text as the page shows it. */
  readonly shown: string;
  remove(): void;
}

export type MountText = (container: HTMLElement, url: string) => TextWidget;

export interface TextResult extends Omit<SteadyResult, 'delivered' | 'lastShown' | 'startedAt'> {
  /** The final text's length, and whether what is shown is exactly the text held. */
  length: number;
  shownMatches: boolean;
  /** A checksum of the text, to compare the pages' texts without shipping 50 KB back. */
  checksum: number;
}

export interface Scenarios {
  burst(url: string, count: number, options?: WidgetOptions): Promise<{ ms: number }>;
  steady(url: string, count: number): Promise<SteadyResult>;
  fanout(url: string, widgets: number, timeout: number, warmUrl: string): Promise<{ ms: number | null; shown: number }>;
  churn(url: string, cycles: number): Promise<{ ms: number }>;
  ttfe(url: string, options?: WidgetOptions): Promise<{ ms: number }>;
  /** Streams into a text widget until it ends with `last`; frames and long tasks meanwhile. */
  text(url: string, last: string): Promise<TextResult>;
  /**
   * Mounts one widget and resolves when it shows event `count`: ms from its first message to then. For the
   * relay scenario, where several tabs mount first and the burst comes when all are ready.
   */
  relay(url: string, count: number): Promise<{ ms: number }>;
  /**
   * Mounts `widgets` widgets told `options` on `url` and resolves once every one has received `count`
   * messages (the burst is sent by command once they are open): ms from the first message to then, the
   * page's JSON.parse calls meanwhile, and its long tasks.
   */
  fanIn(url: string, widgets: number, count: number, options?: WidgetOptions): Promise<{ ms: number; parses: number; longTaskMs: number }>;
}

/** A stretch of the main thread's time, on the page's clock (`performance.now()`). */
export interface Span {
  start: number;
  ms: number;
}

export interface SteadyResult {
  /** When the widget was mounted (its stream asked for), on the page's clock. */
  startedAt: number;
  ms: number;
  delivered: number;
  lastShown: string;
  longTaskMs: number;
  /** Each long task: when it started and how long it took, to tell whose work was in it. */
  longTasks: Span[];
  /**
   * Each long animation frame (over 50 ms: a task, the frame's rendering and what waited between them;
   * Chromium's Long Animation Frames API, empty where it is missing): whose work a long task was part of,
   * when that work was a task of its own and the layout it caused came after it.
   */
  longFrames: Span[];
  frameP50: number;
  frameP95: number;
  frameP99: number;
}

const ITEM = '[data-item], [part~="item"]';
const now = () => performance.now();
const lastText = (widget: Widget) => {
  const items = widget.root.querySelectorAll(ITEM);
  return items.length ? (items[items.length - 1].textContent ?? '') : '';
};
const shows = (widget: Widget, id: number) => lastText(widget).startsWith(`${id} `);

/** Resolves when `widget` shows the item with `id` (data `"<id> xxx…"`): when it is in the DOM. */
function whenShown(widget: Widget, id: number, observeRoot: Node): Promise<number> {
  return new Promise((resolve) => {
    if (shows(widget, id)) return resolve(now());
    const observer = new MutationObserver(() => {
      if (!shows(widget, id)) return;
      observer.disconnect();
      resolve(now());
    });
    observer.observe(observeRoot, { childList: true, subtree: true, characterData: true });
  });
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0;
};

/** Every performance entry of `type` from now on, as spans (none where the browser has no such entries). */
function observeSpans(type: 'longtask' | 'long-animation-frame') {
  const spans: Span[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) spans.push({ start: entry.startTime, ms: entry.duration });
  });
  if (PerformanceObserver.supportedEntryTypes.includes(type)) observer.observe({ type, buffered: false });
  return { spans, disconnect: () => observer.disconnect() };
}

/** Counts long tasks and frame times from now until `stop()`. */
function watchFrames() {
  const longTasks = observeSpans('longtask');
  const longFrames = observeSpans('long-animation-frame');
  const frames: number[] = [];
  let running = true;
  let previous = now();
  const frame = (time: number) => {
    frames.push(time - previous);
    previous = time;
    if (running) requestAnimationFrame(frame);
  };
  requestAnimationFrame((time) => {
    previous = time;
    requestAnimationFrame(frame);
  });
  return {
    stop() {
      running = false;
      longTasks.disconnect();
      longFrames.disconnect();
      const longTaskMs = longTasks.spans.reduce((total, task) => total + task.ms, 0);
      return { longTaskMs, longTasks: longTasks.spans, longFrames: longFrames.spans, frameP50: percentile(frames, 50), frameP95: percentile(frames, 95), frameP99: percentile(frames, 99) };
    },
  };
}

export function scenarios(mount: MountWidget, rootOf: (widget: Widget) => Node, mountText: MountText): Scenarios {
  const container = document.body;
  return {
    async burst(url, count, options) {
      const start = now();
      const widget = mount(container, url, options);
      const end = await whenShown(widget, count, rootOf(widget));
      widget.remove();
      return { ms: end - start };
    },

    async steady(url, count) {
      const watch = watchFrames();
      const start = now();
      const widget = mount(container, url);
      const end = await whenShown(widget, count, rootOf(widget));
      const result = { startedAt: start, ms: end - start, delivered: widget.delivered, lastShown: lastText(widget).split(' ')[0], ...watch.stop() };
      widget.remove();
      return result;
    },

    async text(url, last) {
      const watch = watchFrames();
      const start = now();
      const widget = mountText(container, url);
      const end = await new Promise<number>((resolve) => {
        const check = () => (widget.text.endsWith(last) && widget.shown.endsWith(last) ? resolve(now()) : requestAnimationFrame(check));
        check();
      });
      const { text, shown } = widget;
      widget.remove();
      let checksum = 0;
      for (let i = 0; i < text.length; i++) checksum = (checksum * 31 + text.charCodeAt(i)) | 0;
      return { ms: end - start, length: text.length, shownMatches: shown === text, checksum, ...watch.stop() };
    },

    async fanout(url, count, timeout, warmUrl) {
      // One widget first, on a stream of its own, so neither side pays its first-use costs in the timing.
      const warm = mount(container, warmUrl);
      await whenShown(warm, 1, rootOf(warm));
      warm.remove();
      await new Promise((resolve) => setTimeout(resolve, 50));

      const start = now();
      const widgets = Array.from({ length: count }, () => mount(container, url));
      const showing = () => widgets.filter((widget) => widget.root.querySelector(ITEM)).length;
      const done = await new Promise<number | null>((resolve) => {
        const observers = widgets.map(() => new MutationObserver(check));
        const timer = setTimeout(() => finish(null), timeout);
        function finish(at: number | null) {
          clearTimeout(timer);
          for (const observer of observers) observer.disconnect();
          resolve(at);
        }
        function check() {
          if (showing() === count) finish(now());
        }
        widgets.forEach((widget, i) => observers[i].observe(rootOf(widget), { childList: true, subtree: true }));
        check();
      });
      const shown = showing();
      for (const widget of widgets) widget.remove();
      return { ms: done === null ? null : done - start, shown };
    },

    async churn(url, cycles) {
      const start = now();
      for (let i = 0; i < cycles; i++) {
        const widget = mount(container, url);
        // A task between mount and unmount, so each cycle really connects and really lets go.
        await new Promise((resolve) => setTimeout(resolve, 0));
        widget.remove();
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      return { ms: now() - start };
    },

    async relay(url, count) {
      const widget = mount(container, url);
      const end = await whenShown(widget, count, rootOf(widget));
      // Left mounted: removing the leader's widget would hand the connection off while the others finish.
      return { ms: end - (widget.firstAt ?? Number.NaN) };
    },

    async fanIn(url, count, messages, options) {
      const parse = JSON.parse;
      let parses = 0;
      JSON.parse = ((...args: Parameters<typeof parse>) => (parses++, parse(...args))) as typeof parse;
      const watch = watchFrames();
      const widgets = Array.from({ length: count }, () => mount(container, url, options));
      try {
        await new Promise<void>((resolve) => {
          const check = () => (widgets.every((widget) => widget.delivered >= messages) ? resolve() : setTimeout(check, 10));
          check();
        });
        const first = Math.min(...widgets.map((widget) => widget.firstAt ?? Number.NaN));
        return { ms: now() - first, parses, longTaskMs: watch.stop().longTaskMs };
      } finally {
        JSON.parse = parse;
        for (const widget of widgets) widget.remove();
      }
    },

    async ttfe(url, options) {
      const start = now();
      const widget = mount(container, url, options);
      const end = await whenShown(widget, 1, rootOf(widget));
      widget.remove();
      return { ms: end - start };
    },
  };
}
