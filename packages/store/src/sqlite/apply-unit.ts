/**
 * @module One unit of events applied to a connection: the rows, the bucket counts and the outbox
 * events, written together. The same code runs on the main thread (small writes, in-memory
 * databases) and in the ingest worker (big writes), so both write exactly the same rows.
 */
import type { Database } from "better-sqlite3";
import { applyEvent } from "./apply-events.ts";
import { createBucketDeltas } from "./buckets.ts";
import { createOutboxWriter, type EventDraft } from "./outbox-write.ts";
import { prepareWrites } from "./statements.ts";
import type { ApplyUnit } from "./unit-writer.ts";

/** Prepares the write statements of `db` once and returns the unit applier over them. */
export function createApplyUnit(db: Database): ApplyUnit {
  const writes = prepareWrites(db);
  const writeOutbox = createOutboxWriter(db);
  return (session, unit) => {
    const buckets = createBucketDeltas(writes, session);
    const drafts: EventDraft[] = [];
    for (const event of unit) applyEvent(writes, session, event, buckets, drafts);
    // Before the unit commits: a read between units sees rows and counts that agree.
    buckets.flush();
    return writeOutbox(session, drafts);
  };
}
