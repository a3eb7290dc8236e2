// <sse-text> against the streamed-answer endpoint (server/ask.js): OpenAI- and Anthropic-style pieces,
// the text as text, restarts, parse errors, scale, accessibility and <sse-status> on a finished answer.
import { expect, fixture, html } from '@open-wc/testing';
import { z } from 'zod';
import { defineStream, type SseErrorEvent, type SseText } from '../../src/index.js';
import { accessible } from '../engine.js';
import { askStats, askUrl, markupWouldHaveRun, nextFrame, uniqueKey, until } from '../helpers.js';

const body = (question: string) => JSON.stringify({ question });
const shown = (text: SseText) => text.shadowRoot!.querySelector('[part=text]')!.textContent;
const finished = (text: SseText) => text.connection?.state === 'closed';

/** An <sse-text> reading OpenAI-style chunks until [DONE]. */
async function answer(src: string, question: string): Promise<SseText> {
  return fixture<SseText>(html`<sse-text
    src=${src}
    method="POST"
    .body=${body(question)}
    once
    end-on="[DONE]"
    json
    field="choices.0.delta.content"
  ></sse-text>`);
}

describe('<sse-text>', () => {
  it('shows the concatenated pieces of an OpenAI-style answer, and `text` is what is shown', async () => {
    const text = await answer(askUrl(uniqueKey('openai')), 'what is SSE?');
    await until(() => finished(text), 'the answer finished');
    await nextFrame();
    const expected =
      'You asked: "what is SSE?". Server-sent events stream text over plain HTTP, one piece at a time; ' +
      '<sse-text> shows the pieces as one growing text, so <b>markup</b> like this stays text.';
    expect(text.text).to.equal(expected);
    expect(shown(text)).to.equal(expected);
    expect(text.connection!.error).to.equal(null);
  });

  it('shows markup and script in pieces literally: no element is created, nothing runs', async () => {
    const payload = '<img src=x onerror="window.__textXss=1"><script>window.__textXss=2</script><b>bold</b>';
    const text = await answer(askUrl(uniqueKey('xss')), payload);
    await until(() => finished(text), 'the answer finished');
    await nextFrame();
    const part = text.shadowRoot!.querySelector('[part=text]')!;
    expect(part.textContent).to.contain(payload);
    expect(part.querySelectorAll('*').length).to.equal(0);
    expect([...part.childNodes].every((node) => node.nodeType === Node.TEXT_NODE)).to.equal(true);
    await markupWouldHaveRun();
    expect((window as Window & { __textXss?: number }).__textXss).to.equal(undefined);
  });

  it('reads an Anthropic-style stream by event name and field', async () => {
    const text = await fixture<SseText>(html`<sse-text
      src=${askUrl(uniqueKey('anthropic'), { style: 'anthropic' })}
      method="POST"
      .body=${body('named pieces?')}
      once
      event="content_block_delta"
      json
      field="delta.text"
    ></sse-text>`);
    await until(() => finished(text), 'the answer finished');
    expect(text.text).to.match(/^You asked: "named pieces\?"\. .* stays text\.$/);
  });

  it('starts empty again when its body changes (a new question)', async () => {
    const key = uniqueKey('restart');
    const text = await answer(askUrl(key, { interval: 30 }), 'first');
    await until(() => text.text.includes('first'), 'the first answer begins');
    text.body = body('second');
    await text.updateComplete;
    expect(text.text).to.equal('');
    await until(() => finished(text), 'the second answer finished');
    expect(text.text).to.match(/^You asked: "second"/);
    expect(text.text).to.not.contain('first');
  });

  it('starts empty again when its once stream is asked again (reconnect)', async () => {
    const key = uniqueKey('again');
    const text = await answer(askUrl(key, { interval: 20 }), 'again');
    await until(() => finished(text), 'finished');
    const whole = text.text;
    text.reconnect();
    await text.updateComplete;
    // Cleared as it asks again, not as the first new piece comes: nothing of the old answer stays shown.
    expect(text.text).to.equal('');
    await until(() => finished(text), { for: 'the second answer finished', seen: () => text.connection });
    expect(text.text).to.equal(whole);
    expect((await askStats(key)).requests).to.equal(2);
  });

  it('reports a piece that is not JSON with its data, skips it, and goes on', async () => {
    const src = askUrl(uniqueKey('bad'), { pieces: 5, size: 2, bad: 3 });
    const errors: SseErrorEvent[] = [];
    const text = document.createElement('sse-text');
    text.addEventListener('sse-error', (event) => errors.push(event));
    Object.assign(text, { src, method: 'POST', body: body('x'), once: true, endOn: '[DONE]', json: true, field: 'choices.0.delta.content' });
    document.body.append(text);
    try {
      await until(() => finished(text), 'finished');
      // Pieces 1..5 are "·0" … "·4"; the third is not JSON.
      expect(text.text).to.equal('·0·1·3·4');
      expect(errors.map((e) => e.detail.type)).to.deep.equal(['parse']);
      expect(errors[0].detail.data).to.equal('{not json');
    } finally {
      text.remove();
    }
  });

  it('2,000 pieces make the exact 10,000-character text', async () => {
    const text = await answer(askUrl(uniqueKey('many'), { pieces: 2000, size: 5, interval: 0 }), 'many');
    await until(() => finished(text), 'finished', 10_000);
    await nextFrame();
    const expected = Array.from({ length: 2000 }, (_, i) => `${i}`.padStart(5, '·').slice(-5)).join('');
    expect(text.text.length).to.equal(10_000);
    expect(text.text).to.equal(expected);
    expect(shown(text)).to.equal(expected);
  });

  it('is a polite log, aria-busy while the answer streams and not once it is done', async () => {
    const text = await answer(askUrl(uniqueKey('aria'), { interval: 40 }), 'busy?');
    text.setAttribute('aria-label', 'Answer');
    text.id = 'aria-answer';
    // Read as each piece arrives, so no piece can slip by between two looks on a loaded machine.
    const busy: (string | null)[] = [];
    text.addEventListener('sse-message', () => busy.push(text.getAttribute('aria-busy')));
    await until(() => busy.length > 0, 'streaming');
    // Through the engine's own accessibility tree, in every engine (test/engine.ts).
    expect(await accessible('#aria-answer', { role: 'log', name: 'Answer' }), 'a log named by its aria-label').to.deep.equal({ role: 'log', name: 'Answer' });
    await until(() => finished(text), 'done');
    await text.updateComplete;
    expect(busy.length, 'pieces').to.be.greaterThan(5);
    expect([...new Set(busy)], 'aria-busy as each piece arrived').to.deep.equal(['true']);
    expect(text.getAttribute('aria-busy')).to.equal('false');
  });

  it('<sse-status> shows a finished answer as Done, not as a failure', async () => {
    const key = uniqueKey('status');
    const src = askUrl(key);
    const source = await fixture(html`<sse-source src=${src} method="POST" once end-on="[DONE]">
      <sse-status></sse-status>
      <sse-text json field="choices.0.delta.content"></sse-text>
    </sse-source>`);
    (source as HTMLElement & { body: string }).body = body('status?');
    const status = source.querySelector('sse-status')!;
    await until(() => status.hasAttribute('done'), 'done');
    await status.updateComplete;
    const part = (name: string) => status.shadowRoot!.querySelector(`[part=${name}]`);
    expect(status.getAttribute('state')).to.equal('closed');
    expect(part('label')!.textContent).to.equal('Done');
    expect(part('detail')).to.equal(null);
    expect(part('retry')).to.equal(null);
  });

  it('a typed stream drives it: its URL, its request, and a schema for the pieces; `field` reads the validated value', async () => {
    const Chunk = z.object({ choices: z.array(z.object({ delta: z.object({ content: z.string() }) })) });
    const stream = defineStream(askUrl(uniqueKey('typed'), { bad: 3 }), { message: Chunk }, { method: 'POST', body: body('typed?'), once: true, endOn: '[DONE]' });
    const errors: SseErrorEvent[] = [];
    const text = await fixture<SseText>(html`<sse-text .stream=${stream} field="choices.0.delta.content" @sse-error=${(e: SseErrorEvent) => errors.push(e)}></sse-text>`);
    await until(() => finished(text), 'the answer finished');
    // The third piece (the question) was not JSON: skipped, and the answer went on.
    expect(text.text).to.match(/^You asked: Server-sent events .* stays text\.$/);
    expect(errors.map((e) => [e.detail.type, e.detail.data])).to.deep.equal([['parse', '{not json']]);
    expect(text.connection!.rejected).to.equal(1);
  });

  it('schema: a piece of the wrong shape is skipped as an `invalid` sse-error; the answer goes on', async () => {
    const Chunk = z.object({ choices: z.array(z.object({ delta: z.object({ content: z.string().max(8) }) })) });
    const errors: SseErrorEvent[] = [];
    const text = await fixture<SseText>(html`<sse-text
      src=${askUrl(uniqueKey('schema'))}
      method="POST"
      .body=${body('a-very-long-question')}
      once
      end-on="[DONE]"
      .schema=${Chunk}
      field="choices.0.delta.content"
      @sse-error=${(e: SseErrorEvent) => errors.push(e)}
    ></sse-text>`);
    await until(() => finished(text), 'the answer finished');
    expect(errors.length, 'the long pieces rejected').to.be.above(0);
    expect(errors.every((e) => e.detail.type === 'invalid' && e.detail.issues![0].path!.join('.') === 'choices.0.delta.content')).to.equal(true);
    expect(text.text).to.not.contain('a-very-long-question');
    expect(text.text).to.not.contain('Server-sent');
    expect(text.text).to.contain('You asked: events stream text over plain HTTP');
  });
});
