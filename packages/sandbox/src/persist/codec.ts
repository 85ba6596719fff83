/**
 * @module A JSON encoding for the simulator's state: Buffers and byte arrays, Maps, Sets and
 * libsignal session records become tagged objects (`{$bytes}`, `{$map}`, `{$set}`, `{$signal}`),
 * everything else stays plain JSON; `decode` turns them back (bytes as Buffers).
 */
import { SessionRecord } from "libsignal";

type Tagged =
  | { $bytes: string }
  | { $map: Array<[unknown, unknown]> }
  | { $set: unknown[] }
  | { $signal: unknown };

/** The state as plain JSON values (see the module comment). */
export function encode(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString("base64") };
  if (value instanceof Map) return { $map: [...value].map(([k, v]) => [encode(k), encode(v)]) };
  if (value instanceof Set) return { $set: [...value].map(encode) };
  // libsignal's own serialization (plain JSON at run time, whatever its types say).
  if (value instanceof SessionRecord) return { $signal: encode(value.serialize()) };
  if (Array.isArray(value)) return value.map(encode);
  const plain: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field !== undefined && typeof field !== "function") plain[key] = encode(field);
  }
  return plain;
}

/** The state `encode` was given back (byte arrays come back as Buffers). */
export function decode(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(decode);
  const tagged = value as Partial<Record<keyof UnionKeys<Tagged>, unknown>>;
  if (typeof tagged.$bytes === "string") return Buffer.from(tagged.$bytes, "base64");
  if (Array.isArray(tagged.$map)) {
    return new Map(tagged.$map.map(([k, v]: [unknown, unknown]) => [decode(k), decode(v)]));
  }
  if (Array.isArray(tagged.$set)) return new Set(tagged.$set.map(decode));
  if (tagged.$signal !== undefined) {
    return SessionRecord.deserialize(decode(tagged.$signal) as Uint8Array);
  }
  const plain: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) plain[key] = decode(field);
  return plain;
}

type UnionKeys<T> = { [K in T extends unknown ? keyof T : never]: unknown };
