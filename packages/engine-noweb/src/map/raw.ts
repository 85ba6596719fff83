/**
 * @module Raw Baileys objects → plain JSON (`_data`, `raw`) and back: Buffers as Baileys' `BufferJSON`
 * shape `{type:"Buffer",data:<base64>}`, protobuf Longs as numbers. Pure: no Baileys import at runtime.
 */

/** The JSON shape Baileys' `BufferJSON.replacer` gives a Buffer. */
export interface JsonBuffer {
  type: "Buffer";
  data: string;
}

type LongLike = { low: number; high: number; unsigned?: boolean; toNumber?: () => number };

const isLongLike = (value: object): value is LongLike =>
  typeof (value as LongLike).low === "number" &&
  typeof (value as LongLike).high === "number" &&
  "unsigned" in value;

/** A protobuf number field (number, Long, numeric string) as a JS number, or null. */
export function toNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "string") {
    const parsed = Number(value);
    return value.trim() !== "" && Number.isFinite(parsed) ? parsed : null;
  }
  if (typeof value === "object" && isLongLike(value)) {
    if (typeof value.toNumber === "function") return value.toNumber();
    const low = value.low >>> 0;
    const high = value.unsigned ? value.high >>> 0 : value.high;
    return high * 4294967296 + low;
  }
  return null;
}

/**
 * Converts a Baileys object (plain or protobuf instance) into plain JSON: own enumerable fields only
 * (protobuf defaults live on the prototype, so unset fields stay absent), `undefined` and functions
 * dropped, byte arrays in the `BufferJSON` shape, Longs as numbers. Enums stay numeric, as in
 * Baileys' own stores (we never call protobuf `toJSON`, which would turn them into strings).
 */
export function toRawJson(value: unknown): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (typeof value === "bigint") return Number(value);
  if (typeof value !== "object") return typeof value === "function" ? undefined : value;
  if (value instanceof Uint8Array) return bufferJson(value);
  if (Array.isArray(value)) return value.map((item) => toRawJson(item) ?? null);
  if (isLongLike(value)) return toNumber(value);
  const record = value as Record<string, unknown>;
  if (record.type === "Buffer" && Array.isArray(record.data)) {
    return bufferJson(Uint8Array.from(record.data as number[]));
  }
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(record)) {
    if (field === undefined || typeof field === "function") continue;
    out[key] = toRawJson(field);
  }
  return out;
}

/** Reverses {@link toRawJson}'s Buffer encoding, so stored `_data` can be handed back to Baileys. */
export function reviveRaw<T = unknown>(value: unknown): T {
  return revive(value) as T;
}

/** True for the `BufferJSON` shape. */
export const isJsonBuffer = (value: unknown): value is JsonBuffer =>
  typeof value === "object" &&
  value !== null &&
  (value as JsonBuffer).type === "Buffer" &&
  typeof (value as JsonBuffer).data === "string";

/** Base64 of bytes given either as a Uint8Array or in the `BufferJSON` shape; undefined otherwise. */
export function bytesToBase64(value: unknown): string | undefined {
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  if (isJsonBuffer(value)) return value.data;
  if (typeof value === "string") return value;
  return undefined;
}

// --- internal ---

function bufferJson(bytes: Uint8Array): JsonBuffer {
  return { type: "Buffer", data: Buffer.from(bytes).toString("base64") };
}

function revive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revive);
  if (typeof value !== "object" || value === null || value instanceof Uint8Array) return value;
  if (isJsonBuffer(value)) return Buffer.from(value.data, "base64");
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) out[key] = revive(field);
  return out;
}
