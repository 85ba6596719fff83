/**
 * @module Schemas shared by every route: the one error body, path parameters, WAHA's query
 * spellings (booleans as `true/True/1/false/False/0`), and the error-response table of a route.
 */
import { type TSchema, Type } from "@sinclair/typebox";

/** WAHA's error bodies plus our `code` (style E7); session-state 422s have no `statusCode`. */
export const ErrorSchema = Type.Object(
  {
    statusCode: Type.Optional(Type.Integer({ examples: [400] })),
    message: Type.Optional(
      Type.Union([Type.String(), Type.Array(Type.String())], {
        description: "A text, or the constraint texts of a 400",
      }),
    ),
    error: Type.Optional(Type.String({ examples: ["Bad Request"] })),
    code: Type.String({ description: "Our stable error code", examples: ["WA_VALIDATION_FAILED"] }),
    session: Type.Optional(Type.String({ description: "422: the session" })),
    status: Type.Optional(Type.String({ description: "422: the session's current status" })),
    expected: Type.Optional(Type.Array(Type.String(), { description: "422: expected statuses" })),
  },
  { $id: "WahaError", additionalProperties: true, title: "WahaError" },
);

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "Invalid input: `message` lists the constraint texts",
  401: "Missing or wrong API key",
  404: "Not found",
  422: "The session does not exist or is not in the expected status (after WAHA's wait)",
  501: "The session's engine does not support this capability",
};

/** The documented error responses of a route, each referencing {@link ErrorSchema}. */
export function errorResponses(...statuses: number[]): Record<number, TSchema> {
  const responses: Record<number, TSchema> = {};
  for (const status of [401, ...statuses]) {
    responses[status] = Type.Ref(ErrorSchema, { description: ERROR_DESCRIPTIONS[status] });
  }
  return responses;
}

/** A session name in the path. */
export const SessionParams = Type.Object({
  session: Type.String({ description: "Session name", examples: ["default"] }),
});

/** A chat in the path. */
export const ChatParams = Type.Object({
  session: Type.String({ description: "Session name", examples: ["default"] }),
  chatId: Type.String({
    description: "Chat id (`123@c.us`, `123-456@g.us`, `123@lid`; `@` may be sent as `%40`)",
    examples: ["123456789@c.us"],
  }),
});

/** A message in the path. */
export const MessageParams = Type.Object({
  ...ChatParams.properties,
  messageId: Type.String({
    description: "Message id `{fromMe}_{chatId}_{id}[_{participant}]`",
    examples: ["true_123456789@c.us_BAE6A33293978B16"],
  }),
});

/** WAHA's query booleans: `true`, `True`, `1`, `false`, `False`, `0`. */
export const BooleanText = (description: string, fallback?: boolean) =>
  Type.Optional(
    Type.String({
      pattern: "^(true|True|1|false|False|0)$",
      description,
      ...(fallback === undefined ? {} : { default: String(fallback) }),
    }),
  );

/** A whole number in the query (ajv coerces the text; the core rejects negatives). */
export const IntegerText = (description: string, fallback?: number) =>
  Type.Optional(
    Type.Integer({ description, ...(fallback === undefined ? {} : { default: fallback }) }),
  );

/** A string from a fixed list. */
export const StringEnum = <T extends string>(values: readonly T[], description: string) =>
  Type.Optional(Type.Unsafe<T>({ type: "string", enum: [...values], description }));

/** An empty object, for commands WAHA answers with `{}`-like bodies. */
export const EmptyObject = Type.Object({}, { additionalProperties: true });
