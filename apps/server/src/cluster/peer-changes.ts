/**
 * @module What an instance does when another one changed a session: its cached responses for the
 * session go, its webhook deliverers wake (a new event may wait in the outbox), and a changed
 * record (new session, new config, deletion) brings its webhook targets in step. A picture the
 * owner found changed drops the session's cached pictures: this instance may drive the session
 * again later, and would otherwise show the pictures it fetched back then for up to 24 h. After
 * the LISTEN connection came back, notices may have been missed: every session's cached responses
 * go.
 */
import type { EngineLogger } from "@wa/core";
import type { Store } from "@wa/store";
import type { EventsContext } from "../events/events-context.ts";
import type { ResponseCache } from "../http-cache/response-cache.ts";
import type { PictureCache } from "../services/pictures.ts";
import type { ChangeChannel } from "./changes.ts";

/** What the reactions touch. */
export interface PeerChangeTargets {
  store: Store;
  responses: ResponseCache;
  pictures: PictureCache;
  events: EventsContext;
  logger: EngineLogger;
}

/** Subscribes the reactions to the channel. */
export function followPeerChanges(changes: ChangeChannel, targets: PeerChangeTargets): void {
  const { store, responses, pictures, events, logger } = targets;
  changes.onChange(({ session, kind }) => {
    responses.invalidate(session);
    if (kind === "pictures") pictures.forget(session);
    events.facts.forget(session);
    if (kind === "session") {
      void syncWebhooks(targets, session).catch((error: unknown) => {
        logger.warn({ err: error, session }, "webhooks of a session changed elsewhere not synced");
      });
    }
    events.webhooks.wake(session);
  });
  changes.onReconnect(() => {
    void store.sessions
      .list()
      .then((records) => {
        for (const record of records) responses.invalidate(record.name);
      })
      .catch((error: unknown) => logger.warn({ err: error }, "cache reset after reconnect failed"));
  });
}

async function syncWebhooks({ store, events }: PeerChangeTargets, session: string): Promise<void> {
  const record = await store.sessions.get(session);
  if (record) await events.webhooks.sync(session, record.config);
  else await events.webhooks.forget(session);
}
