// Port of WPT eventsource/resources/last-event-id.py: without a Last-Event-ID, an event with the id
// `idvalue` (default U+2026, to be sent back as UTF-8) and `retry: 200`; with one, that id as data.

/** @param {import('./request.js').WptRequest} request */
export default function lastEventId(request) {
  request.headers['content-type'] = 'text/event-stream';
  const last = request.header('last-event-id');
  if (last?.length) {
    request.send(200, Buffer.concat([Buffer.from('data: '), last, Buffer.from('\n\n')]));
    return;
  }
  const id = request.query('idvalue') ?? Buffer.from('\u2026', 'utf8');
  request.send(200, Buffer.concat([Buffer.from('id: '), id, Buffer.from('\nretry: 200\ndata: hello\n\n')]));
}
