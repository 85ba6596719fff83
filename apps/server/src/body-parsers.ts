/**
 * @module Body parsers for every client dialect: empty JSON bodies are tolerated, form bodies
 * (`application/x-www-form-urlencoded`) are parsed, a body without a content type is read as
 * JSON or form, and a missing body on a write route becomes `{}`.
 */
import { parse } from "node:querystring";
import { validationError } from "@wa/core";
import type { FastifyInstance } from "fastify";

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
  app.addHook("preValidation", async (request) => {
    if (request.method !== "GET" && (request.body === undefined || request.body === null)) {
      request.body = {};
    }
  });
}

// --- internal ---

type Done = (error: Error | null, body?: unknown) => void;

function settle(done: Done, parseBody: () => unknown): void {
  try {
    done(null, parseBody());
  } catch (error) {
    done(error as Error);
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    // Like secure-json-parse: a `__proto__` key never reaches an object spread later.
    return JSON.parse(text, (key, value) => (key === "__proto__" ? undefined : value));
  } catch {
    throw validationError("The request body is not valid JSON");
  }
}
