import { appendFile, copyFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bundleSseKit } from '../lib/bundle.js';
import { fill, findProgram, freePort, nchanModule, startNginx, waitForPort } from '../lib/nginx.js';

const here = (/** @type {string} */ file) => new URL(file, import.meta.url);

/**
 * @typedef {object} ClusterOptions
 * @property {import('../lib/processes.js').Processes} processes every process started is one of these
 * @property {string} dir a temp dir for configs, logs, pid files, Redis's files and the demo page
 * @property {number | null} [retry] the `retry:` (ms) the balancer sends; null sends none (the browser's default)
 * @property {number} [pingInterval] seconds between the nodes' pings
 * @property {string} [control] host:port of the demo's control server, proxied at /control/
 */

/**
 * The scale-out on loopback ports: one Redis, two Nchan nodes in distributed mode (deploy/scale/
 * nchan-node.conf.template) and the balancer in front (balancer.conf.template), which also serves the demo
 * page (public/index.html, with sse-kit bundled from source). Every process is a child in `processes`.
 * @param {ClusterOptions} options
 */
export async function startCluster({ processes, dir, retry = 500, pingInterval = 1, control }) {
  const [redisPort, balancerPort, portA, portB] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const root = join(dir, 'public');
  const accessLog = join(dir, 'balancer-access.log');
  await Promise.all([mkdir(root, { recursive: true }), appendFile(accessLog, '')]);
  await Promise.all([bundleSseKit(join(root, 'sse-kit.js')), copyFile(here('public/index.html'), join(root, 'index.html'))]);

  const redis = processes.start('redis', findProgram('redis-server'), [
    '--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no',
  ]);
  await waitForPort(redisPort, () => `redis: ${redis.stderr()}`);

  const nodeTemplate = await readFile(here('nchan-node.conf.template'), 'utf8');
  /** @type {Record<'a' | 'b', { port: number, process?: Awaited<ReturnType<typeof startNginx>> }>} */
  const nodes = { a: { port: portA }, b: { port: portB } };

  /** @param {'a' | 'b'} name */
  async function startNode(name) {
    const { port } = nodes[name];
    const http = fill(nodeTemplate, {
      REDIS_SERVER: `redis://127.0.0.1:${redisPort}`,
      NODE_LISTEN: `127.0.0.1:${port}`,
      NODE_NAME: name,
      PING_INTERVAL: pingInterval,
    });
    nodes[name].process = await startNginx(processes, { dir, name: `nchan-${name}`, http, ports: [port], modules: [nchanModule()] });
    // Listening is not ready: Nchan connects to Redis after its worker starts, and answers 503 until then.
    const end = Date.now() + 10_000;
    for (;;) {
      const status = await fetch(`http://127.0.0.1:${port}/pub/ready`).then((r) => r.status, () => 0);
      if (status === 200 || status === 404) return;
      if (Date.now() > end) throw new Error(`Nchan node ${name} never got ready (last status ${status}): ${nodes[name].process?.stderr()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  await Promise.all([startNode('a'), startNode('b')]);

  let balancerConf = fill(await readFile(here('balancer.conf.template'), 'utf8'), {
    BALANCER_LISTEN: `127.0.0.1:${balancerPort}`,
    NODE_A: `127.0.0.1:${portA}`,
    NODE_B: `127.0.0.1:${portB}`,
    SSE_RETRY_MS: retry ?? 3000,
    SSE_READ_TIMEOUT: `${Math.max(10, pingInterval * 3)}s`,
    ACCESS_LOG: accessLog,
    DEMO_ROOT: root,
    // Without a control server, /control/ answers 502: nothing else changes.
    DEMO_CONTROL: control ?? '127.0.0.1:9',
  });
  if (retry === null) {
    // What the browser does on its own: no `retry:` at all.
    const line = '        add_before_body /sse-retry;\n';
    if (!balancerConf.includes(line)) throw new Error('balancer.conf.template no longer injects retry: as expected');
    balancerConf = balancerConf.replace(line, '');
  }
  const balancer = await startNginx(processes, { dir, name: 'balancer', http: balancerConf, ports: [balancerPort] });
  const url = `http://127.0.0.1:${balancerPort}`;

  return {
    url,
    redisPort,
    nodes,
    balancer,
    /** Whether node `name` runs. @param {'a' | 'b'} name */
    alive: (name) => Boolean(nodes[name].process?.running()),
    /** Kills node `name` outright (SIGKILL to its nginx master and worker): a crash, not a shutdown. @param {'a' | 'b'} name */
    async kill(name) {
      await nodes[name].process?.kill('SIGKILL');
    },
    /** @param {'a' | 'b'} name */
    async restart(name) {
      if (!nodes[name].process?.running()) await startNode(name);
    },
    /**
     * Publishes through the balancer, retrying what fails (a node may die under it). Returns Nchan's id.
     * @param {string} channel
     * @param {string} data
     * @param {string} [event]
     */
    async publish(channel, data, event = 'tick') {
      let lastError = '';
      for (let attempt = 0; attempt < 20; attempt++) {
        try {
          const response = await fetch(`${url}/pub/${channel}`, {
            method: 'POST',
            headers: { 'x-eventsource-event': event, accept: 'text/json', 'content-type': 'text/plain' },
            body: data,
          });
          const text = await response.text();
          if (response.status === 201 || response.status === 202) return /** @type {string} */ (JSON.parse(text).last_message_id);
          lastError = `HTTP ${response.status} ${text.slice(0, 200)}`;
        } catch (error) {
          lastError = String(error);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`Could not publish to ${channel}: ${lastError}`);
    },
    /**
     * The balancer's subscriber requests so far (a request is logged when it ends), parsed.
     * @returns {Promise<{ at: number, upstream: string, status: number, lastEventId: string, uri: string }[]>}
     */
    async subscriberLog() {
      const text = await readFile(accessLog, 'utf8');
      return text
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const [, at, upstream, status, lastEventId, uri] = /^(\S+) (.+?) (\d+) "(.*?)" "(.*)"$/.exec(line) ?? [];
          return { at: Number(at) * 1000, upstream, status: Number(status), lastEventId: lastEventId === '-' ? '' : lastEventId, uri };
        })
        .filter((entry) => entry.uri?.startsWith('/sub/'));
    },
  };
}

/** @typedef {Awaited<ReturnType<typeof startCluster>>} Cluster */
