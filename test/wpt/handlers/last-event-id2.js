// Port of WPT eventsource/resources/last-event-id2.py: events whose ids persist (`type=1`), or are reset
// by an empty `id:` (`type=2`) or an `id` line without a colon (`type=3`).

const BODIES = {
  1: 'id: 1\ndata: 1\n\ndata: 2\n\nid: 2\ndata:3\n\ndata:4\n\n',
  2: 'id: 1\ndata: 1\n\nid:\ndata:2\n\ndata:3\n\n',
  3: 'id: 1\ndata: 1\n\nid\ndata:2\n\ndata:3\n\n',
};

/** @param {import('./request.js').WptRequest} request */
export default function lastEventId2(request) {
  request.headers['content-type'] = 'text/event-stream';
  const type = /** @type {keyof typeof BODIES} */ (Number(request.text('type') ?? 1));
  request.send(200, BODIES[type] ?? 'data: invalid_test\n\n');
}
