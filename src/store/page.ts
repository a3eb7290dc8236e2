import type { Release } from './types.js';

/** What the page tells its connections: the network came or went, the page was shown or hidden. */
export interface PageListener {
  network?(offline: boolean): void;
  visibility?(): void;
}

const listeners = new Set<PageListener>();

/** This page is hidden (a background tab, a minimised window). */
export const pageHidden = (): boolean => typeof document != 'undefined' && document.visibilityState == 'hidden';

/** The browser says it is offline (it may be wrong the other way: online is only a hint). */
export const browserOffline = (): boolean => typeof navigator != 'undefined' && navigator.onLine === false;

const onNetwork = (event: Event) => listeners.forEach((listener) => listener.network?.(event.type == 'offline'));
const onVisibility = () => listeners.forEach((listener) => listener.visibility?.());

function watchPage(on: boolean) {
  if (typeof window == 'undefined') return;
  const method = on ? 'addEventListener' : 'removeEventListener';
  window[method]('online', onNetwork);
  window[method]('offline', onNetwork);
  document[method]('visibilitychange', onVisibility);
}

/** Hears the page's signals until released; the page is listened to only while someone hears it. */
export function onPage(listener: PageListener): Release {
  if (!listeners.size) watchPage(true);
  listeners.add(listener);
  return () => {
    if (listeners.delete(listener) && !listeners.size) watchPage(false);
  };
}
