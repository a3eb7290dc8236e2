/**
 * Reads `path` ("a.b.c", array indexes as numbers) from own properties only, so data can never reach
 * `constructor`, `__proto__` or anything else inherited. "" or "." is the whole value.
 */
export function readPath(value: unknown, path: string): unknown {
  if (path === '' || path === '.') return value;
  let current: unknown = value;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** A value as text: nothing for null and undefined, JSON for objects. */
export function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
