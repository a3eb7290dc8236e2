import { css, html } from 'lit';
import { SseElement } from '../sse-element.js';

/**
 * @tagname sse-source
 * @summary Gives its descendants a stream: any `<sse-feed>`, `<sse-status>` or element using
 * `SseController` without a `src` of its own uses the nearest `<sse-source>`'s, so one attribute
 * configures a whole panel. It holds no connection itself; its descendants do.
 *
 * @slot - The panel: elements that read `src` from here.
 */
export class SseSource extends SseElement {
  // No box of its own: the panel lays out as if the element were not there.
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  protected override render() {
    return html`<slot></slot>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sse-source': SseSource;
  }
}
