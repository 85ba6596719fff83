/**
 * @module WAHA's own OpenAPI document (the vendored chats extract) turned into ajv validators, with
 * the few documented relaxations where WAHA's schema disagrees with what WAHA itself answers.
 */
import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";

type Json = Record<string, unknown>;

/** The vendored copy of `shared/spec/waha-openapi-chats.json` (tests never read outside the repo). */
export const WAHA_SPEC = JSON.parse(
  readFileSync(new URL("./fixtures/waha-openapi-chats.json", import.meta.url), "utf8"),
) as { paths: Record<string, Record<string, Json>>; components: { schemas: Record<string, Json> } };

/**
 * Fields WAHA's schema marks required or non-null that WAHA's NOWEB engine itself omits or sends
 * as null (waha-compat §3.1 and §2.2): the schema comes from DTO decorators, the bodies from the
 * engine. Our responses follow the engine.
 */
const RELAXED: Record<string, { optional?: string[]; nullable?: string[] }> = {
  // NOWEB: `to` absent in DMs, `participant` absent outside groups, `mediaUrl` deprecated/absent;
  // `body` null without text; media/location/vCards/replyTo null when absent.
  WAMessage: {
    optional: ["to", "participant", "mediaUrl"],
    nullable: ["body", "media", "location", "vCards", "replyTo"],
  },
  // §3.1: a failed download is `{url: null, mimetype, filename, error}`; `filename` is null for
  // media without a name (NOWEB images, voice notes).
  WAMedia: { nullable: ["url", "mimetype", "filename"] },
  // §2.2 #5: `{url: null}` when the chat has no picture.
  ChatPictureResponse: { nullable: ["url"] },
  // §3.3: `lastMessage` is null for a chat without displayable messages.
  ChatSummary: { nullable: ["lastMessage", "_chat"] },
  // The account's push name may be unknown.
  MeInfo: { nullable: ["pushName"] },
  // Before pairing `me` is null; presence is not tracked (null).
  SessionInfo: { nullable: ["me", "presence"] },
};

/** A validator for the JSON response of an operation and status, or null when WAHA documents none. */
export function responseValidator(
  method: string,
  path: string,
  status: number,
): ValidateFunction | null {
  const responses = WAHA_SPEC.paths[path]?.[method]?.responses as Record<string, Json> | undefined;
  const content = responses?.[String(status)]?.content as Record<string, Json> | undefined;
  const schema = content?.["application/json"]?.schema as Json | undefined;
  return schema ? ajv().compile(convert(schema)) : null;
}

/** The statuses WAHA documents for an operation. */
export function documentedStatuses(method: string, path: string): number[] {
  const responses = WAHA_SPEC.paths[path]?.[method]?.responses as Json | undefined;
  return Object.keys(responses ?? {}).map(Number);
}

/** Every operation of the document as `METHOD path`. */
export function specOperations(): string[] {
  return Object.entries(WAHA_SPEC.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
  );
}

// --- internal ---

let shared: Ajv | null = null;

function ajv(): Ajv {
  if (shared) return shared;
  shared = new Ajv({ strict: false, allErrors: true });
  const schemas: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(WAHA_SPEC.components.schemas)) {
    schemas[name] = convert(relax(name, structuredClone(schema)));
  }
  shared.addSchema({ $id: "waha", components: { schemas } });
  return shared;
}

function relax(name: string, schema: Json): Json {
  const rules = RELAXED[name];
  if (!rules) return schema;
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  for (const field of rules.nullable ?? []) {
    if (properties[field]) properties[field] = { anyOf: [properties[field], { type: "null" }] };
  }
  const optional = new Set([...(rules.optional ?? []), ...(rules.nullable ?? [])]);
  if (Array.isArray(schema.required)) {
    schema.required = schema.required.filter((field) => !optional.has(field as string));
  }
  return schema;
}

/** OpenAPI → JSON Schema: `nullable` allows null, refs point into the `waha` schema, stray booleans go. */
function convert(node: unknown): Json {
  if (Array.isArray(node)) return node.map(convert) as unknown as Json;
  if (typeof node !== "object" || node === null) return node as Json;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "nullable" || (key === "required" && typeof value === "boolean")) continue;
    if (key === "$ref" && typeof value === "string") out.$ref = value.replace(/^#/, "waha#");
    else out[key] = convert(value);
  }
  return (node as Json).nullable === true ? { anyOf: [out, { type: "null" }] } : out;
}
