/** @module Session schemas: `SessionInfo`, `SessionDTO`, `MeInfo` and the create/update bodies. */

import { Type } from "@sinclair/typebox";
import { SESSION_STATUSES } from "@wa/core";

const Status = Type.Unsafe<(typeof SESSION_STATUSES)[number]>({
  type: "string",
  enum: [...SESSION_STATUSES],
});

/** WAHA's free-form session config (`metadata`, `webhooks`, `noweb`, ...), kept as given. */
export const SessionConfigSchema = Type.Object({}, { additionalProperties: true });

/** The logged-in account. */
export const MeSchema = Type.Object(
  {
    id: Type.String({ examples: ["11111111111@c.us"] }),
    pushName: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    lid: Type.Optional(Type.String()),
    jid: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);

/** `SessionDTO`: name, status, config. */
export const SessionDtoSchema = Type.Object(
  { name: Type.String(), status: Status, config: SessionConfigSchema },
  { additionalProperties: true },
);

/** An instance of a cluster (our extension). */
const SessionOwnerSchema = Type.Object({
  instance: Type.String({ description: "The instance's id (unique per process)" }),
  address: Type.String({
    description:
      "Its internal address (`WA_INSTANCE_ADDRESS`), where other instances forward commands",
    examples: ["http://10.0.0.5:3000"],
  }),
});

/** `SessionInfo`, with `engine` and (our extensions) `failure` and `owner`. */
export const SessionInfoSchema = Type.Object(
  {
    name: Type.String(),
    status: Status,
    config: SessionConfigSchema,
    me: Type.Union([MeSchema, Type.Null()]),
    presence: Type.Null(),
    timestamps: Type.Object({ activity: Type.Union([Type.Number(), Type.Null()]) }),
    engine: Type.Object({ engine: Type.String({ examples: ["NOWEB"] }) }),
    failure: Type.Optional(Type.String({ description: "Why the session is FAILED" })),
    owner: Type.Optional(
      Type.Union([SessionOwnerSchema, Type.Null()], {
        description:
          "Our extension, with several instances on one PostgreSQL (`WA_DATABASE_URL`): the instance driving the session; null while nobody does (its owner died and another is taking it over, or it is stopped).",
      }),
    ),
  },
  { additionalProperties: true },
);

const Engine = Type.Optional(
  Type.String({
    description:
      "Our extension: the engine of this session (`noweb`, `webjs`, `memory`; case-insensitive). Default: WHATSAPP_DEFAULT_ENGINE.",
  }),
);

/** POST /api/sessions body. */
export const SessionCreateSchema = Type.Object({
  name: Type.Optional(
    Type.String({ description: "`^[a-zA-Z0-9_-]{1,54}$`; generated when absent" }),
  ),
  start: Type.Optional(Type.Boolean({ default: true, description: "Start after creation" })),
  config: Type.Optional(SessionConfigSchema),
  engine: Engine,
});

/** PUT /api/sessions/{session} body: the config is replaced as a whole. */
export const SessionUpdateSchema = Type.Object({
  config: Type.Optional(SessionConfigSchema),
  engine: Engine,
});

/** GET /api/sessions query. */
export const SessionListQuerySchema = Type.Object({
  all: Type.Optional(
    Type.String({
      pattern: "^(true|True|1|false|False|0)$",
      description: "Include stopped sessions (default false)",
    }),
  ),
});
