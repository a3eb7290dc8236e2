import { html, type TemplateResult } from 'lit';
import { count } from '../format.js';
import type { RateSummary } from '../rate-counter.js';

/** The line's height in its own units; its width is one unit per second. */
const HEIGHT = 20;

/** Messages per second as a line, one point a second, scaled to the busiest second shown. */
export function sparkline(series: readonly number[], summary: RateSummary): TemplateResult {
  const top = Math.max(1, summary.peak);
  const points = series.map((n, second) => `${second},${(HEIGHT - (n / top) * HEIGHT).toFixed(2)}`).join(' ');
  const label = `Messages per second over the last ${series.length} s: ${count(summary.now)} now, peak ${count(summary.peak)}`;
  return html`<svg part="sparkline" viewBox=${`0 -1 ${series.length - 1} ${HEIGHT + 2}`} preserveAspectRatio="none" role="img" aria-label=${label}>
    <title>${label}</title>
    <polyline points=${points}></polyline>
  </svg>`;
}
