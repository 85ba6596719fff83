/** @module Observability schemas: version, status, ping, health and the engine description. */

import { Type } from "@sinclair/typebox";
import { CAPABILITY_KEYS } from "@wa/core";

/** `WAHAEnvironment`. */
export const VersionSchema = Type.Object({
  version: Type.String(),
  engine: Type.String({ examples: ["NOWEB"] }),
  tier: Type.String({ examples: ["CORE"] }),
  browser: Type.Null(),
  platform: Type.String({ examples: ["linux/x64"] }),
  worker: Type.Object({ id: Type.Union([Type.String(), Type.Null()]) }),
});

/** WAHA's `ServerStatusResponse` plus the event-loop delay (ms). */
export const ServerStatusSchema = Type.Object({
  startTimestamp: Type.Number({ description: "When the server started (Unix ms)" }),
  uptime: Type.Number({ description: "Uptime in ms" }),
  worker: Type.Object({ id: Type.Union([Type.String(), Type.Null()]) }),
  eventLoopDelay: Type.Object(
    {
      sinceTimestamp: Type.Number({ description: "Sampling start (Unix ms)" }),
      samples: Type.Integer(),
      mean: Type.Number(),
      p50: Type.Number(),
      p99: Type.Number({ examples: [12.5] }),
      max: Type.Number(),
    },
    { description: "Event-loop delay since the server started, in ms" },
  ),
});

/** `{message: "pong"}`. */
export const PingSchema = Type.Object({ message: Type.String({ examples: ["pong"] }) });

/** A terminus-style health report. */
export const HealthSchema = Type.Object(
  {
    status: Type.String({ examples: ["ok"] }),
    info: Type.Object({}, { additionalProperties: true }),
    error: Type.Object({}, { additionalProperties: true }),
    details: Type.Object({}, { additionalProperties: true }),
  },
  { additionalProperties: true },
);

/** An engine's info and capability table. */
export const EngineDescriptionSchema = Type.Object({
  info: Type.Object(
    { name: Type.String(), library: Type.String(), version: Type.Optional(Type.String()) },
    { additionalProperties: true },
  ),
  capabilities: Type.Object(
    Object.fromEntries(CAPABILITY_KEYS.map((key) => [key, Type.Boolean()])),
  ),
});

/** GET /engine query. */
export const EngineQuerySchema = Type.Object({
  session: Type.Optional(
    Type.String({ description: "Describe this running session's engine instead of the default" }),
  ),
});
