/**
 * @module Events routes: replay a session's stored events after a given id (a client that was down
 * catches up), read its webhook delivery log and dead letters, and redeliver dead letters.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { WaError } from "@wa/core";
import type { DeliveryRecord } from "@wa/store";
import { envelopeText } from "../events/envelope.ts";
import { errorResponses, SessionParams } from "../schemas/common.ts";
import {
  DeliveriesQuerySchema,
  DeliverySchema,
  EventEnvelopeSchema,
  EventsQuerySchema,
  RedeliverSchema,
} from "../schemas/events.ts";
import type { ServerContext } from "../services/context.ts";

const TAGS = ["📡 Events"];
const PREFIX = "/api/:session/events";

/** Registers the events routes. */
export const eventRoutes: FastifyPluginAsyncTypebox<{ ctx: ServerContext }> = async (
  app,
  { ctx },
) => {
  const { store, sessions, events } = ctx;

  app.get(PREFIX, {
    schema: {
      summary: "Replay stored events",
      description:
        "The session's stored events, oldest first: all that are kept, or those after `since` (an event id). Page by passing the last id you got as `since`. Events are kept as long as the retention settings say (`WA_EVENTS_RETENTION_HOURS`, `WA_EVENTS_MAX_AGE_HOURS`); a `since` that is no longer kept answers 404.",
      tags: TAGS,
      params: SessionParams,
      querystring: EventsQuerySchema,
      response: { 200: Type.Array(Type.Ref(EventEnvelopeSchema)), ...errorResponses(400, 404) },
    },
    handler: async (request, reply) => {
      const { session } = request.params;
      await sessions.require(session);
      const { since, limit = 100 } = request.query;
      const from = since ? await store.outbox.find(session, since) : null;
      if (since && !from) {
        throw new WaError(
          "WA_EVENT_NOT_FOUND",
          `Event '${since}' is not stored (unknown, or older than the retention): replay without 'since' to start from the oldest kept event.`,
        );
      }
      const page = await store.outbox.list(session, { afterSeq: from?.seq ?? 0, limit });
      const facts = await events.facts(session);
      const payloads = await Promise.all(page.map((event) => events.payloads(event)));
      const texts = payloads.map((event) => envelopeText(event, facts, events.environment));
      // The envelopes are already JSON text (the stored payloads as they are): sent unparsed.
      return reply.type("application/json").send(`[${texts.join(",")}]` as never);
    },
  });

  const log = (session: string, query: typeof DeliveriesQuerySchema.static) =>
    store.outbox.deliveries(session, {
      ...(query.status ? { status: query.status } : {}),
      limit: query.limit ?? 100,
      offset: query.offset ?? 0,
    });

  app.get(`${PREFIX}/deliveries`, {
    schema: {
      summary: "Read the webhook delivery log",
      description:
        "One line per (webhook, event) attempted, newest event first: status (`delivered`, `retrying`, `dead`, `redeliver`), attempts, the receiver's last HTTP status and the last error.",
      tags: TAGS,
      params: SessionParams,
      querystring: DeliveriesQuerySchema,
      response: { 200: Type.Array(DeliverySchema), ...errorResponses(400, 404) },
    },
    handler: async (request) => {
      await sessions.require(request.params.session);
      return (await log(request.params.session, request.query)).map(toDelivery);
    },
  });

  app.get(`${PREFIX}/dead-letters`, {
    schema: {
      summary: "List dead letters",
      description:
        "Events a webhook did not take after all its attempts. They stay until redelivered, or until `WA_EVENTS_MAX_AGE_HOURS`.",
      tags: TAGS,
      params: SessionParams,
      querystring: Type.Omit(DeliveriesQuerySchema, ["status"]),
      response: { 200: Type.Array(DeliverySchema), ...errorResponses(400, 404) },
    },
    handler: async (request) => {
      await sessions.require(request.params.session);
      const query = { ...request.query, status: "dead" as const };
      return (await log(request.params.session, query)).map(toDelivery);
    },
  });

  app.post(`${PREFIX}/dead-letters/redeliver`, {
    schema: {
      summary: "Redeliver dead letters",
      description:
        "Sends dead letters again, with a fresh set of attempts: the given event ids, or every dead letter of the session. Answers how many were queued.",
      tags: TAGS,
      params: SessionParams,
      body: Type.Optional(RedeliverSchema),
      response: {
        201: Type.Object({ redelivered: Type.Integer() }),
        ...errorResponses(400, 404),
      },
    },
    handler: async (request) => {
      const { session } = request.params;
      await sessions.require(session);
      const redelivered = await store.outbox.redeliver(session, request.body?.ids);
      events.webhooks.wake(session);
      return { redelivered };
    },
  });
};

// --- internal ---

function toDelivery(record: DeliveryRecord) {
  const [scope, ...url] = record.target.split(":");
  return {
    webhook: url.join(":"),
    global: scope === "env",
    eventId: record.eventId,
    event: record.event,
    status: record.status,
    attempts: record.attempts,
    nextAttemptAt: record.nextAttemptAt,
    lastStatus: record.lastStatus,
    lastError: record.lastError,
    updatedAt: record.updatedAt,
  };
}
