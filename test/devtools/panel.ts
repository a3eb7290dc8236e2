// Reads <sse-devtools> the way a person reads it: its rows, cells, timeline stretches and message list, from
// its shadow root. Every devtools test mounts one with `mountDevtools` and reads it through these.
import { fixture, html } from '@open-wc/testing';
import '../../src/devtools/index.js';
import type { SseDevtools } from '../../src/devtools/index.js';
import type { SseStore } from '../../src/store/index.js';

/** An open, inline inspector of `store` (inline: it takes no fixed place over the test page). */
export function mountDevtools(store: SseStore): Promise<SseDevtools> {
  return fixture<SseDevtools>(html`<sse-devtools open inline .store=${store}></sse-devtools>`);
}

const root = (devtools: SseDevtools) => devtools.shadowRoot!;

/** The connection's row, by key. */
export const rowOf = (devtools: SseDevtools, key: string) => root(devtools).querySelector<HTMLTableRowElement>(`tr[data-key="${CSS.escape(key)}"]`);

/** A cell's text (`transport`, `role`, `state`, `holders`, `attempt`, `retry`, `error`, `last-id`, `messages`, `rejected`, `rate`). */
export function cellOf(devtools: SseDevtools, key: string, column: string): string {
  return rowOf(devtools, key)?.querySelector(`[data-column="${column}"]`)?.textContent?.replace(/\s+/g, ' ').trim() ?? '(no row)';
}

/** The timeline's stretches: their phase and what each says in words. */
export function segmentsOf(devtools: SseDevtools, key: string): { phase: string; text: string }[] {
  return [...(rowOf(devtools, key)?.querySelectorAll<HTMLElement>('[part=segment]') ?? [])].map((segment) => ({
    phase: segment.dataset.phase ?? '',
    text: segment.textContent?.trim() ?? '',
  }));
}

/** A row's button, by its action (`reconnect`, `copy`, `select`). */
export const buttonOf = (devtools: SseDevtools, key: string, action: string) =>
  rowOf(devtools, key)?.querySelector<HTMLButtonElement>(`button[data-action="${action}"]`) ?? null;

/** A button of the panel outside the rows (`collapse`, `pause`, `clear`). */
export const panelButton = (devtools: SseDevtools, action: string) => root(devtools).querySelector<HTMLButtonElement>(`button[data-action="${action}"]`);

/** The message list's rows, newest first: event, id, and data as shown. */
export function messagesOf(devtools: SseDevtools): { event: string; id: string; data: string; row: HTMLElement }[] {
  return [...root(devtools).querySelectorAll<HTMLElement>('[part=message-table] .rows [role=row]')].map((row) => ({
    event: row.querySelector('[data-column=event]')?.textContent ?? '',
    id: row.querySelector('[data-column=id]')?.textContent ?? '',
    data: row.querySelector('[part=data]')?.textContent ?? '',
    row,
  }));
}

/** The sparkline's words (`… 12 now, peak 600`) and its points' heights (0 is the top: the busiest second). */
export function rateOf(devtools: SseDevtools, key: string): { label: string; heights: number[] } {
  const line = rowOf(devtools, key)?.querySelector('[part=sparkline]');
  const points = line?.querySelector('polyline')?.getAttribute('points') ?? '';
  return {
    label: line?.getAttribute('aria-label') ?? '(no sparkline)',
    heights: points.split(' ').filter(Boolean).map((point) => Number(point.split(',')[1])),
  };
}
