/** @module Pairing schemas: the QR (image, base64 JSON or raw value) and the pairing-code request. */
import { Type } from "@sinclair/typebox";

/** GET auth/qr query. */
export const QrQuerySchema = Type.Object({
  format: Type.Optional(
    Type.Unsafe<"image" | "raw">({
      type: "string",
      enum: ["image", "raw"],
      default: "image",
      description: "`image` (PNG, or base64 JSON with `Accept: application/json`) or `raw`",
    }),
  ),
});

/** The QR as base64 JSON. */
export const Base64FileSchema = Type.Object({
  mimetype: Type.String({ examples: ["image/png"] }),
  data: Type.String({ description: "Base64 PNG" }),
});

/** The raw QR value. */
export const QrValueSchema = Type.Object({ value: Type.String() });

/** POST auth/request-code body. */
export const RequestCodeSchema = Type.Object({
  phoneNumber: Type.String({ examples: ["12132132130"], description: "International format" }),
  method: Type.Optional(Type.String({ description: "Not supported; leave empty for Web pairing" })),
});

/** The pairing code. */
export const PairingCodeSchema = Type.Object({ code: Type.String({ examples: ["ABCD-ABCD"] }) });

/** GET /api/screenshot query. */
export const ScreenshotQuerySchema = Type.Object({
  session: Type.Optional(Type.String({ default: "default", description: "Session name" })),
});
