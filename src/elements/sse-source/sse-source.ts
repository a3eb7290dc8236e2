import { css, html, LitElement } from 'lit';

/**
 * @tagname sse-source
 * @summary Gives its descendants a stream: any `<sse-feed>`, `<sse-status>` or element using
 * `SseController` without a `src` of its own uses the nearest `<sse-source>`'s, so one attribute
 * configures a whole panel. It holds no connection itself; its descendants do.
 *
 * @slot - The panel: elements that read `src` from here.
 */
export class SseSource extends LitElement {
  // No box of its own: the panel lays out as if the element were not there.
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  static override properties = {
    src: { reflect: true },
    withCredentials: { type: Boolean, attribute: 'with-credentials', reflect: true },
  };

  /** URL of the event stream its descendants use; reflected, since they read the attribute. */
  declare src: string | null;
  /** Send credentials (cookies) with a cross-origin stream. */
  declare withCredentials: boolean;

  constructor() {
    super();
    this.src = null;
    this.withCredentials = false;
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sse-source': SseSource;
  }
}
