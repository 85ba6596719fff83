/** @module Parsing of raw query values as WAHA accepts them: booleans, integers, sort orders. */
import { validationError } from "../errors.ts";

/** The sort orders; anything else is rejected (WAHA let it into SQL). */
export const SORT_ORDERS = ["desc", "asc"] as const;

/** One of {@link SORT_ORDERS}. */
export type SortOrder = (typeof SORT_ORDERS)[number];

/** A raw query value: absent, a string, a repeated string, or an already typed value. */
export type RawValue = string | number | boolean | readonly string[] | null | undefined;

const TRUE_TEXTS = ["true", "True", "1"];
const FALSE_TEXTS = ["false", "False", "0"];
const INTEGER_TEXT = /^-?\d{1,16}$/;

/** WAHA's boolean strings: `true/True/1` and `false/False/0`; anything else is a 400. */
export function parseBoolean(value: RawValue, name: string, fallback: boolean): boolean;
export function parseBoolean(value: RawValue, name: string): boolean | undefined;
export function parseBoolean(
  value: RawValue,
  name: string,
  fallback?: boolean,
): boolean | undefined {
  const single = lastValue(value);
  if (single === undefined || single === "") return fallback;
  if (typeof single === "boolean") return single;
  const text = String(single);
  if (TRUE_TEXTS.includes(text)) return true;
  if (FALSE_TEXTS.includes(text)) return false;
  throw validationError(`${name} must be a boolean value (true, True, 1, false, False or 0)`);
}

/**
 * A whole number ≥ `min` (default 0); anything else is a 400 naming the parameter. Text must be
 * plain decimal digits: `Number()` alone would read `" "` as 0, `"0x10"` as 16 and `"1.0"` as 1.
 */
export function parseInteger(value: RawValue, name: string, min = 0): number | undefined {
  const single = lastValue(value);
  if (single === undefined || single === "") return undefined;
  const parsed = typeof single === "number" ? single : integerFromText(single);
  if (!Number.isSafeInteger(parsed)) {
    throw validationError(`${name} must be an integer number`);
  }
  if (parsed < min) throw validationError(`${name} must not be less than ${min}`);
  return parsed === 0 ? 0 : parsed; // never -0
}

/** `asc` or `desc` exactly; anything else is a 400. */
export function parseSortOrder(value: RawValue, fallback: SortOrder): SortOrder {
  const single = lastValue(value);
  if (single === undefined || single === "") return fallback;
  if ((SORT_ORDERS as readonly unknown[]).includes(single)) return single as SortOrder;
  throw validationError("sortOrder must be one of the following values: desc, asc");
}

/** A value from a fixed list; anything else is a 400 listing the allowed values. */
export function parseEnum<T extends string>(
  value: RawValue,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const single = lastValue(value);
  if (single === undefined || single === "") return undefined;
  if ((allowed as readonly unknown[]).includes(single)) return single as T;
  throw validationError(`${name} must be one of the following values: ${allowed.join(", ")}`);
}

/** A list given as a repeated parameter, a single value, or a comma-free array. */
export function parseList(value: RawValue): string[] | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (Array.isArray(value)) return value.filter((item) => item !== "");
  return [String(value)];
}

// --- internal ---

function lastValue(value: RawValue): string | number | boolean | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return value.at(-1);
  return value as string | number | boolean;
}

function integerFromText(value: string | boolean): number {
  return typeof value === "string" && INTEGER_TEXT.test(value) ? Number(value) : Number.NaN;
}
