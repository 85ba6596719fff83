/**
 * @module Pairing routes: the QR code (PNG, base64 JSON or raw), the pairing-code request, and
 * WAHA's screenshot route (the QR, as NOWEB answers it).
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { WaError } from "@wa/core";
import type { FastifyReply } from "fastify";
import QRCode from "qrcode";
import {
  Base64FileSchema,
  PairingCodeSchema,
  QrQuerySchema,
  QrValueSchema,
  RequestCodeSchema,
  ScreenshotQuerySchema,
} from "../schemas/auth.ts";
import { errorResponses, SessionParams } from "../schemas/common.ts";
import type { ServerContext } from "../services/context.ts";
import type { LiveSession } from "../sessions/live-session.ts";
import { SessionOwnedElsewhere } from "../sessions/ownership.ts";

const TAGS = ["📱 Pairing"];

/** Registers the pairing routes. */
export const authRoutes: FastifyPluginAsyncTypebox<{ ctx: ServerContext }> = async (
  app,
  { ctx },
) => {
  app.get("/api/:session/auth/qr", {
    schema: {
      summary: "Get the QR code for pairing",
      description:
        "Waits for `SCAN_QR_CODE` (422 otherwise). PNG by default; base64 JSON with `Accept: application/json`; `{value}` with `format=raw`.",
      tags: TAGS,
      params: SessionParams,
      querystring: QrQuerySchema,
      response: {
        200: Type.Union([Base64FileSchema, QrValueSchema], {
          description: "PNG bytes (image/png) or JSON",
        }),
        ...errorResponses(400, 422),
      },
    },
    handler: async (request, reply) => {
      const qr = qrOf(await ctx.sessions.waitFor(request.params.session, ["SCAN_QR_CODE"]));
      if (request.query.format === "raw") return { value: qr };
      return sendQrImage(reply, qr, request.headers.accept);
    },
  });

  app.get("/api/screenshot", {
    schema: {
      summary: "Get a screenshot (NOWEB: the QR code)",
      description:
        "As WAHA's NOWEB engine: the QR code while the session is in `SCAN_QR_CODE`, 422 otherwise. PNG, or base64 JSON with `Accept: application/json`.",
      tags: TAGS,
      querystring: ScreenshotQuerySchema,
      response: {
        200: Type.Union([Base64FileSchema], { description: "PNG bytes (image/png) or JSON" }),
        ...errorResponses(400, 422),
      },
    },
    handler: async (request, reply) => {
      const session = request.query.session ?? "default";
      const qr = qrOf(await ctx.sessions.waitFor(session, ["SCAN_QR_CODE"]));
      return sendQrImage(reply, qr, request.headers.accept);
    },
  });

  app.post("/api/:session/auth/request-code", {
    schema: {
      summary: "Request a pairing code",
      description:
        "Pairs by phone number instead of a QR; the session must be in `SCAN_QR_CODE`. Needs the `auth.pairing-code` capability.",
      tags: TAGS,
      params: SessionParams,
      body: RequestCodeSchema,
      response: { 201: PairingCodeSchema, ...errorResponses(400, 422, 501) },
    },
    handler: async (request) => {
      const live = await ctx.sessions.waitFor(request.params.session, ["SCAN_QR_CODE"]);
      const runtime = live.runtime ?? runtimeMissing(live);
      const phone = request.body.phoneNumber.replace(/^\+/, "");
      const code = await runtime.call("auth.pairing-code", async (engine) =>
        engine.requestPairingCode?.(phone),
      );
      return { code: code ?? "" };
    },
  });
};

// --- internal ---

/** The QR as PNG bytes, or as base64 JSON when the client asks for JSON. */
async function sendQrImage(reply: FastifyReply, qr: string, accept: string | undefined) {
  const png = await QRCode.toBuffer(qr, { type: "png" });
  if (wantsJson(accept)) return { mimetype: "image/png", data: png.toString("base64") };
  return reply.type("image/png").send(png);
}

function qrOf(live: LiveSession): string {
  if (live.qr) return live.qr;
  // The QR lives in the memory of the instance driving the session: the request goes there.
  if (live.owner) throw new SessionOwnedElsewhere(live.name, live.owner);
  throw new WaError("WA_SESSION_NOT_READY", "The QR code is not available yet. Try again later", {
    details: { session: live.name, status: live.status, expected: ["SCAN_QR_CODE"] },
  });
}

function runtimeMissing(live: LiveSession): never {
  if (live.owner) throw new SessionOwnedElsewhere(live.name, live.owner);
  throw new WaError("WA_SESSION_NOT_READY", "The session's engine is not loaded yet", {
    details: { session: live.name, status: live.status, expected: ["SCAN_QR_CODE"] },
  });
}

function wantsJson(accept = ""): boolean {
  return accept.includes("application/json") && !accept.includes("image/png");
}
