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
 * @fires sse-source-change - A property its descendants read and no attribute mirrors (`headers`, `body`, `store`) changed; descendants listen for it.
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
    // Attributes reach descendants through their MutationObservers; these properties have none.
    if (changed.has('headers') || changed.has('body') || changed.has('store')) {
      this.dispatchEvent(new Event(PROVIDER_CHANGE));
    }
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
