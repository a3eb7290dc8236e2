// Port of WPT common/redirect.py: answers `status` (default 302) with `Location: <location>`.

/** @param {import('./request.js').WptRequest} request */
export default function redirect(request) {
  request.headers.location = request.text('location') ?? '/';
  request.send(Number(request.text('status') ?? 302));
}
