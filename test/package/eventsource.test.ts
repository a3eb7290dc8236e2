// The built `sse-kit/eventsource` (dist/eventsource/index.js), as users import it: it exports the class and
// installEventSource(), and neither it nor `sse-kit` installs anything on import. Needs `npm run build`.
import { expect } from '@open-wc/testing';
import { streamUrl, uniqueKey, until } from '../helpers.js';

describe('dist: sse-kit/eventsource', () => {
  it('exports SseEventSource and installEventSource, installs nothing on import, and streams', async () => {
    const Native = globalThis.EventSource;
    // Variables, so neither TypeScript nor esbuild resolve them: these are the built files, not the source.
    const base = '/dist/index.js';
    const entry = '/dist/eventsource/index.js';
    await import(/* @vite-ignore */ base);
    const module = (await import(/* @vite-ignore */ entry)) as typeof import('../../src/eventsource/index.js');
    expect(globalThis.EventSource, 'the global after importing sse-kit and sse-kit/eventsource').to.equal(Native);
    expect(module.installEventSource).to.be.a('function');
    const source = new module.SseEventSource(streamUrl({ key: uniqueKey('dist-es'), count: 2 }));
    const data: string[] = [];
    source.onmessage = (event) => data.push(String(event.data));
    await until(() => data.length === 2, `two events; saw ${data}`);
    source.close();
    expect(data).to.deep.equal(['1', '2']);
  });
});
