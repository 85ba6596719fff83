/**
 * @module Event schemas: the envelope and the payload of each emitted event (waha-compat §6.2,
 * §6.3), the webhook config, the delivery log, and the events routes' inputs. The envelope and
 * payload schemas also fill the OpenAPI `webhooks` section.
 */
import { type TSchema, Type } from "@sinclair/typebox";
import { EMITTED_EVENT_NAMES, SESSION_STATUSES, WAHA_EVENT_NAMES } from "@wa/core";
import { MeSchema } from "./sessions.ts";

const Status = Type.Unsafe<string>({ type: "string", enum: [...SESSION_STATUSES] });
const StatusPoint = Type.Object({ status: Status, timestamp: Type.Number({ description: "ms" }) });

/** A `WAMessage` by reference (registered by the app). */
const Message = Type.Ref("WAMessage");

/** The payload schema of each event this server emits. */
export const EVENT_PAYLOADS: Record<(typeof EMITTED_EVENT_NAMES)[number], [string, TSchema]> = {
  "session.status": [
    "The session's status changed (STOPPED and a failed start included); consecutive duplicates are dropped.",
    Type.Object({
      name: Type.String(),
      status: Status,
      statuses: Type.Array(StatusPoint, { description: "The last 3 statuses, oldest first" }),
    }),
  ],
  message: ["A new live incoming message (not history, not a replay).", Message],
  "message.any": [
    "A new live message, incoming or our own (sent through the API or the phone).",
    Message,
  ],
  "message.ack": [
    "The ack of one of our own messages rose (sent → delivered → read → played).",
    Type.Object({
      id: Type.String(),
      from: Type.String(),
      to: Type.Optional(Type.String()),
      participant: Type.Optional(Type.String()),
      fromMe: Type.Boolean(),
      ack: Type.Number(),
      ackName: Type.String(),
    }),
  ],
  "message.reaction": [
    "A reaction was set or removed (empty text) on a stored message.",
    Type.Object({
      id: Type.String({ description: "The reaction message's id, when known" }),
      timestamp: Type.Number(),
      from: Type.String({ description: "The chat" }),
      fromMe: Type.Boolean(),
      source: Type.String(),
      participant: Type.Optional(Type.String({ description: "In a group: who reacted" })),
      reaction: Type.Object({ text: Type.String(), messageId: Type.String() }),
    }),
  ],
  "message.revoked": [
    "A stored message was deleted for everyone; `before` is the message as it was.",
    Type.Object({
      after: Type.Union([Message, Type.Null()]),
      before: Type.Union([Message, Type.Null()]),
      revokedMessageId: Type.String({ description: "The bare id of the revoked message" }),
    }),
  ],
  "message.edited": [
    "A stored message's text was edited: the message with its new `body`.",
    Type.Intersect([Message, Type.Object({ editedMessageId: Type.String() })]),
  ],
  "chat.archive": [
    "A chat was archived or unarchived (through the API or on the phone), once per change.",
    Type.Object({
      id: Type.String(),
      archived: Type.Boolean(),
      timestamp: Type.Number({ description: "Unix seconds" }),
    }),
  ],
};

/** The envelope of an event, with the given payload schema. */
export function envelopeSchema(event: string, payload: TSchema, description?: string) {
  return Type.Object(
    {
      id: Type.String({
        description: "`evt_` + lowercase ULID; the same for every delivery",
        examples: ["evt_01jf3m5b8q2c7v9x0a1b2c3d4e"],
      }),
      timestamp: Type.Number({ description: "When the event was stored, in ms" }),
      event: Type.Literal(event),
      session: Type.String(),
      metadata: Type.Optional(Type.Unknown({ description: "The session's `config.metadata`" })),
      me: Type.Optional(MeSchema),
      payload,
      engine: Type.String({ examples: ["NOWEB"] }),
      environment: Type.Object({}, { additionalProperties: true }),
    },
    description ? { description } : {},
  );
}

/** Any event's envelope. */
export const EventEnvelopeSchema = Type.Object(
  {
    id: Type.String(),
    timestamp: Type.Number(),
    event: Type.Unsafe<string>({ type: "string", enum: [...EMITTED_EVENT_NAMES] }),
    session: Type.String(),
    metadata: Type.Optional(Type.Unknown()),
    me: Type.Optional(MeSchema),
    payload: Type.Unknown(),
    engine: Type.String(),
    environment: Type.Object({}, { additionalProperties: true }),
  },
  { $id: "EventEnvelope", title: "EventEnvelope", additionalProperties: false },
);

