// The inspector's drawing schedule, on the browser's own clock and idle periods: requests made in a task are
// drawn in a task of their own (an idle callback, or an animation frame where there is none), many requests
// make one drawing, and a spacing keeps drawings apart.
import { expect } from '@open-wc/testing';
import { IdleDrawer } from '../../src/devtools/idle-drawer.js';

/** A drawer that records when it drew, and resolves `next` at each drawing. */
function recorder(timeout?: number) {
  const drawings: number[] = [];
  let resolve: () => void = () => {};
  let next = new Promise<void>((r) => (resolve = r));
  const drawer = new IdleDrawer(() => {
    drawings.push(performance.now());
    drawer.drawn();
    resolve();
    next = new Promise<void>((r) => (resolve = r));
  }, timeout);
  return { drawer, drawings, next: () => next };
}

describe('IdleDrawer', () => {
  it('draws outside the task that asked, once for every request made meanwhile', async () => {
    const { drawer, drawings, next } = recorder();
    const drawn = next();
    for (let i = 0; i < 100; i++) drawer.request();
    await Promise.resolve();
    // Not in the task that asked, nor in its microtasks: that task may be the page's own long one.
    expect(drawings).to.have.length(0);
    await drawn;
    expect(drawings).to.have.length(1);
    // A frame later, nothing more came of the hundred requests.
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
    expect(drawings).to.have.length(1);
  });

  it('keeps a request with a spacing at least that far from the last drawing', async () => {
    const { drawer, drawings, next } = recorder();
    drawer.request();
    await next();
    const spaced = next();
    drawer.request(150);
    await spaced;
    expect(drawings).to.have.length(2);
    expect(drawings[1] - drawings[0]).to.be.at.least(150);
  });

  it('lets a request for now overtake one that waits for its spacing', async () => {
    const { drawer, drawings, next } = recorder();
    drawer.request();
    await next();
    drawer.request(60_000);
    const soon = next();
    drawer.request();
    await soon;
    expect(drawings).to.have.length(2);
  });

  it('draws nothing once cancelled', async () => {
    const { drawer, drawings } = recorder();
    drawer.request();
    drawer.cancel();
    // Two frames and an idle period: had the drawing been kept, it would have come by then.
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    await new Promise((resolve) => (typeof requestIdleCallback == 'function' ? requestIdleCallback(resolve, { timeout: 1000 }) : setTimeout(resolve)));
    expect(drawings).to.have.length(0);
  });
});
