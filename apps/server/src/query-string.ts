/**
 * @module The query-string parser: repeated keys become arrays, and PHP/axios-style `ids[]=a`
 * keys are folded into `ids`, so every client dialect reaches the same validated query.
 */
import { parse } from "node:querystring";

/** Parses a raw query string; `key[]` and `key` both collect into `key`. */
export function parseQueryString(raw: string): Record<string, string | string[]> {
  const parsed = parse(raw);
  const query: Record<string, string | string[]> = {};
  // `for…in` rather than Object.entries: this runs on every request (the router parses the query
  // before any hook), and the entries' arrays were ~40% of it. `parse` returns a null-prototype
  // object, so nothing inherited is enumerated.
  for (const rawKey in parsed) {
    const value = parsed[rawKey];
    const key = rawKey.endsWith("[]") ? rawKey.slice(0, -2) : rawKey;
    // Like `qs`, drop `__proto__`: assigning it would swap the object's prototype.
    if (value === undefined || key === "__proto__") continue;
    const previous = Object.hasOwn(query, key) ? query[key] : undefined;
    query[key] = previous === undefined ? value : [...toArray(previous), ...toArray(value)];
  }
  return query;
}

// --- internal ---

function toArray(value: string | string[]): string[] {
  return Array.isArray(value) ? value : [value];
}
