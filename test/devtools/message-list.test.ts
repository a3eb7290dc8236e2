// The inspector's message list, drawn into a plain element from a buffer the test fills: which rows it shows,
// in which order, and which elements it keeps from one drawing to the next (the element tests stream for real).
import { expect } from '@open-wc/testing';
import { MessageBuffer, recordOf } from '../../src/devtools/message-buffer.js';
import { MessageList, type MessageFilter } from '../../src/devtools/sse-devtools/message-list.js';

const all: MessageFilter = { key: 'all', accepts: () => true, limit: 30 };
let lastId = 0;
const push = (buffer: MessageBuffer, count: number) => {
  for (let i = 0; i < count; i++) {
    const id = ++lastId;
    buffer.push(recordOf({ type: 'message', data: `${id} data`, lastEventId: String(id), receivedAt: id }));
  }
};
const rows = (list: MessageList) => [...list.body.children] as HTMLElement[];
const idsOf = (list: MessageList) => rows(list).map((row) => row.querySelector('[data-column=id]')!.textContent);
/** Ids `from` down to `to`, as the list shows them (newest first). */
const ids = (from: number, to: number) => Array.from({ length: from - to + 1 }, (_, i) => String(from - i));

describe('MessageList', () => {
  beforeEach(() => (lastId = 0));

  it('adds the rows of what came and drops the oldest past the limit, newest first', () => {
    const buffer = new MessageBuffer(300);
    const list = new MessageList(document.createElement('div'));
    push(buffer, 3);
    list.draw(buffer, all);
    expect(idsOf(list)).to.deep.equal(['3', '2', '1']);
    const [, second, third] = rows(list);
    push(buffer, 2);
    list.draw(buffer, all);
    expect(idsOf(list)).to.deep.equal(['5', '4', '3', '2', '1']);
    // The rows already there stay: only the two new ones were made.
    expect(rows(list)[3]).to.equal(second);
    expect(rows(list)[4]).to.equal(third);
    push(buffer, 30);
    list.draw(buffer, all);
    expect(idsOf(list)).to.deep.equal(ids(35, 6));
  });

  it('a drawing that brings a whole list puts it in the rows already there, text and all', () => {
    const buffer = new MessageBuffer(300);
    const list = new MessageList(document.createElement('div'));
    push(buffer, 40);
    list.draw(buffer, all);
    expect(idsOf(list)).to.deep.equal(ids(40, 11));
    const before = rows(list);
    // More than the buffer keeps, too: what left it is not shown, what came is.
    push(buffer, 400);
    list.draw(buffer, all);
    expect(idsOf(list)).to.deep.equal(ids(440, 411));
    expect(rows(list).map((row) => row.querySelector('[part=data]')!.textContent)).to.deep.equal(ids(440, 411).map((id) => `${id} data`));
    expect(rows(list).every((row, i) => row === before[i]), 'the same elements').to.equal(true);
    expect(list.size).to.equal(30);
    // And the list goes on from there as usual.
    push(buffer, 1);
    list.draw(buffer, all);
    expect(idsOf(list)).to.deep.equal(ids(441, 412));
  });
});
