// Runs each vendored WPT page twice in the same run, in an iframe: with the browser's EventSource
// (/wpt/native/) and with SseEventSource installed at globalThis.EventSource (/wpt/sse-kit/), then compares
// them subtest by subtest: every subtest the native one passes, SseEventSource must pass, except those
// listed in KNOWN with the reason it cannot. The results go to the test runner, which prints the table
// per engine at the end (test/wpt/plugin.js).
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';

interface Subtest {
  name: string;
  status: string;
  message?: string | null;
}

interface Run {
  /** The harness's own status: OK, ERROR, TIMEOUT, or `no result` when the page never completed. */
  harness: string;
  tests: Subtest[];
}

/** testharness.js's status codes, by its constants' order. */
const TEST_STATUS = ['PASS', 'FAIL', 'TIMEOUT', 'NOTRUN', 'PRECONDITION_FAILED'];
const HARNESS_STATUS = ['OK', 'ERROR', 'TIMEOUT', 'PRECONDITION_FAILED'];

/**
 * Subtests SseEventSource cannot pass, by file and subtest name, with the reason.
 */
export const KNOWN: Record<string, Record<string, string>> = {
  'eventsource-onmessage-trusted.any.js': {
    'EventSource message events are trusted':
      'isTrusted is true only for events the browser itself dispatches; an EventSource written in JavaScript dispatches with dispatchEvent(), so its events are untrusted',
  },
};

/** A subtest named by its URL names it the same way in both runs. */
const sameName = (name: string) => name.replace(/\/wpt\/(native|sse-kit)\//g, '/wpt/…/');

/** A page's results, waited for in an iframe; the harness times out at 10 s, so 25 s means it never completed. */
function runPage(path: string): Promise<Run> {
  return new Promise((resolve) => {
    const frame = document.createElement('iframe');
    const finish = (run: Run) => {
      clearTimeout(timer);
      removeEventListener('message', onMessage);
      frame.remove();
      resolve(run);
    };
    const onMessage = (event: MessageEvent) => {
      const data = event.data as { type?: string; tests?: { name: string; status: number; message?: string | null }[]; status?: { status: number } };
      if (event.source !== frame.contentWindow || data?.type !== 'complete') return;
      finish({
        harness: HARNESS_STATUS[data.status?.status ?? 1] ?? 'ERROR',
        tests: (data.tests ?? []).map(({ name, status, message }) => ({ name: sameName(name), status: TEST_STATUS[status] ?? String(status), message })),
      });
    };
    const timer = setTimeout(() => finish({ harness: 'no result', tests: [] }), 25_000);
    addEventListener('message', onMessage);
    frame.src = path;
    document.body.append(frame);
  });
}

/** The vendored test pages, from the test runner (test/wpt/plugin.js). */
const pages = (await executeServerCommand<{ file: string; page: string }[], undefined>('wpt-tests')) ?? [];

/**
 * One test per WPT page whose file name `select` accepts: the page with the browser's EventSource, then with
 * SseEventSource; every subtest the first passes, the second must pass (or be in KNOWN).
 */
export function wptSuite(title: string, select: (file: string) => boolean): void {
  describe(title, function () {
    // Two runs of a page whose harness may time out at 10 s each.
    this.timeout(60_000);
    const chosen = pages.filter(({ file }) => select(file));
    it('has vendored test pages', () => expect(chosen.length).to.be.greaterThan(0));
    for (const { file, page } of chosen) {
      it(file, async () => {
        const native = await runPage(`/wpt/native/eventsource/${page}`);
        const sseKit = await runPage(`/wpt/sse-kit/eventsource/${page}`);
        const known = KNOWN[file] ?? {};
        await executeServerCommand('wpt-result', { file, native: native.tests, sseKit: sseKit.tests, known });
        const failures: string[] = [];
        if (native.harness === 'OK' && sseKit.harness !== 'OK') failures.push(`the harness said ${sseKit.harness} with SseEventSource`);
        for (const subtest of native.tests) {
          if (subtest.status !== 'PASS' || known[subtest.name]) continue;
          const ours = sseKit.tests.find((other) => other.name === subtest.name);
          if (ours?.status !== 'PASS') failures.push(`"${subtest.name}" ${ours ? `${ours.status}: ${ours.message ?? ''}` : 'did not run'}`);
        }
        expect(failures, `subtests the browser's EventSource passes and SseEventSource does not (native: ${JSON.stringify(native)})`).to.deep.equal([]);
      });
    }
  });
}
