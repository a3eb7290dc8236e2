// The differential parser test: the same bytes, written the same way by the server, to the browser's own
// EventSource and to sse-kit's fetch transport in one page. Whatever the browser delivers (type, data, last
// event id, and the id its reconnect sends), the fetch transport must deliver too. Where an engine's own
// EventSource departs from the spec (Firefox and WebKit, in the cases marked `spec`), the fetch transport
// keeps to the spec, as Chromium's EventSource does, and the test checks it against the spec there.
import { expect } from '@open-wc/testing';
import { createSseStore, type SseStore } from '../../../src/store/index.js';
import { engine, type EngineName } from '../../engine.js';
import { base64url, serverStats, uniqueKey, until } from '../../helpers.js';

type Chunk = string | number[];
interface Case {
  name: string;
  /** Network writes, in order: text (sent as UTF-8) or raw bytes. */
  chunks: Chunk[];
  /** The last write comes after the end marker: what it does must show in the next reconnect alone. */
  tail?: boolean;
  /** What the spec says is delivered and resent, where some engine's EventSource does otherwise (and how). */
  spec?: { seen: Seen[]; lastEventIds: (string | null)[]; deviates: Partial<Record<EngineName, string>> };
}

const BOM = [0xef, 0xbb, 0xbf];
const utf8 = (text: string) => [...new TextEncoder().encode(text)];
/** Every stream ends with this, so the test knows the browser has seen everything before it. */
const END = 'event: end\ndata: end\n\n';
const EVENTS = ['message', 'custom', 'end'];

const cases: Case[] = [
  { name: 'a BOM at the start is skipped', chunks: [[...BOM, ...utf8('data: bom\n\n')]] },
  { name: 'a second BOM is not: that line is an unknown field', chunks: [[...BOM, ...BOM, ...utf8('data: x\n\ndata: after\n\n')]] },
  { name: 'a BOM split across writes', chunks: [[0xef], [0xbb, 0xbf, ...utf8('data: split bom\n\n')]] },
  { name: 'comments', chunks: [': hello\n:\ndata: c\n: between\n\n'] },
  { name: 'LF line ends', chunks: ['data: lf\n\n'] },
  { name: 'CR line ends', chunks: ['data: cr\r\r'] },
  { name: 'CRLF line ends', chunks: ['data: crlf\r\n\r\n'] },
  { name: 'a CRLF split across writes', chunks: ['data: x\r', '\ndata: y\r\n\r\n'] },
  { name: 'mixed line ends', chunks: ['data: a\rdata: b\ndata: c\r\n\n'] },
  { name: 'a field without a colon', chunks: ['data\n\ndata\ndata\n\n'] },
  { name: 'data: with and without a space', chunks: ['data:tight\n\ndata: one space\n\ndata:  two spaces\n\n'] },
  { name: 'multi-line data', chunks: ['data: first\ndata: second\ndata:\ndata: fourth\n\n'] },
  { name: 'data before the final empty line is dropped at the end', chunks: ['data: kept\n\n', 'data: pending\n'] },
  { name: 'an empty event name means message', chunks: ['event:\ndata: plain\n\nevent: custom\ndata: named\n\nevent: custom\nevent:\ndata: reset\n\n'] },
  { name: 'unknown fields are ignored', chunks: ['foo: bar\nData: no\ndata: u\nid : no\n\n'] },
  {
    name: 'an id with NUL is ignored',
    chunks: ['id: good\ndata: 1\n\nid: b\u0000d\ndata: 2\n\n'],
    spec: {
      seen: [['message', '1', 'good'], ['message', '2', 'good'], ['end', 'end', 'good']],
      lastEventIds: [null, 'good'],
      deviates: { firefox: 'drops the whole event' },
    },
  },
  { name: 'an id carries over to later events; an empty id clears it', chunks: ['id: 5\ndata: one\n\ndata: two\n\nid\ndata: three\n\n'] },
  { name: 'bogus retry values', chunks: ['retry: abc\ndata: r1\n\nretry: 1.5\ndata: r2\n\nretry:\ndata: r3\n\nretry: -1\n\n'] },
  { name: 'a multi-byte character split across two writes', chunks: [utf8('data: é✓雪').slice(0, 8), [...utf8('data: é✓雪').slice(8), ...utf8('\n\n')]] },
  {
    name: 'NUL in data',
    chunks: ['data: a\u0000b\n\n'],
    spec: { seen: [['message', 'a\u0000b', ''], ['end', 'end', '']], lastEventIds: [null, null], deviates: { firefox: 'removes the NUL' } },
  },
  {
    name: 'an event with an id and no data still sets the last event id',
    chunks: ['id: 1\ndata: a\n\nid: 9\n\n', 'data: after\n\n', 'id: 12\n\n'],
    tail: true,
    spec: {
      seen: [['message', 'a', '1'], ['message', 'after', '9'], ['end', 'end', '9']],
      lastEventIds: [null, '12'],
      deviates: {
        firefox: 'keeps the id of the last event with data, and resends that',
        webkit: 'resends the id of the last event it dispatched, not a later id-only event\'s',
      },
    },
  },
  { name: 'an unheard event still moves the last event id', chunks: ['data: heard\n\n', 'event: unheard\nid: 30\ndata: nobody listens\n\n'], tail: true },
  { name: 'the last line ends in a lone CR', chunks: ['data: x\n\n', 'id: cr\rdata: lone\r\r'], tail: true },
  { name: 'lines split at every byte', chunks: [...'id: s\nevent: custom\ndata: slow\n\n'] },
];

