/**
 * @module The OpenAPI document options (served at `/-json`, like WAHA) and the JSON serializer:
 * response schemas document the API; bodies are written with `JSON.stringify` plus Baileys'
 * Buffer convention (`{type: "Buffer", data: <base64>}`), so raw engine data is never stripped.
 */
import type { SwaggerOptions } from "@fastify/swagger";
import { openApiWebhooks } from "./schemas/events.ts";

/** @fastify/swagger options: OpenAPI 3.1, WAHA's tags, the `X-Api-Key` scheme, the webhooks. */
export function openApiOptions(version: string): SwaggerOptions {
  return {
    openapi: {
      openapi: "3.1.0",
      // Plain JSON schemas with resolved references; the swagger types want its own object types.
      webhooks: openApiWebhooks() as never,
      info: {
        title: "WhatsApp HTTP API",
        description: "Self-hosted WhatsApp HTTP API, drop-in compatible with WAHA's Chats API.",
        version,
      },
      tags: [
        { name: "🖥️ Sessions", description: "Control WhatsApp sessions" },
        { name: "📱 Pairing", description: "Pair a session with a phone" },
        { name: "📤 Chatting", description: "Send and read messages" },
        { name: "💬 Chats", description: "Chats and their messages" },
        { name: "📡 Events", description: "Replay events, webhook deliveries, dead letters" },
        { name: "🔍 Observability", description: "Version, health, engine" },
      ],
      components: {
        securitySchemes: {
          api_key: { type: "apiKey", in: "header", name: "X-Api-Key", description: "Your API key" },
        },
      },
      security: [{ api_key: [] }],
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, index) =>
        typeof json.$id === "string" ? json.$id : `def-${index}`,
    },
  };
}

/** `JSON.stringify` with Buffers as `{type: "Buffer", data: <base64>}` (WAHA's BufferJSON). */
export function serializeJson(payload: unknown): string {
  return JSON.stringify(payload, bufferReplacer);
}

// --- internal ---

function bufferReplacer(_key: string, value: unknown): unknown {
  // Buffer.toJSON has already run: {type: "Buffer", data: number[]}.
  if (
    typeof value === "object" &&
    value !== null &&
    (value as { type?: unknown }).type === "Buffer" &&
    Array.isArray((value as { data?: unknown }).data)
  ) {
    return {
      type: "Buffer",
      data: Buffer.from((value as { data: number[] }).data).toString("base64"),
    };
  }
  if (value instanceof Uint8Array)
    return { type: "Buffer", data: Buffer.from(value).toString("base64") };
  return value;
}
