/**
 * Registers `tag` unless something already did: importing sse-kit twice (two bundles, a CDN copy
 * beside a local one) or a page that defined the tag itself must not throw.
 */
export function define(tag: string, element: CustomElementConstructor): void {
  if (typeof customElements === 'undefined' || customElements.get(tag)) return;
  customElements.define(tag, element);
}
