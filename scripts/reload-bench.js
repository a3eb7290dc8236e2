// The figure issue 21 asks for: a reload in the middle of a 20,000-event burst (fetch, `persist`), in each engine,
// `RUNS` times (default 5) at each pace: at full speed, and sent at 10,000 events/s. Events lost and repeated
// across the reload (both 0 is the point), how many of the reloads landed in the middle of the burst (at full
// speed, the old page often reads the whole burst before the browser unloads it), and the time from the reload
// to the first resumed event. The page reloads itself from its listener at event RELOAD_AT and loads the
// one-file bundle (run `npm run build` first). The scenario is the reload test's (test/persist/persist.js);
// SSE_KIT_ENGINES picks engines.
import { ENGINE_NAMES, selectedEngines } from './engines.js';
import { burstReload, PACED, RELOAD_AT } from '../test/persist/persist.js';
import { startHarness } from '../test/shared/harness.js';

const runs = Number(process.env.RUNS ?? 5);
const rows = [];
for (const engine of selectedEngines()) {
  const harness = await startHarness(engine);
  try {
    for (const rate of [0, PACED]) {
      const times = [];
      let lost = 0;
      let repeated = 0;
      const cuts = [];
      let whole = 0;
      for (let i = 0; i < runs; i++) {
        const run = await burstReload(RELOAD_AT, rate, harness);
        console.log(run.report);
        lost += run.lost;
        repeated += run.repeated;
        // The browser unloads the page when the next one arrives: a run where it read the whole burst first had nothing to resume.
        if (run.first.ids.length == 20_000) whole += 1;
        else {
          times.push(run.ms);
          cuts.push(run.first.ids.length);
        }
      }
      times.sort((a, b) => a - b);
      const span = (/** @type {number[]} */ values) => (values.length ? `${Math.min(...values).toLocaleString('en')}–${Math.max(...values).toLocaleString('en')}` : '—');
      const ms = (/** @type {number | undefined} */ value) => (value === undefined ? '—' : `${value} ms`);
      const pace = rate ? `${rate.toLocaleString('en')}/s` : 'full speed';
      rows.push(
        `| ${ENGINE_NAMES[engine]} ${harness.browser.version} | ${pace} | ${runs - whole} of ${runs} | ${span(cuts)} | ${lost} | ${repeated} | ${ms(times[Math.floor((times.length - 1) / 2)])} | ${ms(times.at(-1))} |`,
      );
    }
  } finally {
    await harness.close();
  }
}
console.log(`\n| engine | burst | reloads mid-burst | events before the page unloaded | lost | repeated | reload → first resumed event (median) | (max) |`);
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) console.log(row);
