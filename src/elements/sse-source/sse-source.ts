import { css, html, type PropertyValues } from 'lit';
import { PROVIDER_CHANGE } from '../../controllers/sse-controller.js';
import { SseElement } from '../sse-element.js';

/**
 * @tagname sse-source
 * @summary Gives its descendants a stream: any `<sse-feed>`, `<sse-status>` or element using
 * `SseController` without a `src` of its own uses the nearest `<sse-source>`'s, so one attribute
 * configures a whole panel. It holds no connection itself; its descendants do.
 *
 * @slot - The panel: elements that read `src` from here.
 *
 * @fires sse-source-change - An option set as a property (`headers`, `body`, `store`, or any other) changed; descendants listen for it.
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

  protected override updated(changed: PropertyValues<this>): void {
    // Attributes reach descendants through their MutationObservers; values set as properties (options are
    // not reflected, headers and body have no attribute) reach them through this event.
    if (!changed.has('src') || changed.size > 1) this.dispatchEvent(new Event(PROVIDER_CHANGE));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sse-source': SseSource;
  }
  interface HTMLElementEventMap {
    'sse-source-change': Event;
  }
}
