/**
 * @module `GET /api/files/{session}/{file}`: downloaded media, behind the API key like every `/api`
 * route, with `Content-Type`, `Content-Length` and single `Range` requests (206 / 416), from the
 * media storage (the local folder or S3). Only a file the storage knows for that very session is
 * opened; any other name is a 404 before any I/O. HEAD answers the headers without reading the file.
 * With several instances and local media, a file of a session driven elsewhere is served by its
 * owner, through this instance.
 */
import { Readable } from "node:stream";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { WaError } from "@wa/core";
import { errorResponses } from "../schemas/common.ts";
import type { ServerContext } from "../services/context.ts";
import { SessionOwnedElsewhere } from "../sessions/ownership.ts";

const FileParams = Type.Object({
  session: Type.String({ description: "The session the file belongs to" }),
  file: Type.String({ description: "The file name from a message's `media.url`" }),
});

/** Registers the files route. */
export const fileRoutes: FastifyPluginAsyncTypebox<{ ctx: ServerContext }> = async (
  app,
  { ctx },
) => {
  app.get("/api/files/:session/:file", {
    schema: {
      summary: "Get a downloaded media file",
      description:
        "The file a message's `media.url` names, kept for `WHATSAPP_FILES_LIFETIME` seconds. Supports `Range`.",
      tags: ["💬 Chats"],
      params: FileParams,
      response: { ...errorResponses(404) },
    },
    handler: async (request, reply) => {
      const { session, file: name } = request.params;
      const file = await ctx.media.files.find(session, name);
      if (!file) return notHere(ctx, session);
      const range = parseRange(request.headers.range, file.size);
      reply.header("accept-ranges", "bytes").type(file.mimetype);
      if (range === "unsatisfiable") {
        return reply.code(416).header("content-range", `bytes */${file.size}`).send();
      }
      const { start, end } = range ?? { start: 0, end: file.size - 1 };
      if (range) reply.code(206).header("content-range", `bytes ${start}-${end}/${file.size}`);
      reply.header("content-length", String(Math.max(0, end - start + 1)));
      if (file.size === 0) return reply.send("");
      // Fastify's HEAD drains a stream to its end: send it an empty one instead of the file.
      if (request.method === "HEAD") return reply.send(Readable.from([]));
      return reply.send(await ctx.media.files.open(session, name, { start, end }));
    },
  });
};

// --- internal ---

/**
 * A file this instance does not hold. A local file is only on the instance that downloaded it,
 * the session's owner: with several instances the route layer forwards the request there (see
 * cluster/forwarding.ts), so a `media.url` on the instance the client called works. S3 files are
 * shared by every instance: a miss is a 404 anywhere.
 */
async function notHere(ctx: ServerContext, session: string): Promise<never> {
  if (ctx.media.settings.storage.kind === "local") {
    const owner = await ctx.sessions.ownerElsewhere(session);
    if (owner) throw new SessionOwnedElsewhere(session, owner);
  }
  throw new WaError("WA_FILE_NOT_FOUND", "File not found");
}

/**
 * One `bytes=` range (`a-b`, `a-`, `-n`), clamped to the file; null without a header or for one
 * this route does not serve partially (several ranges, other units), as RFC 9110 allows.
 */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | "unsatisfiable" | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? "");
  if (!match || (match[1] === "" && match[2] === "")) return null;
  const [first, last] = [match[1] ?? "", match[2] ?? ""];
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === "" ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size || end < start) return "unsatisfiable";
  return { start, end };
}
