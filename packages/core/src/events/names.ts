/**
 * @module Event names clients subscribe to (waha-compat §6.1): WAHA's full list, the ones this
 * server emits, `*`, and the check that names unknown ones.
 */
import { validationError } from "../errors.ts";

/** Every event name WAHA knows; a webhook may list any of them. */
export const WAHA_EVENT_NAMES = [
  "session.status",
  "message",
  "message.reaction",
  "message.any",
  "message.ack",
  "message.ack.group",
  "message.waiting",
  "message.revoked",
  "message.edited",
  "state.change",
  "group.join",
  "group.leave",
  "group.v2.join",
  "group.v2.leave",
  "group.v2.update",
  "group.v2.participants",
  "presence.update",
  "poll.vote",
  "poll.vote.failed",
  "chat.archive",
  "call.received",
  "call.accepted",
  "call.rejected",
  "label.upsert",
  "label.deleted",
  "label.chat.added",
  "label.chat.deleted",
  "event.response",
  "event.response.failed",
  "engine.event",
] as const;

/** One of {@link WAHA_EVENT_NAMES}. */
export type WahaEventName = (typeof WAHA_EVENT_NAMES)[number];

/** The events this server emits, on every engine; the other WAHA names are accepted and never sent. */
export const EMITTED_EVENT_NAMES = [
  "session.status",
  "message",
  "message.any",
  "message.ack",
  "message.reaction",
  "message.revoked",
  "message.edited",
  "chat.archive",
] as const satisfies readonly WahaEventName[];

/** One of {@link EMITTED_EVENT_NAMES}. */
export type EventName = (typeof EMITTED_EVENT_NAMES)[number];

/** Subscribes to every event except the deprecated `state.change` and `engine.event` (as WAHA). */
export const ALL_EVENTS = "*";

const NOT_IN_ALL: readonly string[] = ["state.change", "engine.event"];
const KNOWN = new Set<string>([...WAHA_EVENT_NAMES, ALL_EVENTS]);

/**
 * The set of event names a subscription list selects (`*` expanded); throws a 400
 * `WA_VALIDATION_FAILED` naming every unknown name, or when the list is empty.
 */
export function parseEventNames(names: readonly unknown[], field = "events"): Set<string> {
  const unknown = names.filter((name) => typeof name !== "string" || !KNOWN.has(name));
  if (unknown.length > 0) {
    const listed = unknown.map((name) => JSON.stringify(name)).join(", ");
    throw validationError(
      `${field} has unknown event names: ${listed}; use '*' or names among ${WAHA_EVENT_NAMES.join(", ")}`,
    );
  }
  if (names.length === 0) throw validationError(`${field} must list at least one event (or '*')`);
  const selected = new Set<string>();
  for (const name of names as string[]) {
    if (name !== ALL_EVENTS) selected.add(name);
    else for (const all of WAHA_EVENT_NAMES) if (!NOT_IN_ALL.includes(all)) selected.add(all);
  }
  return selected;
}
