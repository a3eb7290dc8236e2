/**
 * The failover experiment, shared by the test (test/deploy/nchan.test.js) and `npm run demo:scale --
 * --measure`: browser pages subscribed through the balancer, a publisher posting every `every` ms, and, round
 * after round, one Nchan node killed mid-stream (SIGKILL) and restarted once its clients have moved.
 */
import { sleep, until } from '../../scripts/until.js';

/**
 * @typedef {{ id: string, n: number, at: number }} Received
 * @typedef {{ transport: string, url: string, messages: Received[], states: { state: string, at: number }[], nodes: string[] }} Client
 * @typedef {{ victim: 'a' | 'b', killedAt: number, lastBefore: number, moved: { page: number, transport: string, ms: number }[], stayed: number }} Round
 */

/**
 * @param {object} options
 * @param {import('./cluster.js').Cluster} options.cluster
 * @param {import('playwright-core').Browser} options.browser
 * @param {string[]} [options.transports] one page per entry, each in its own browser context
 * @param {('a' | 'b')[]} [options.victims] the node killed in each round
 * @param {number} [options.every] ms between publishes
 * @param {number} [options.before] messages published in a round before its kill
 * @param {string} [options.channel]
 */
export async function runFailover({
  cluster,
  browser,
  transports = ['eventsource', 'fetch', 'eventsource', 'fetch', 'eventsource', 'fetch'],
  victims = ['a', 'b', 'a'],
  every = 100,
  before = 5,
  channel = `failover${Date.now().toString(36)}`,
}) {
  const contexts = await Promise.all(transports.map(() => browser.newContext()));
  try {
    const pages = await Promise.all(
      contexts.map(async (context, i) => {
        const page = await context.newPage();
        await page.goto(`${cluster.url}/?clients=1&first=${i}&transport=${transports[i]}&channel=${channel}`);
        return page;
      }),
    );
    /** @returns {Promise<Client[]>} */
    const clients = () => Promise.all(pages.map((page) => page.evaluate(() => /** @type {any} */ (window).clients[0])));
    await until(async () => (await clients()).every((c) => c.states.at(-1)?.state === 'open'), 'every page subscribed', 10_000);

    // The publisher: one message every `every` ms, each awaited (a node may die under it; publish retries).
    let published = 0;
    let publishing = true;
    /** @type {string[]} */
    const ids = [];
    const publisher = (async () => {
      while (publishing) {
        const started = Date.now();
        ids.push(await cluster.publish(channel, JSON.stringify({ n: published + 1 })));
        published += 1;
        await sleep(Math.max(0, every - (Date.now() - started)));
      }
    })();
    const publishedCount = async (/** @type {number} */ count) => until(async () => published >= count, `${count} published`, 30_000);

    /** @type {Round[]} */
    const rounds = [];
    for (const victim of victims) {
      await publishedCount(published + before);
      // Between two publishes: the kill never lands in the middle of one.
      const lastBefore = published;
      const killedAt = Date.now();
      await cluster.kill(victim);
      // Every page has the messages published since the kill: the moved ones have come back.
      const target = published + 5;
      await publishedCount(target);
      await until(async () => (await clients()).every((c) => c.messages.some((m) => m.n >= target)), 'every page caught up after the kill', 15_000);
      const after = await clients();
      /** @type {Round['moved']} */
      const moved = [];
      after.forEach((client, page) => {
        if (!client.states.some((s) => s.at >= killedAt && s.state !== 'open')) return;
        const first = client.messages.find((m) => m.at >= killedAt && m.n > lastBefore);
        moved.push({ page, transport: client.transport, ms: first ? first.at - killedAt : NaN });
      });
      rounds.push({ victim, killedAt, lastBefore, moved, stayed: after.length - moved.length });
      await cluster.restart(victim);
      // The balancer's fail_timeout (1 s): the restarted node takes subscribers again after it.
      await sleep(1100);
    }

    publishing = false;
    await publisher;
    await until(async () => (await clients()).every((c) => c.messages.some((m) => m.n >= published)), 'every page has every message', 15_000);
    const final = await clients();
    return { channel, published, ids, rounds, clients: final };
  } finally {
    await Promise.all(contexts.map((context) => context.close()));
  }
}

/**
 * The balancer's log of a run's subscriber requests. nginx logs a request when it ends, and the pages' last
 * streams end when their contexts close: this waits (up to 15 s) until each page's are all there.
 * @param {import('./cluster.js').Cluster} cluster
 * @param {Awaited<ReturnType<typeof runFailover>>} run
 */
export async function runLog(cluster, run) {
  const mine = async () => (await cluster.subscriberLog()).filter((entry) => entry.uri.startsWith(`/sub/${run.channel}?`));
  const expected = run.clients.map((_, page) => 1 + run.rounds.filter((round) => round.moved.some((m) => m.page === page)).length);
  const complete = async () => {
    const log = await mine();
    return expected.every((count, page) => log.filter((e) => new URL(e.uri, 'http://x').searchParams.get('client') === String(page)).length >= count);
  };
  // 15 s for a loaded machine: it returns as soon as the log is complete.
  await until(complete, 'the balancer logged every subscriber request', 15_000).catch(() => {});
  return mine();
}

/**
 * Checks a run: every page got every message once, in order, and each of its reconnects resumed on another
 * node from the last id it had. Returns the problems found (none: an empty list).
 * @param {Awaited<ReturnType<typeof runFailover>>} run
 * @param {Awaited<ReturnType<import('./cluster.js').Cluster['subscriberLog']>>} log the balancer's requests, read after the pages closed
 */
export function checkFailover(run, log) {
  /** @type {string[]} */
  const problems = [];
  const all = Array.from({ length: run.published }, (_, i) => i + 1);
  run.clients.forEach((client, page) => {
    const ns = client.messages.map((m) => m.n);
    if (JSON.stringify(ns) !== JSON.stringify(all)) {
      const lost = all.filter((n) => !ns.includes(n));
      problems.push(`page ${page} (${client.transport}): ${ns.length} received of ${all.length}; lost ${lost.join(',') || 'none'}; repeated ${ns.length - new Set(ns).size}`);
    }
    const gotIds = client.messages.map((m) => m.id);
    if (JSON.stringify(gotIds) !== JSON.stringify(run.ids.slice(0, gotIds.length))) problems.push(`page ${page}: ids differ from what the publisher was given`);
    const requests = log.filter((entry) => new URL(entry.uri, 'http://x').searchParams.get('client') === String(page));
    requests.forEach((request, i) => {
      if (i === 0) return;
      const node = (/** @type {string} */ upstream) => upstream.split(', ').at(-1);
      if (!/^\d+:\d+$/.test(request.lastEventId) || !gotIds.includes(request.lastEventId)) {
        problems.push(`page ${page}: request ${i + 1} resumed from "${request.lastEventId}", not an id it had received`);
      }
      if (node(request.upstream) === node(requests[i - 1].upstream)) problems.push(`page ${page}: request ${i + 1} stayed on ${node(request.upstream)}`);
    });
    if (requests.length !== 1 + run.rounds.filter((round) => round.moved.some((m) => m.page === page)).length) {
      problems.push(`page ${page}: ${requests.length} requests for ${run.rounds.filter((round) => round.moved.some((m) => m.page === page)).length} moves`);
    }
  });
  return problems;
}

/** @param {number[]} values */
export const summary = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  return { min: sorted[0], median: Math.round(median), max: sorted.at(-1), count: sorted.length };
};
