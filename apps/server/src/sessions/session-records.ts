/**
 * @module Writes of the stored session records: a new session's record, inserted or refused
 * (name taken, `WA_MAX_SESSIONS` reached), and patches, one at a time per session so that no
 * change is lost.
 */
import { randomBytes } from "node:crypto";
import { type EngineLogger, type SessionRecord, WaError } from "@wa/core";
import type { Store } from "@wa/store";
import { type EngineRegistry, resolveEngineName } from "../engines.ts";

/** What POST /api/sessions accepts. */
export interface SessionCreateInput {
  name?: string;
  config?: Record<string, unknown>;
  /** @default true (the docs' behaviour, waha-compat §12 item 14) */
  start?: boolean;
  /** Our extension: the engine of this session; @default the server's default engine. */
  engine?: string;
}

/** What {@link insertSessionRecord} needs from the manager's options. */
export interface SessionInsertOptions {
  store: Store;
  engines: EngineRegistry;
  defaultEngine: string;
  maxSessions?: number;
}

/** The patches of session records in flight. */
export type SessionRecordWriter = ReturnType<typeof createSessionRecordWriter>;

/** Creates the writer; `logger` hears of writes that failed (the caller goes on). */
export function createSessionRecordWriter(store: Store, logger: EngineLogger) {
  const writes = new Map<string, Promise<void>>();
  return {
    /** Patches the stored record, one write at a time per session so no change is lost. */
    patch(name: string, patch: (record: SessionRecord) => SessionRecord): Promise<void> {
      const previous = writes.get(name) ?? Promise.resolve();
      const next = previous.then(async () => {
        const record = await store.sessions.get(name);
        if (record) await store.sessions.put({ ...patch(record), updatedAt: Date.now() });
      });
      const settled = next.catch((error: unknown) => {
        logger.error({ err: error, session: name }, "session record write failed");
      });
      writes.set(name, settled);
      return settled;
    },
    /** Resolves once the patches of `name` so far have settled (never rejects). */
    settled: (name: string): Promise<void> => writes.get(name) ?? Promise.resolve(),
    /** Forgets a deleted session's writes. */
    forget: (name: string) => void writes.delete(name),
    /** Resolves once every patch so far has settled. */
    all: () => Promise.all([...writes.values()]),
  };
}

/** Inserts a new session's record (`STOPPED`), refused when the name is taken or at the limit. */
export async function insertSessionRecord(
  options: SessionInsertOptions,
  name: string,
  input: SessionCreateInput,
): Promise<void> {
  const { store } = options;
  const exists = () =>
    new WaError("WA_SESSION_EXISTS", `Session '${name}' already exists. Use PUT to update it.`);
  // Checked first so an existing name is told as such, not as the session limit reached.
  if (await store.sessions.get(name)) throw exists();
  const limit = options.maxSessions ?? 0;
  if (limit > 0 && (await store.sessions.list()).length >= limit) {
    throw new WaError(
      "WA_SESSION_LIMIT",
      `The server already holds its maximum of ${limit} sessions (WA_MAX_SESSIONS); delete one or raise the limit.`,
      { details: { limit } },
    );
  }
  const engine = resolveEngineName(options.engines, input.engine ?? options.defaultEngine);
  const now = Date.now();
  // Insert-or-fail: another instance on the same database may create this name meanwhile.
  const created = await store.sessions.insert({
    ...{ name, engine, config: input.config ?? {}, status: "STOPPED", running: false },
    ...{ me: null, createdAt: now, updatedAt: now },
  });
  if (!created) throw exists();
}

/** The name of a session created without one. */
export function autoSessionName(): string {
  return `session_${randomBytes(13).toString("hex")}`;
}
