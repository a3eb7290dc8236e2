import { readFileSync } from 'node:fs';

// wptserve's `pipe=sub` for the `.event_stream` files: `{{headers[name]}}` becomes the request's header.

/**
 * @param {import('./request.js').WptRequest} request
 * @param {string} file the template's path
 */
export default function substitute(request, file) {
  const body = readFileSync(file, 'utf8').replace(/\{\{headers\[([^\]]+)\]\}\}/g, (_, name) => request.header(name)?.toString('latin1') ?? '');
  request.headers['content-type'] = 'text/event-stream';
  request.send(200, body);
}
