// `npm run demo:scale`: the scale-out on loopback ports (Redis, two Nchan nodes, the balancer), a publisher
// posting a tick to channel `demo` twice a second, and the demo page through the balancer, whose buttons
// kill and restart nodes. Ctrl-C stops everything.
//
// `npm run demo:scale -- --measure [--runs N]` instead measures the hand-over in headless Chromium: each run is
// six pages (three EventSource, three fetch) and three node kills; `--retry MS` sets the balancer's
// `retry:` (default 500), `--retry none` sends none, for the browser's own default.
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { chromeArgs, findChrome } from '../../scripts/chrome.js';
import { Processes } from '../lib/processes.js';
import { startCluster } from './cluster.js';
import { checkFailover, runFailover, runLog, summary } from './failover.js';

const { values } = parseArgs({
  options: {
    measure: { type: 'boolean', default: false },
    runs: { type: 'string', default: '5' },
    retry: { type: 'string', default: '500' },
  },
});
const runs = Number(values.runs);
const retry = values.retry === 'none' ? null : Number(values.retry);

// Every process (and the temp dir) goes on Ctrl-C, on any exit, and even if this process is killed outright.
const processes = new Processes();
const dir = processes.tempDir('sse-kit-scale-');

try {
  if (values.measure) await measure();
  else await demo();
} catch (error) {
  console.error(error);
  await processes.stopAll();
  process.exit(1);
}

async function demo() {
  // The control server behind the balancer's /control/: the page's Kill and Restart buttons.
  /** @type {import('./cluster.js').Cluster | undefined} */
  let cluster;
  const control = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const node = url.searchParams.get('node');
    if (!cluster) return void res.writeHead(503).end();
    if (url.pathname === '/control/nodes') {
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ a: cluster.alive('a'), b: cluster.alive('b') }));
    }
    if (req.method === 'POST' && (node === 'a' || node === 'b') && (url.pathname === '/control/kill' || url.pathname === '/control/restart')) {
      const action = url.pathname.endsWith('kill') ? 'kill' : 'restart';
      await cluster[action](node);
      console.log(`${action === 'kill' ? 'killed' : 'restarted'} node ${node}`);
      return void res.writeHead(204).end();
    }
    res.writeHead(404).end();
  });
  await new Promise((resolve) => control.listen(0, '127.0.0.1', () => resolve(undefined)));
  const controlPort = /** @type {import('node:net').AddressInfo} */ (control.address()).port;
  cluster = await startCluster({ processes, dir, retry, control: `127.0.0.1:${controlPort}` });
  const ready = cluster;

  let n = 0;
  setInterval(() => {
    ready.publish('demo', JSON.stringify({ n: ++n, at: Date.now() })).catch((error) => console.error(`publish: ${error.message}`));
  }, 500);

  console.log(`
sse-kit on Nchan + Redis
  demo page (through the balancer):  ${cluster.url}/
  Nchan node a:                       127.0.0.1:${cluster.nodes.a.port}
  Nchan node b:                       127.0.0.1:${cluster.nodes.b.port}
  Redis:                              127.0.0.1:${cluster.redisPort}
  balancer retry:                     ${retry === null ? 'none (the browser default)' : `${retry} ms`}
Kill and restart nodes with the page's buttons, or: curl -X POST '${cluster.url}/control/kill?node=a'
Ctrl-C stops everything.`);
}

async function measure() {
  const browser = await chromium.launch({ executablePath: findChrome(), args: chromeArgs });
  try {
    const cluster = await startCluster({ processes, dir, retry });
    /** @type {Record<string, number[]>} */
    const handovers = { eventsource: [], fetch: [] };
    for (let i = 1; i <= runs; i++) {
      const run = await runFailover({ cluster, browser });
      const problems = checkFailover(run, await runLog(cluster, run));
      const moved = run.rounds.flatMap((round) => round.moved);
      for (const m of moved) handovers[m.transport].push(m.ms);
      console.log(
        `run ${i}: ${run.published} messages, ${run.rounds.length} kills, ${moved.length} moves; ` +
          `${problems.length ? `PROBLEMS: ${problems.join('; ')}` : '0 lost, 0 repeated, every move resumed from its Last-Event-ID on the other node'}; ` +
          `hand-over ms: ${moved.map((m) => `${m.transport === 'fetch' ? 'F' : 'E'}${m.ms}`).join(' ')}`,
      );
    }
    console.log(`\nretry: ${retry === null ? 'none' : `${retry} ms`}, ${runs} runs, hand-over = kill to first message on the live node (ms):`);
    for (const [transport, ms] of Object.entries(handovers)) console.log(`  ${transport.padEnd(11)} ${JSON.stringify(summary(ms))}`);
  } finally {
    await browser.close();
    await processes.stopAll();
  }
}
