// Port of WPT eventsource/resources/status-reconnect.py: the first request (no cookie for `id`) answers
// `status` (default 204) with `retry: 2` (and `data: ok` with `ok_first`) and sets the cookie; the next
// answers 200 `data: data` and clears it.

/** @param {import('./request.js').WptRequest} request */
export default function statusReconnect(request) {
  const status = request.text('status') ?? '204';
  const name = `request${request.text('id') ?? status}`;
  request.headers['content-type'] = 'text/event-stream';
  if (request.cookies.get(name) === status) {
    request.setCookie(name, '', { expired: true });
    request.send(200, 'data: data\n\n');
    return;
  }
  request.setCookie(name, `${status}; HttpOnly`);
  request.send(Number(status), `retry: 2\n${request.query('ok_first') === undefined ? '' : 'data: ok\n\n'}`, 'TEST');
}
