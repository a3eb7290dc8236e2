import type { BackoffOptions } from './types.js';

export const DEFAULT_BACKOFF: BackoffOptions = { base: 1000, factor: 2, cap: 30_000, maxRetries: Infinity };

/**
 * Delay before retry number `attempt` (1-based): full jitter, a uniform pick in
 * [0, min(cap, base * factor^(attempt-1))), so clients that failed together do not retry together.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(options.cap, options.base * options.factor ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}
