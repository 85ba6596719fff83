/**
 * @module JSON of store reads without the Buffer replacer's per-value cost: data read back from
 * the store went through `JSON.parse`, so its only Buffers are `{type: "Buffer", data: [...]}`
 * objects, which always show as the text `"type":"Buffer"`. Without that text the plain
 * `JSON.stringify` is byte-identical to `serializeJson`; with it, `serializeJson` runs.
 */
import { serializeJson } from "../openapi.ts";

const BUFFER_MARK = '"type":"Buffer"';

/**
 * `serializeJson` for values read from the store (no typed arrays: those only come from engines,
 * and a `Uint8Array` would not show the mark).
 */
export function serializeStoreJson(value: unknown): string {
  const text = JSON.stringify(value) ?? "null";
  return text.includes(BUFFER_MARK) ? serializeJson(value) : text;
}
