// Port of WPT eventsource/resources/message.py: `message` (default `data: data`) and `newline` (default a
// blank line; `none` for none) as the body, then one more newline; `mime` as the content type (default
// text/event-stream); the answer `sleep` ms late.

/** @param {import('./request.js').WptRequest} request */
export default function message(request) {
  const mime = request.text('mime') ?? 'text/event-stream';
  const body = Buffer.concat([
    request.query('message') ?? Buffer.from('data: data'),
    Buffer.from(request.text('newline') === 'none' ? '' : '\n\n'),
    Buffer.from('\n'),
  ]);
  request.headers['content-type'] = mime;
  const sleep = Number(request.text('sleep') ?? 0);
  if (sleep > 0) setTimeout(() => request.send(200, body), sleep);
  else request.send(200, body);
}