/** One webhook of `config.webhooks` (WAHA's `WebhookConfig`). */
export const WebhookConfigSchema = Type.Object(
  {
    url: Type.String({
      description: "http:// or https:// URL",
      examples: ["https://example.com/hook"],
    }),
    events: Type.Array(Type.Unsafe<string>({ type: "string", enum: ["*", ...WAHA_EVENT_NAMES] }), {
      description: "Event names, or `*` for all (unknown names: 400)",
    }),
    hmac: Type.Optional(
      Type.Union([
        Type.Object({ key: Type.Optional(Type.Union([Type.String(), Type.Null()])) }),
        Type.Null(),
      ]),
    ),
    retries: Type.Optional(
      Type.Union([
        Type.Object({
          policy: Type.Optional(
            Type.Unsafe<string>({ type: "string", enum: ["constant", "linear", "exponential"] }),
          ),
          delaySeconds: Type.Optional(Type.Number({ default: 2 })),
          attempts: Type.Optional(
            Type.Integer({ default: 15, description: "Retries after the first POST" }),
          ),
        }),
        Type.Null(),
      ]),
    ),
    customHeaders: Type.Optional(
      Type.Union([
        Type.Array(Type.Object({ name: Type.String(), value: Type.String() })),
        Type.Null(),
      ]),
    ),
  },
  { $id: "WebhookConfig", title: "WebhookConfig" },
);

/** One line of the delivery log. */
export const DeliverySchema = Type.Object({
  webhook: Type.String({ description: "The webhook URL" }),
  global: Type.Boolean({ description: "True for the global webhook (WHATSAPP_HOOK_URL)" }),
  eventId: Type.String(),
  event: Type.String(),
  status: Type.Unsafe<string>({
    type: "string",
    enum: ["delivered", "retrying", "dead", "redeliver"],
  }),
  attempts: Type.Integer(),
  nextAttemptAt: Type.Union([Type.Number(), Type.Null()], { description: "ms" }),
  lastStatus: Type.Union([Type.Integer(), Type.Null()], {
    description: "The receiver's HTTP status",
  }),
  lastError: Type.Union([Type.String(), Type.Null()]),
  updatedAt: Type.Number({ description: "ms" }),
});

/** `GET /api/{session}/events` query. */
export const EventsQuerySchema = Type.Object({
  since: Type.Optional(
    Type.String({
      description: "An event id: only the events after it",
      pattern: "^evt_[0-9a-z]{26}$",
    }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
});

/** `GET /api/{session}/events/deliveries` query. */
export const DeliveriesQuerySchema = Type.Object({
  status: Type.Optional(
    Type.Unsafe<"delivered" | "retrying" | "dead" | "redeliver">({
      type: "string",
      enum: ["delivered", "retrying", "dead", "redeliver"],
    }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
});

/** `POST /api/{session}/events/dead-letters/redeliver` body. */
export const RedeliverSchema = Type.Object({
  ids: Type.Optional(
    Type.Array(Type.String({ pattern: "^evt_[0-9a-z]{26}$" }), {
      description: "Event ids; all dead letters when absent",
    }),
  ),
});

/**
 * The OpenAPI 3.1 `webhooks` section: one POST per emitted event, its body the envelope with that
 * event's payload (references point at the document's component schemas).
 */
export function openApiWebhooks(): Record<string, unknown> {
  const webhooks: Record<string, unknown> = {};
  for (const [event, [description, payload]] of Object.entries(EVENT_PAYLOADS)) {
    const schema = JSON.parse(JSON.stringify(envelopeSchema(event, payload)), (key, value) =>
      key === "$ref" && typeof value === "string" && !value.startsWith("#")
        ? `#/components/schemas/${value}`
        : value,
    );
    webhooks[event] = {
      post: {
        summary: description,
        description:
          "Headers: X-Webhook-Request-Id (the event id, kept across retries), X-Webhook-Timestamp, with an HMAC key X-Webhook-Hmac (hex HMAC-SHA512 of the body) and X-Webhook-Hmac-Algorithm: sha512, and the Standard Webhooks webhook-id / webhook-timestamp / webhook-signature. See docs/events.md.",
        requestBody: { content: { "application/json": { schema } } },
        responses: {
          200: { description: "Any 2xx acknowledges the event; anything else is retried" },
        },
      },
    };
  }
  return webhooks;
}
