/**
 * @module The headers that identify and sign a webhook POST: WAHA's (`X-Webhook-Request-Id`,
 * `X-Webhook-Timestamp`, and with a key `X-Webhook-Hmac` = hex HMAC-SHA512 of the raw body) and
 * Standard Webhooks' (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64
 * HMAC-SHA256 of "id.timestamp.body">`), so receivers can use an existing verifier. The Standard
 * Webhooks secret is the key's UTF-8 bytes: `whsec_` + base64(key) in those libraries' terms.
 */
import { createHmac } from "node:crypto";

/** What is signed besides the body. */
export interface SignatureInput {
  /** The event id: the same on every attempt, so receivers can drop duplicates. */
  requestId: string;
  /** The event's timestamp (ms), WAHA's `X-Webhook-Timestamp`. */
  eventTimestamp: number;
  /** When this attempt is sent (ms): Standard Webhooks' `webhook-timestamp` (seconds). */
  sentAt: number;
  hmacKey: string | null;
}

/** The identifying and (with a key) signing headers of one attempt. */
export function signatureHeaders(body: string, input: SignatureInput): Record<string, string> {
  const sentAtSeconds = String(Math.floor(input.sentAt / 1000));
  const headers: Record<string, string> = {
    "x-webhook-request-id": input.requestId,
    "x-webhook-timestamp": String(input.eventTimestamp),
    "webhook-id": input.requestId,
    "webhook-timestamp": sentAtSeconds,
  };
  if (input.hmacKey === null) return headers;
  headers["x-webhook-hmac"] = createHmac("sha512", input.hmacKey).update(body).digest("hex");
  headers["x-webhook-hmac-algorithm"] = "sha512";
  const signed = `${input.requestId}.${sentAtSeconds}.${body}`;
  const signature = createHmac("sha256", input.hmacKey).update(signed).digest("base64");
  headers["webhook-signature"] = `v1,${signature}`;
  return headers;
}

/** The Standard Webhooks secret (`whsec_…`) a receiver passes to its verifier for `hmacKey`. */
export function standardWebhooksSecret(hmacKey: string): string {
  return `whsec_${Buffer.from(hmacKey, "utf8").toString("base64")}`;
}
