/**
 * @module Body parsers for every client dialect: empty JSON bodies are tolerated, form bodies
 * (`application/x-www-form-urlencoded`) are parsed, a body without a content type is read as
 * JSON or form, and a missing body on a write route becomes `{}`.
 */
import { parse } from "node:querystring";
import { validationError } from "@wa/core";
import type { FastifyInstance, FastifyRequest } from "fastify";

/** Registers the parsers and the empty-body default. */
export function registerBodyParsers(app: FastifyInstance): void {
  // text/plain falls through to the catch-all, so JSON sent with a sloppy content type still works.
  app.removeContentTypeParser(["application/json", "text/plain"]);
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => {
    settle(done, () => parseJson(String(body)));
  });
  app.addContentTypeParser(
    "application/x-www-form-urlencoded",
    { parseAs: "string" },
    (_request, body, done) => done(null, { ...parse(String(body)) }),
  );
  app.addContentTypeParser("*", { parseAs: "string" }, (_request, body, done) => {
    const text = String(body).trim();
    settle(done, () => (/^[[{]/.test(text) ? parseJson(text) : { ...parse(text) }));
  });
  // On routes that take a body only: a read runs no preValidation at all (no hook runner).
  app.addHook("onRoute", (route) => {
    if ([route.method].flat().every((method) => method === "GET" || method === "HEAD")) return;
    route.preValidation = [emptyBodyDefault, ...[route.preValidation ?? []].flat()];
  });
}

// --- internal ---

/** A missing body on a write route becomes `{}` (a callback hook: no promise per request). */
function emptyBodyDefault(request: FastifyRequest, _reply: unknown, done: () => void): void {
  if (request.method !== "GET" && (request.body === undefined || request.body === null)) {
    request.body = {};
  }
  done();
}

type Done = (error: Error | null, body?: unknown) => void;

function settle(done: Done, parseBody: () => unknown): void {
  try {
    done(null, parseBody());
  } catch (error) {
    done(error as Error);
  }
}

/**
 * Deeper bodies are refused with a 400 saying so. Valid JSON nested thousands of levels deep would
 * otherwise overflow the parser's stack and be called invalid; no route takes anything close.
 */
export const MAX_JSON_DEPTH = 256;

function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  if (nestingDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw validationError(
      `The request body is nested more than ${MAX_JSON_DEPTH} levels deep; send a flatter body`,
    );
  }
  try {
    // Like secure-json-parse: a `__proto__` key never reaches an object spread later.
    return JSON.parse(text, (key, value) => (key === "__proto__" ? undefined : value));
  } catch {
    throw validationError("The request body is not valid JSON");
  }
}

/** The deepest nesting of arrays and objects in JSON text, counting up to just past `limit`. */
function nestingDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c)
        i++; // backslash: skip the escaped character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x5b || char === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (char === 0x5d || char === 0x7d) {
      depth--;
    }
  }
  return deepest;
}
