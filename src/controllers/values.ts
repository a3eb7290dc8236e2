// Frameworks (React 19, Vue, Svelte) set an element's values as properties, often as the strings the
// markup holds: `max="3"` arrives as "3", a bare `json` as "". These read them as the attribute would.

/** A number from a number or numeric string; undefined for null, "", or what is not a number. */
export function asNumber(value: unknown): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const number = Number(value);
  return Number.isNaN(number) ? undefined : number;
}

/** A boolean attribute's meaning: present ("" or any text) is true; `false`, "false", null and undefined are not. */
export function asFlag(value: unknown): boolean {
  return value === '' || (Boolean(value) && value !== 'false');
}

/** Space-separated event names (an `event` attribute), each once; `message` when there are none. */
export function eventNames(value: string | null | undefined): string[] {
  const names = (value ?? '').split(/\s+/).filter(Boolean);
  return names.length > 0 ? [...new Set(names)] : ['message'];
}
