import { html, nothing, type TemplateResult } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import type { Segment, StateHistory } from '../state-history.js';
import { clockTime, duration, errorText } from '../format.js';

/** What one stretch of the timeline says, in words: its phase, when, how long, and its error. */
export function segmentLabel({ change, from, to }: Segment): string {
  const attempt = change.attempt > 0 ? `, attempt ${change.attempt}` : '';
  const offline = change.offline ? ', offline' : '';
  const error = change.error ? `, ${errorText(change.error)}` : '';
  return `${change.phase} at ${clockTime(change.at)} for ${duration(to - from)}${attempt}${offline}${error}`;
}

/**
 * A connection's states over the history's window as coloured stretches, one list item per change, each
 * placed by its time. A change with an error carries a mark, and every item says in words what it was.
 */
export function timeline(history: StateHistory, now: number): TemplateResult {
  const start = history.start(now);
  const percent = (ms: number) => `${(ms / (now - start)) * 100}%`;
  return html`<ol part="timeline" aria-label=${`States over the last ${duration(now - start)}`}>
    ${history.segments(now, start).map((segment) => {
      const label = segmentLabel(segment);
      return html`<li
        part="segment"
        data-phase=${segment.change.phase}
        title=${label}
        style=${styleMap({ insetInlineStart: percent(segment.from - start), inlineSize: percent(segment.to - segment.from) })}
      >
        ${segment.change.error ? html`<span part="error-mark"></span>` : nothing}<span class="visually-hidden">${label}</span>
      </li>`;
    })}
  </ol>`;
}
