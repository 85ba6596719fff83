/**
 * @module Keeps the planner's statistics in step with bulk writes. Right after a history sync of
 * a million messages autovacuum has not analyzed the tables yet; the planner, believing a chat
 * holds a row or two, then walks the session-wide timeline index for one chat's page (measured:
 * 5 ms instead of 0.4 ms for the first page). So the store analyzes its tables itself, in the
 * background, each time the rows it wrote since the last time double (10,000, 20,000, 40,000, …):
 * a handful of ANALYZE runs for any history, none in steady live traffic.
 */
import type { Query } from "./sql.ts";

/** Rows written before the first ANALYZE of a process. */
const FIRST_ANALYZE_ROWS = 10_000;

/** The tables whose row counts decide read plans. */
const ANALYZED = "messages, message_buckets, message_months, chats, contacts, lid_map";

/** Returns `wrote(rows)`, to call after each committed write. */
export function createStatisticsKeeper(query: Query): (rows: number) => void {
  let written = 0;
  let next = FIRST_ANALYZE_ROWS;
  let running = false;
  return (rows) => {
    written += rows;
    if (written < next || running) return;
    next = written * 2;
    running = true;
    // In the background: a slow or failed ANALYZE only leaves the statistics as they were.
    query(`ANALYZE ${ANALYZED}`)
      .catch(() => undefined)
      .finally(() => {
        running = false;
      });
  };
}
