/**
 * @module Event ids: `evt_` + a lowercase ULID (48-bit ms time, 80 random bits, Crockford base32),
 * monotonic per generator: ids made in the same millisecond (or after the clock stepped back)
 * count up from the previous one, so one session's ids sort in the order they were made.
 */
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
const PREFIX = "evt_";
const TIME_CHARS = 10;
const RANDOM_CHARS = 16;
const RANDOM_LIMIT = 1n << 80n;

/** `evt_` + 26 lowercase Crockford base32 characters. */
export const EVENT_ID_PATTERN = /^evt_[0-7][0-9a-hjkmnp-tv-z]{25}$/;

/** Options of {@link createEventIds}. */
export interface EventIdOptions {
  /** The newest id made before (e.g. read back from the store): new ids sort after it. */
  after?: string | null;
  /** @default Date.now */
  now?: () => number;
}

/** Returns a generator of monotonic event ids. */
export function createEventIds(options: EventIdOptions = {}): () => string {
  const now = options.now ?? Date.now;
  let last = options.after ? decodeEventId(options.after) : { time: -1, random: 0n };
  return () => {
    const time = now();
    let next: { time: number; random: bigint };
    if (time > last.time) next = { time, random: randomBits() };
    else if (last.random + 1n < RANDOM_LIMIT) next = { time: last.time, random: last.random + 1n };
    else next = { time: last.time + 1, random: 0n }; // 2^80 ids in one ms: borrow the next ms
    last = next;
    return PREFIX + encode(BigInt(next.time), TIME_CHARS) + encode(next.random, RANDOM_CHARS);
  };
}

/** The time (ms) and random part of an event id; throws on anything else. */
export function decodeEventId(id: string): { time: number; random: bigint } {
  if (!EVENT_ID_PATTERN.test(id)) throw new Error(`not an event id: ${id}`);
  const body = id.slice(PREFIX.length);
  return {
    time: Number(decode(body.slice(0, TIME_CHARS))),
    random: decode(body.slice(TIME_CHARS)),
  };
}

// --- internal ---

function randomBits(): bigint {
  // Web Crypto: the same in Node and elsewhere, so core stays free of Node built-ins.
  let value = 0n;
  for (const byte of globalThis.crypto.getRandomValues(new Uint8Array(10))) {
    value = (value << 8n) | BigInt(byte);
  }
  return value;
}

function encode(value: bigint, length: number): string {
  let text = "";
  let rest = value;
  for (let i = 0; i < length; i++) {
    text = ALPHABET[Number(rest & 31n)] + text;
    rest >>= 5n;
  }
  return text;
}

function decode(text: string): bigint {
  let value = 0n;
  for (const char of text) value = (value << 5n) | BigInt(ALPHABET.indexOf(char));
  return value;
}
