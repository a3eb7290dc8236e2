import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { fileURLToPath } from 'node:url';
import { sseServerPlugin } from '../server/index.js';
import { chromeArgs, findChrome } from './chrome.js';
const root = fileURLToPath(new URL('../bench/', import.meta.url));
const outDir = fileURLToPath(new URL('../node_modules/.cache/sse-kit-bench/', import.meta.url));
const server = await preview({ root, logLevel: 'warn', plugins: [sseServerPlugin()], build: { outDir }, preview: { port: 0, host: '127.0.0.1' } });
const origin = `http://127.0.0.1:${server.httpServer.address().port}`;
const browser = await chromium.launch({ executablePath: findChrome(), args: chromeArgs });
const impl = process.argv[2] ?? 'sse-kit';
const page = await browser.newPage();
await page.goto(`${origin}/${impl}.html`);
await page.waitForFunction(() => window.benchReady === true);
await page.evaluate(() => {
  const C = customElements.get('sse-feed'); if (!C) return;
  const orig = C.prototype.update; window.__upd = [];
  C.prototype.update = function (c) { const t = performance.now(); orig.call(this, c); window.__upd.push(performance.now() - t); };
});
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
if (!process.argv.includes('--no-profile')) await cdp.send('Profiler.start'); else await cdp.send('Profiler.start');
const r = await page.evaluate((u) => window.bench.steady(u, 20000), `/sse/chaos/stream?key=p${Math.random()}&size=80&count=20000&rate=10000`);
const { profile } = await cdp.send('Profiler.stop');
console.log(JSON.stringify(r));
console.log('updates', await page.evaluate(() => { const u = window.__upd ?? []; u.sort((a,b)=>a-b); return { n: u.length, p50: u[Math.floor(u.length/2)], p95: u[Math.floor(u.length*0.95)], total: u.reduce((a,b)=>a+b,0) }; }));
// self time per function
const self = new Map();
const dt = profile.timeDeltas; const byId = new Map(profile.nodes.map(n => [n.id, n]));
const counts = new Map();
for (const s of profile.samples) counts.set(s, (counts.get(s) ?? 0) + 1);
let total = 0;
for (const [id, c] of counts) { const n = byId.get(id); const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}:${n.callFrame.columnNumber}`; self.set(k, (self.get(k) ?? 0) + c); total += c; }
console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, c]) => `${(100 * c / total).toFixed(1)}% ${k}`).join('\n'));
await browser.close(); await server.close();
