import { css } from 'lit';

// Comments inside the css`` below ship with it; this one does not. While messages stream in (not `paused`),
// each line of a message's data stays one line, cut with an ellipsis: wrapping the rows at every drawing was
// most of the layout and paint the open inspector cost the page (a trace of the bench's steady 2,000/s).
// Paused, the list holds still and wraps every line in full.
// Message rows skip layout out of view (`content-visibility`) only while paused, when the list holds up to 300:
// live, its 30 rows are reused in place, and a row arriving with it costs its frame a second style and layout
// pass. `.rehearsal` is the panel's first drawing out of sight (`#rehearse`): painted (so not `visibility:
// hidden`), all but transparent, and out of reach of the pointer.
export const styles = css`
  :host {
    /* Follows the system's theme unless theme="light" or theme="dark" says otherwise. */
    color-scheme: light dark;
    --_bg: var(--sse-devtools-background, light-dark(#ffffff, #16181d));
    --_fg: var(--sse-devtools-color, light-dark(#1f2328, #e6e8eb));
    --_muted: var(--sse-devtools-muted-color, light-dark(#57606a, #a3acb9));
    --_line: var(--sse-devtools-border-color, light-dark(#d0d7de, #343a44));
    --_accent: var(--sse-devtools-accent-color, light-dark(#0550ae, #79b8ff));
    --_stripe: light-dark(#f6f8fa, #1c1f25);
    --_error: light-dark(#a40e26, #ff9492);
    --_selected: light-dark(#ddf4ff, #0c2d6b);
    --_open: var(--sse-devtools-open-color, #2da44e);
    --_connecting: var(--sse-devtools-connecting-color, #d4a72c);
    --_reconnecting: var(--sse-devtools-reconnecting-color, #e16f24);
    --_waiting: var(--sse-devtools-waiting-color, #8250df);
    --_paused: var(--sse-devtools-paused-color, #8c959f);
    --_closed: var(--sse-devtools-closed-color, #cf222e);
    --_released: var(--sse-devtools-released-color, light-dark(#d0d7de, #484f58));
    --_mono: var(--sse-devtools-mono-font, ui-monospace, SFMono-Regular, Menlo, Consolas, monospace);
    display: block;
    position: fixed;
    inset-inline: 0;
    inset-block-end: 0;
    z-index: var(--sse-devtools-z-index, 2147483000);
    font: var(--sse-devtools-font, 12px/1.4 system-ui, sans-serif);
    color: var(--_fg);
  }
  :host([theme='light']) {
    color-scheme: light;
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
  :host(:not([open]):not([inline])) {
    inset-inline: auto 12px;
    inset-block-end: 12px;
  }
  :host([inline]) {
    position: static;
  }
  :host([hidden]) {
    display: none;
  }
  .rehearsal {
    position: fixed;
    inset: 0 auto auto 0;
    z-index: -1;
    inline-size: 100vw;
    block-size: 50vh;
    overflow: hidden;
    opacity: 0.001;
    pointer-events: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  button {
    font: inherit;
    color: var(--_fg);
    background: var(--_stripe);
    border: 1px solid var(--_line);
    border-radius: 4px;
    padding: 2px 8px;
    cursor: pointer;
  }
  button:hover {
    border-color: var(--_accent);
  }
  button[aria-pressed='true'] {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_bg);
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 1px;
  }
  [part~='toggle'] {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    padding: 4px 10px;
    border-radius: 999px;
    background: var(--_bg);
    box-shadow: 0 2px 8px rgb(0 0 0 / 0.2);
  }
  .dot {
    display: inline-block;
    inline-size: 8px;
    block-size: 8px;
    border-radius: 50%;
    background: var(--_color, var(--_open));
    flex: none;
  }
  [part~='toggle'][data-health='failing'] .dot {
    background: var(--_closed);
  }
  .badge {
    font-variant-numeric: tabular-nums;
    color: var(--_muted);
  }
  [part='panel'] {
    /* Nothing in the panel makes the page lay itself out again. */
    contain: layout paint style;
    display: flex;
    flex-direction: column;
    block-size: var(--sse-devtools-height, 45vh);
    min-block-size: 120px;
    background: var(--_bg);
    border-block-start: 1px solid var(--_line);
    box-shadow: 0 -4px 16px rgb(0 0 0 / 0.15);
  }
  :host([inline]) [part='panel'] {
    block-size: var(--sse-devtools-height, 28rem);
    border: 1px solid var(--_line);
    border-radius: 6px;
    box-shadow: none;
    resize: vertical;
    overflow: hidden;
  }
  [part='resize'] {
    flex: none;
    block-size: 6px;
    margin-block-start: -3px;
    cursor: ns-resize;
    touch-action: none;
  }
  [part='resize']:hover,
  [part='resize']:focus-visible {
    background: var(--_accent);
  }
  [part='header'] {
    flex: none;
    display: flex;
    align-items: center;
    gap: 12px;
    padding: 4px 10px;
    border-block-end: 1px solid var(--_line);
  }
  h2,
  h3 {
    font-size: inherit;
    margin: 0;
  }
  h2 {
    font-size: 13px;
  }
  .summary,
  .count,
  .detail,
  .empty {
    color: var(--_muted);
  }
  [data-action='collapse'] {
    margin-inline-start: auto;
  }
  .body {
    flex: 1;
    min-block-size: 0;
    display: flex;
    flex-direction: column;
  }
  .connections {
    flex: 0 1 auto;
    max-block-size: 55%;
    overflow: auto;
  }
  table {
    border-collapse: collapse;
    inline-size: 100%;
  }
  th,
  td {
    text-align: start;
    vertical-align: top;
    padding: 3px 5px;
    border-block-end: 1px solid var(--_line);
    white-space: nowrap;
  }
  thead th {
    position: sticky;
    inset-block-start: 0;
    background: var(--_bg);
    color: var(--_muted);
    font-weight: 600;
    z-index: 1;
  }
  tbody tr:nth-child(even) {
    background: var(--_stripe);
  }
  .key {
    font-weight: normal;
    max-inline-size: 18em;
  }
  tr.selected > * {
    background: var(--_selected);
  }
  .url,
  .key .detail {
    display: block;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .key .detail {
    font-size: 11px;
  }
  .mono,
  .key,
  [part='data'] {
    font-family: var(--_mono);
  }
  .number {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  .error {
    max-inline-size: 14em;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .error:not(:empty) {
    color: var(--_error);
  }
  [data-phase='open'] {
    --_color: var(--_open);
  }
  [data-phase='connecting'] {
    --_color: var(--_connecting);
  }
  [data-phase='reconnecting'] {
    --_color: var(--_reconnecting);
  }
  [data-phase='waiting'] {
    --_color: var(--_waiting);
  }
  [data-phase='paused'] {
    --_color: var(--_paused);
  }
  [data-phase='closed'] {
    --_color: var(--_closed);
  }
  [data-phase='released'] {
    --_color: var(--_released);
  }
  [part='state'] {
    display: inline-flex;
    align-items: center;
    gap: 5px;
  }
  .rate {
    display: flex;
    align-items: center;
    gap: 6px;
  }
  [part='sparkline'] {
    inline-size: 56px;
    block-size: 18px;
    overflow: visible;
  }
  [part='sparkline'] polyline {
    fill: none;
    stroke: var(--_accent);
    stroke-width: 1.5;
    vector-effect: non-scaling-stroke;
  }
  [part='timeline'] {
    position: relative;
    inline-size: 160px;
    block-size: 14px;
    margin: 2px 0;
    padding: 0;
    list-style: none;
    background: var(--_stripe);
    border: 1px solid var(--_line);
    border-radius: 3px;
    overflow: hidden;
  }
  [part='segment'] {
    position: absolute;
    inset-block: 0;
    min-inline-size: 2px;
    background: var(--_color);
  }
  [part='error-mark'] {
    position: absolute;
    inset-block: 0;
    inset-inline-start: 0;
    inline-size: 2px;
    background: var(--_fg);
  }
  /* The actions stay in view however wide the table is. */
  .actions,
  thead th:last-child {
    position: sticky;
    inset-inline-end: 0;
    background: var(--_bg);
    box-shadow: -1px 0 0 var(--_line);
  }
  tbody tr:nth-child(even) > .actions {
    background: var(--_stripe);
  }
  tr.selected > .actions {
    background: var(--_selected);
  }
  .actions button + button {
    margin-inline-start: 4px;
  }
  .notice:empty {
    display: none;
  }
  .notice {
    margin: 4px 10px;
  }
  [part='report'] {
    display: flex;
    gap: 8px;
    align-items: end;
    padding: 4px 10px;
  }
  [part='report'] label {
    flex: 1;
    display: flex;
    flex-direction: column;
  }
  textarea {
    font: 11px var(--_mono);
    color: var(--_fg);
    background: var(--_stripe);
    border: 1px solid var(--_line);
  }
  [part='messages'] {
    flex: 1 1 0;
    min-block-size: 80px;
    display: flex;
    flex-direction: column;
    border-block-start: 1px solid var(--_line);
  }
  .filters {
    flex: none;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px 12px;
    padding: 4px 10px;
  }
  .filters h3 {
    max-inline-size: 30rem;
    display: flex;
    gap: 0.5ch;
    white-space: nowrap;
  }
  .filters h3 .url {
    font-family: var(--_mono);
    font-weight: normal;
  }
  .filters label {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    color: var(--_muted);
  }
  select,
  input {
    font: inherit;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_line);
    border-radius: 4px;
  }
  .message-list {
    flex: 1;
    min-block-size: 0;
    overflow: auto;
    /* Rows coming and going lay out and paint this box alone. */
    contain: strict;
  }
  /* The message list is rows of a grid, not a <table>: a row arriving does not lay the whole table out
     again. No stripes: a row arriving on top would restyle every row below it. */
  [part='message-table'] .message {
    display: grid;
    grid-template-columns: 8.5em 8em 7em 5.5em minmax(0, 1fr);
    border-block-end: 1px solid var(--_line);
  }
  [part='message-table'] .message > * {
    padding: 3px 6px;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  [part='message-table'] .head .message {
    position: sticky;
    inset-block-start: 0;
    background: var(--_bg);
    color: var(--_muted);
    font-weight: 600;
  }
  /* Paused only (docs/devtools.md, Cost). */
  :host([paused]) [part='message-table'] .rows .message {
    content-visibility: auto;
    contain-intrinsic-size: auto 22px;
  }
  [data-column='time'],
  [data-column='id'],
  [data-column='size'] {
    font-family: var(--_mono);
  }
  [data-column='size'] {
    text-align: end;
  }
  [part='message-table'] .message > [data-column='data'] {
    white-space: normal;
  }
  [part='data'] {
    margin: 0;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  :host(:not([paused])) [part='data'] {
    white-space: pre;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .rejected {
    color: var(--_error);
  }
  @media (forced-colors: active) {
    [part='segment'],
    .dot {
      forced-color-adjust: none;
    }
  }
`;
