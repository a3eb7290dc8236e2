import message from './message.js';
import redirect from './redirect.js';
import statusReconnect from './status-reconnect.js';
import substitute from './substitute.js';

// Port of WPT eventsource/resources/cors.py: CORS headers (`origin`, default the request's Origin;
// `credentials`, default true), then the handler `run` names: message, status-reconnect, redirect (common/
// redirect.py) or cache-control (resources/cache-control.event_stream, substituted).

/**
 * @param {import('./request.js').WptRequest} request
 * @param {(name: string) => string} resource the path of a file in eventsource/resources/
 */
export default function cors(request, resource) {
  request.headers['access-control-allow-origin'] = request.text('origin') ?? request.header('origin')?.toString('latin1') ?? '';
  request.headers['access-control-allow-credentials'] = request.text('credentials') ?? 'true';
  switch (request.text('run')) {
    case 'message':
      return message(request);
    case 'status-reconnect':
      return statusReconnect(request);
    case 'redirect':
      return redirect(request);
    case 'cache-control':
      return substitute(request, resource('cache-control.event_stream'));
    default:
      return request.send(200);
  }
}
