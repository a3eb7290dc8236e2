// Which engine runs this test file, and what its tools can do (scripts/test-engines.js is the runner's
// side). Every test runs in every engine; a test that needs an engine-only tool calls `requires`, which
// skips it there and says why, in the test's title, so the report shows the reason.
import { executeServerCommand } from '@web/test-runner-commands';

export type EngineName = 'chromium' | 'firefox' | 'webkit';
export type Capability = 'a11ySnapshot' | 'offline';

export interface Engine {
  name: EngineName;
  /** What the browser reports, e.g. `firefox/153.7.0`. */
  version: string;
  /** `true`, or why this engine's tools cannot do it. */
  capabilities: Record<Capability, true | string>;
}

let asked: Promise<Engine> | undefined;

/** The engine running this page (asked of the test runner once per file). */
export function engine(): Promise<Engine> {
  asked ??= executeServerCommand<Engine, undefined>('engine').then((answer) => {
    if (!answer) throw new Error('The test runner has no "engine" command: is scripts/test-engines.js in its plugins?');
    return answer;
  });
  return asked;
}

/**
 * Skips the running test where the engine's tools cannot do `capability`, naming the reason in its
 * title: a skip is reported, never silent. Call it first thing in the test: `await requires(this, 'offline')`.
 */
export async function requires(context: Mocha.Context, capability: Capability): Promise<void> {
  const { name, capabilities } = await engine();
  const can = capabilities[capability];
  if (can === true) return;
  if (context.test) context.test.title += ` [skipped in ${name}: ${can}]`;
  context.skip();
}

/**
 * The ARIA role and accessible name the engine's own accessibility tree gives the element `selector`
 * finds in the document: Chromium's (DevTools), Firefox's (WebDriver BiDi; it can only confirm an
 * expected role and name, so pass them) or WebKit's (WebDriver's computed role and label).
 */
export async function accessible(selector: string, expected: { role?: string; name?: string } = {}) {
  const answer = await executeServerCommand<{ role: string | null; name: string | null }, { selector: string; role?: string; name?: string }>('accessible', { selector, ...expected });
  if (!answer) throw new Error('The test runner has no "accessible" command');
  return answer;
}

/** Real key presses (`Tab`, `Enter`, `Space`, `ArrowUp`, …), one after the other, to whatever has the focus. */
export async function press(...keys: string[]): Promise<void> {
  if (!(await executeServerCommand<boolean, { keys: string[] }>('press', { keys }))) throw new Error('The test runner has no "press" command');
}
