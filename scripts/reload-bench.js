// The figure issue 21 asks for: a reload in the middle of a 20,000-event burst (fetch, `persist`), in each engine,
// `RUNS` times (default 5) at each pace: at full speed, and sent at 10,000 events/s. Events lost and repeated
// across the reload (both 0 is the point), how many of the reloads landed in the middle of the burst (at full
// speed, the old page often reads the whole burst before the browser unloads it), and the time from the reload
// to the first resumed event. The page reloads itself from its listener at event RELOAD_AT and loads the
// one-file bundle (run `npm run build` first). The scenario is the reload test's (test/persist/persist.js);
// SSE_KIT_ENGINES picks engines; `--out docs/reload-bench.json` keeps the run for the docs.
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { reloadTable } from './bench-tables.js';
import { ENGINE_NAMES, selectedEngines } from './engines.js';
import { burstReload, PACED, RELOAD_AT } from '../test/persist/persist.js';
import { startHarness } from '../test/shared/harness.js';

const runs = Number(process.env.RUNS ?? 5);
/** `--out docs/reload-bench.json`: the run for the docs (scripts/docs-figures.js renders its table). */
const out = process.argv.includes('--out') ? process.argv[process.argv.indexOf('--out') + 1] : undefined;
/** @type {import('./bench-tables.js').ReloadRow[]} */
const rows = [];
for (const engine of selectedEngines()) {
  const harness = await startHarness(engine);
  try {
    for (const rate of [0, PACED]) {
      /** @type {import('./bench-tables.js').ReloadRow} */
      const row = { engine: `${ENGINE_NAMES[engine]} ${harness.browser.version.replace(/^[^/]*\//, '')}`, pace: rate ? `${rate.toLocaleString('en')}/s` : 'full speed', runs, midBurst: 0, cuts: [], lost: 0, repeated: 0, ms: [] };
      for (let i = 0; i < runs; i++) {
        const run = await burstReload(RELOAD_AT, rate, harness);
        console.log(run.report);
        row.lost += run.lost;
        row.repeated += run.repeated;
        // The browser unloads the page when the next one arrives: a run where it read the whole burst first had nothing to resume.
        if (run.first.ids.length == 20_000) continue;
        row.midBurst += 1;
        row.ms.push(run.ms);
        row.cuts.push(run.first.ids.length);
      }
      rows.push(row);
    }
  } finally {
    await harness.close();
  }
}
console.log(`\n${reloadTable(rows)}`);
if (out) {
  writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), cpu: cpus()[0]?.model.trim(), cores: cpus().length, rows }, null, 2)}\n`);
  console.log(`\nwrote ${out}; \`npm run docs:figures\` puts it in the docs`);
}
