import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    font: var(--sse-feed-font, inherit);
    color: var(--sse-feed-color, inherit);
  }
  :host([hidden]),
  [part][hidden] {
    display: none;
  }
  [part='list'] {
    display: flex;
    flex-direction: column;
    gap: var(--sse-feed-gap, 0.25rem);
    max-height: var(--sse-feed-max-height, none);
    overflow: auto;
    margin: 0;
    padding: 0;
  }
  [part~='item'] {
    padding: var(--sse-feed-item-padding, 0);
    border-bottom: var(--sse-feed-item-border, none);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
`;