/** A raw stream of the case's writes (after a short `retry:`) and the end marker, then the end. */
const rawUrl = (key: string, { chunks, tail }: Case) => {
  // A BOM counts only as the very first bytes, so `retry:` goes after the first write when it starts with one.
  const [first, ...rest] = chunks;
  const leadsWithBom = typeof first != 'string' && first[0] === 0xef;
  const writes = leadsWithBom ? [first, 'retry: 10\n\n', ...rest] : ['retry: 10\n\n', ...chunks];
  if (tail) writes.splice(-1, 0, END);
  else writes.push(END);
  return `/sse/chaos/raw?key=${key}&gap=15&end=1&chunks=${writes.map((write) => base64url(write)).join(',')}`;
};

type Seen = [type: string, data: string, lastEventId: string];

/** What the browser's EventSource delivers, until it has reconnected once and met the server's 204. */
function native(url: string): Promise<Seen[]> {
  return new Promise((resolve) => {
    const seen: Seen[] = [];
    const source = new EventSource(url);
    const record = (event: Event) => {
      const { type, data, lastEventId } = event as MessageEvent<string>;
      seen.push([type, data, lastEventId]);
    };
    for (const name of EVENTS) source.addEventListener(name, record);
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) resolve(seen);
    };
  });
}

/** The same through sse-kit's fetch transport, until its reconnect meets the 204 (closed for good). */
async function viaFetch(store: SseStore, url: string): Promise<Seen[]> {
  const seen: Seen[] = [];
  const release = store.getState().listen(url, EVENTS, (m) => seen.push([m.type, m.data, m.lastEventId]), { transport: 'fetch' });
  try {
    await until(() => Object.values(store.getState().connections)[0]?.state === 'closed', {
      for: 'the 204 after the end',
      seen: () => ({ state: Object.values(store.getState().connections)[0], messages: seen }),
    });
  } finally {
    release();
  }
  return seen;
}

describe('fetch transport parses like the browser (differential)', () => {
  for (const testCase of cases) {
    it(testCase.name, async () => {
      const [a, b] = [uniqueKey('native'), uniqueKey('fetch')];
      const store = createSseStore({ onError: () => {} });
      const [expected, actual] = await Promise.all([native(rawUrl(a, testCase)), viaFetch(store, rawUrl(b, testCase))]);
      // The browser must have seen the end marker, or the case did not run to its end.
      expect(expected.map(([type]) => type), 'the browser saw the end').to.include('end');
      const [nativeStats, fetchStats] = await Promise.all([serverStats(a), serverStats(b)]);
      expect(nativeStats.requests).to.equal(2);
      const name = (await engine()).name;
      const deviation = testCase.spec?.deviates[name];
      if (testCase.spec) {
        expect(actual, 'the fetch transport keeps to the spec').to.deep.equal(testCase.spec.seen);
        expect(fetchStats.lastEventIds, 'and resends what the spec says').to.deep.equal(testCase.spec.lastEventIds);
      }
      if (deviation) {
        // Documented in the README (Browsers); if the engine ever keeps to the spec here, this says so.
        console.log(`${name}'s EventSource ${deviation}: ${JSON.stringify(expected)}, resent ${JSON.stringify(nativeStats.lastEventIds)}`);
        const { seen, lastEventIds } = testCase.spec!;
        expect({ seen: expected, lastEventIds: nativeStats.lastEventIds }, `${name}'s EventSource ${deviation}`).to.not.deep.equal({ seen, lastEventIds });
        return;
      }
      expect(actual).to.deep.equal(expected);
      // And each reconnect sent the same Last-Event-ID.
      expect(fetchStats.lastEventIds).to.deep.equal(nativeStats.lastEventIds);
    });
  }

  it(`has at least 20 cases (${cases.length})`, () => {
    expect(cases.length).to.be.at.least(20);
  });
});
