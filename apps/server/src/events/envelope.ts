/**
 * @module The event envelope clients receive (waha-compat §6.2), written as text with WAHA's key
 * order: `{id, timestamp, event, session, metadata?, me?, payload, engine, environment}`. The
 * payload is the stored JSON text (Buffers as base64, like every HTTP read); the session facts
 * (metadata, account, engine) are read from the session record, cached for a moment.
 */
import { hostname } from "node:os";
import type { SessionMe } from "@wa/core";
import type { OutboxEvent, Store } from "@wa/store";
import { serializeStoredText } from "../http-cache/json.ts";

/** What the envelope says about the session. */
export interface SessionFacts {
  /** `NOWEB`, `MEMORY`, ... */
  engine: string;
  metadata?: unknown;
  me?: SessionMe | null;
}

/** The JSON text of a facts object's parts, written once per facts object (they are reused). */
const FACTS_TEXT = new WeakMap<SessionFacts, [string, string]>();

/** How long session facts are reused before the record is read again. */
const FACTS_TTL_MS = 1000;

/** The envelope of one event. */
export function envelopeText(event: OutboxEvent, facts: SessionFacts, environment: string): string {
  const head = `{"id":${JSON.stringify(event.id)},"timestamp":${event.timestamp},"event":${JSON.stringify(event.event)},"session":${JSON.stringify(event.session)}`;
  const [sessionPart, enginePart] = factsText(facts);
  return `${head}${sessionPart},"payload":${serializeStoredText(event.payload)}${enginePart},"environment":${environment}}`;
}

/** WAHA's `environment` object as JSON text (the same as `GET /api/server/version`). */
export function environmentText(version: string, defaultEngine: string): string {
  return JSON.stringify({
    version,
    engine: defaultEngine.toUpperCase(),
    tier: "CORE",
    browser: null,
    platform: `${process.platform}/${process.arch}`,
    worker: { id: hostname() },
  });
}

/** Session facts by name. */
export interface SessionFactsReader {
  (session: string): Promise<SessionFacts>;
  /** Reads the record again next time (its status, account or config changed). */
  forget(session: string): void;
}

/** Session facts by name, read from the store and reused for a second (or until forgotten). */
export function createSessionFacts(store: Store, now: () => number = Date.now): SessionFactsReader {
  const cache = new Map<string, { facts: SessionFacts; until: number }>();
  const read = async (session: string): Promise<SessionFacts> => {
    const cached = cache.get(session);
    if (cached && cached.until > now()) return cached.facts;
    const record = await store.sessions.get(session);
    const facts: SessionFacts = { engine: (record?.engine ?? "unknown").toUpperCase() };
    const metadata = record?.config.metadata;
    if (metadata !== undefined && metadata !== null) facts.metadata = metadata;
    if (record?.me) facts.me = record.me;
    cache.set(session, { facts, until: now() + FACTS_TTL_MS });
    return facts;
  };
  return Object.assign(read, { forget: (session: string) => void cache.delete(session) });
}

// --- internal ---

/** `,"metadata":…,"me":…` and `,"engine":…` of the facts. */
function factsText(facts: SessionFacts): [string, string] {
  const known = FACTS_TEXT.get(facts);
  if (known) return known;
  let session = "";
  if (facts.metadata !== undefined) session += `,"metadata":${JSON.stringify(facts.metadata)}`;
  if (facts.me) session += `,"me":${JSON.stringify(facts.me)}`;
  const text: [string, string] = [session, `,"engine":${JSON.stringify(facts.engine)}`];
  FACTS_TEXT.set(facts, text);
  return text;
}
