import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    font: var(--sse-text-font, inherit);
    color: var(--sse-text-color, inherit);
  }
  :host([hidden]),
  [hidden] {
    display: none;
  }
  [part='text'] {
    white-space: var(--sse-text-white-space, pre-wrap);
    overflow-wrap: anywhere;
  }
`;
