import { css } from 'lit';

export const styles = css`
  :host {
    display: inline-flex;
    align-items: center;
    gap: var(--sse-status-gap, 0.4em);
    font: var(--sse-status-font, inherit);
    --_color: var(--sse-status-closed-color, #b91c1c);
  }
  :host([hidden]) {
    display: none;
  }
  :host([state='connecting']) {
    --_color: var(--sse-status-connecting-color, #a16207);
  }
  :host([state='open']) {
    --_color: var(--sse-status-open-color, #15803d);
  }
  :host([state='reconnecting']) {
    --_color: var(--sse-status-reconnecting-color, #c2410c);
  }
  :host([state='paused']) {
    --_color: var(--sse-status-paused-color, #64748b);
  }
  :host([done]) {
    --_color: var(--sse-status-done-color, #1d4ed8);
  }
  [part='indicator'] {
    inline-size: var(--sse-status-indicator-size, 0.6em);
    block-size: var(--sse-status-indicator-size, 0.6em);
    border-radius: 50%;
    background: var(--_color);
    flex: none;
  }
  :host([state='connecting']) [part='indicator'],
  :host([state='reconnecting']) [part='indicator'] {
    animation: pulse 1s ease-in-out infinite alternate;
  }
  @keyframes pulse {
    to {
      opacity: 0.3;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    [part='indicator'] {
      animation: none !important;
    }
  }
  [part='detail'] {
    color: var(--sse-status-detail-color, inherit);
    opacity: 0.8;
  }
  [part='retry'] {
    font: inherit;
  }
`;
