// Port of WPT eventsource/resources/reconnect-fail.py: a cookie per `id` walks three requests: `opened`
// (with `retry: 2`), then `reconnected`, then a 204 that ends it for good.

/** @param {import('./request.js').WptRequest} request */
export default function reconnectFail(request) {
  const name = `recon_fail_${request.text('id')}`;
  request.headers['content-type'] = 'text/event-stream';
  const state = request.cookies.get(name);
  if (state === 'opened') {
    request.setCookie(name, 'reconnected');
    request.send(200, 'data: reconnected\n\n', 'RECONNECT');
  } else if (state === 'reconnected') {
    request.setCookie(name, '', { expired: true });
    request.send(204, 'data: closed\n\n', 'NO CONTENT (CLOSE)');
  } else {
    request.setCookie(name, 'opened');
    request.send(200, 'retry: 2\ndata: opened\n\n', 'OPEN');
  }
}
