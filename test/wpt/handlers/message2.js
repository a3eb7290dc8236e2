// Port of WPT eventsource/resources/message2.py: an endless stream that repeats a block of well-formed and
// malformed fields every 2 s, until the client goes.

const BLOCK = 'data:msg\ndata: msg\n\n:\nfalsefield:msg\n\nfalsefield:msg\nData:data\n\ndata\n\ndata:end\n\n';

/** @param {import('./request.js').WptRequest} request */
export default function message2({ res }) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const write = () => {
    if (res.destroyed || res.writableEnded) return;
    res.write(BLOCK);
    timer = setTimeout(write, 2000);
  };
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  res.on('close', () => clearTimeout(timer));
  write();
}
