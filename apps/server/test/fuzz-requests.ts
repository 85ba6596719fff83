/**
 * @module The fuzz generator shared by `fuzz.test.ts` (in process) and the chaos test (over HTTP):
 * every route of the OpenAPI document (`/-json`), with random and almost-valid strings, numbers and
 * JSON in its path parameters, query and body, sent with any of the content types clients use.
 */
import fc from "fast-check";

/** An HTTP method the API routes use. */
export type Method = "GET" | "POST" | "PUT" | "DELETE";

/** A route: method and OpenAPI path with `{param}` placeholders. */
export type Route = [Method, string];

/** Every route of an OpenAPI document (`/-json`). */
export function routesFromOpenApi(document: { paths?: Record<string, object> }): Route[] {
  const routes: Route[] = [];
  for (const [path, operations] of Object.entries(document.paths ?? {})) {
    for (const method of Object.keys(operations)) {
      const upper = method.toUpperCase();
      if (upper === "GET" || upper === "POST" || upper === "PUT" || upper === "DELETE") {
        routes.push([upper, path]);
      }
    }
  }
  return routes;
}

/** One generated request. */
export interface FuzzRequest {
  route: Route;
  params: Record<string, string>;
  query: Record<string, string | string[]>;
  body: unknown;
  contentType: string | undefined;
}

const QUERY_KEYS = [
  "limit",
  "offset",
  "sortBy",
  "sortOrder",
  "merge",
  "ids",
  "ids[]",
  "downloadMedia",
  "refresh",
  "filter.timestamp.lte",
  "filter.timestamp.gte",
  "filter.fromMe",
  "filter.ack",
  "messages",
  "days",
  "all",
  "format",
  "session",
  "phone",
  "text",
  "x-api-key",
  "since",
  "status",
];
const BODY_KEYS = [
  "session",
  "chatId",
  "text",
  "reply_to",
  "mentions",
  "messageIds",
  "messageId",
  "participant",
  "duration",
  "messages",
  "days",
  "pagination",
  "filter",
  "name",
  "config",
  "start",
  "engine",
  "phoneNumber",
  "method",
  "linkPreview",
  "logout",
  "webhooks",
  "ids",
];

/** Values that are almost valid are the interesting ones. */
const value = fc.oneof(
  fc.constantFrom(
    "default",
    "11111111111@c.us",
    "11111111111",
    "true_11111111111@c.us_A1",
    "A3",
    "all",
  ),
  fc.constantFrom(
    "True",
    "0",
    "-1",
    "1e3",
    "NaN",
    "",
    " ",
    "%40",
    "__proto__",
    "READ",
    "asc",
    "86400",
  ),
  fc.string({ maxLength: 30 }),
  fc.integer().map(String),
);
const jsonValue = fc.oneof(
  value,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 2 }),
);
const pathParam = fc.oneof(value, fc.string({ minLength: 1, maxLength: 20 }));

/** Requests over `routes`. */
export function fuzzRequests(routes: Route[]): fc.Arbitrary<FuzzRequest> {
  return fc.record({
    route: fc.constantFrom(...routes),
    params: fc.record({
      session: pathParam,
      chatId: pathParam,
      messageId: pathParam,
      file: pathParam,
    }),
    query: fc.dictionary(
      fc.constantFrom(...QUERY_KEYS),
      fc.oneof(value, fc.array(value, { maxLength: 3 })),
      { maxKeys: 4 },
    ),
    body: fc.oneof(
      fc.dictionary(fc.constantFrom(...BODY_KEYS), jsonValue, { maxKeys: 5 }),
      jsonValue,
      fc.constant(undefined),
    ),
    contentType: fc.constantFrom(
      "application/json",
      "application/x-www-form-urlencoded",
      "text/plain",
      undefined,
    ),
  }) as fc.Arbitrary<FuzzRequest>;
}

/** The path of a request, its parameters filled in (URL-encoded). */
export function fuzzPath({ route, params }: FuzzRequest): string {
  return route[1].replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(params[name] ?? ""),
  );
}

/** The body as sent (`undefined`: none; GETs never carry one). */
export function fuzzPayload({ route, body }: FuzzRequest): string | undefined {
  if (route[0] === "GET" || body === undefined) return undefined;
  return typeof body === "string" ? body : (JSON.stringify(body) ?? "");
}
