/** @module The memory engine's name and its capability table: everything, minus what a test disables. */
import {
  CAPABILITY_KEYS,
  CAPABILITY_METHODS,
  type CapabilityKey,
  type EngineCapabilities,
  WaError,
} from "@wa/core";

/** The memory engine's name, used in error messages. */
export const ENGINE_NAME = "memory";

/**
 * The reference engine supports every capability, so its table is derived from the key list: a new
 * key is supported here (and must get a method) without a second list to keep in step.
 */
export const capabilities = Object.fromEntries(
  CAPABILITY_KEYS.map((key) => [key, true]),
) as Readonly<Record<CapabilityKey, true>> satisfies EngineCapabilities;

/** The table with the `disable`d keys false; throws on keys that do not exist. */
export function capabilitiesWithout(disable: readonly CapabilityKey[]): EngineCapabilities {
  for (const key of disable) {
    if (!(CAPABILITY_KEYS as readonly string[]).includes(key))
      throw new WaError(
        "WA_VALIDATION_FAILED",
        `[wa:${ENGINE_NAME}] unknown capability '${key}' in options.disable; use one of ${CAPABILITY_KEYS.join(", ")}.`,
      );
  }
  const table: Record<CapabilityKey, boolean> = { ...capabilities };
  for (const key of disable) table[key] = false;
  return table;
}

/** Removes the methods of disabled capabilities, so flag and method agree (K3). */
export function withoutDisabledMethods<T extends object>(engine: T, table: EngineCapabilities): T {
  for (const key of CAPABILITY_KEYS) {
    if (!table[key]) delete (engine as Record<string, unknown>)[CAPABILITY_METHODS[key]];
  }
  return engine;
}
