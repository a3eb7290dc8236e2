// Port of WPT eventsource/resources/cors-cookie.py: a CORS stream that sets a cookie named `ident` on its
// first answer and says on each whether the request carried it (`first`, then `second` after Last-Event-ID 1).

/** @param {import('./request.js').WptRequest} request */
export default function corsCookie(request) {
  const last = request.header('last-event-id')?.toString('latin1') ?? '';
  const ident = request.text('ident') ?? 'test';
  const cookie = request.cookies.has(ident) ? 'COOKIE' : 'NO_COOKIE';
  const origin = request.text('origin') ?? request.header('origin')?.toString('latin1') ?? '';
  const credentials = request.text('credentials') ?? 'true';
  if (origin !== 'none') request.headers['access-control-allow-origin'] = origin;
  if (credentials !== 'none') request.headers['access-control-allow-credentials'] = credentials;
  if (last === '') {
    request.headers['content-type'] = 'text/event-stream';
    request.setCookie(ident, 'COOKIE');
    request.send(200, `id: 1\nretry: 200\ndata: first ${cookie}\n\n`);
  } else if (last === '1') {
    request.headers['content-type'] = 'text/event-stream';
    request.setCookie(ident, 'COOKIE', { expired: true });
    request.send(200, `id: 2\ndata: second ${cookie}\n\n`);
  } else {
    request.headers['content-type'] = 'stop';
    request.send(200, `data: ${last}${cookie}\n\n`);
  }
}
