// Port of WPT eventsource/resources/status-error.py: answers `status` (default 404) with an event stream's
// content type and `data: data` (no body for 204 and 205).

/** @param {import('./request.js').WptRequest} request */
export default function statusError(request) {
  request.headers['content-type'] = 'text/event-stream';
  request.send(Number(request.text('status') ?? 404), 'data: data\n\n', 'HAHAHAHA');
}
