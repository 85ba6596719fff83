/**
 * @module What the S3 media storage makes of the AWS SDK's errors: a missing object, a failure
 * named after the bucket (`WA_MEDIA_FAILED`), and start-up's unusable bucket, naming the setting
 * to look at.
 */
import { WaError } from "@wa/core";
import type { S3Settings } from "./storage-settings.ts";

/** Whether the SDK error says the object (or bucket) does not exist. */
export function isNotFound(error: unknown): boolean {
  const failure = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return (
    failure?.name === "NotFound" ||
    failure?.name === "NoSuchKey" ||
    failure?.$metadata?.httpStatusCode === 404
  );
}

/** A failed request to the bucket as `WA_MEDIA_FAILED` (a `WaError` passes through). */
export function storageFailure(settings: S3Settings, error: unknown): WaError {
  if (error instanceof WaError) return error;
  return new WaError(
    "WA_MEDIA_FAILED",
    `The media storage (S3 bucket '${settings.bucket}') failed: ${reasonOf(error)}`,
  );
}

/** Start-up's check of the bucket, saying which setting to look at. */
export function unreachableBucket(settings: S3Settings, error: unknown): WaError {
  const where = settings.endpoint ?? `AWS S3 (${settings.region})`;
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  const noCredentials = (error as { name?: string })?.name === "CredentialsProviderError";
  const hint =
    status === 404
      ? "it does not exist: create it, or fix WAHA_S3_BUCKET"
      : status === 403 || status === 401
        ? "access denied: check WAHA_S3_ACCESS_KEY_ID / WAHA_S3_SECRET_ACCESS_KEY"
        : noCredentials
          ? "no credentials: set WAHA_S3_ACCESS_KEY_ID and WAHA_S3_SECRET_ACCESS_KEY (or the AWS SDK's own)"
          : `unreachable: check WAHA_S3_ENDPOINT / WAHA_S3_REGION (${reasonOf(error)})`;
  return new WaError(
    "WA_VALIDATION_FAILED",
    `WAHA_MEDIA_STORAGE=S3: the bucket '${settings.bucket}' at ${where} cannot be used, ${hint}.`,
  );
}

// --- internal ---

function reasonOf(error: unknown): string {
  const failure = error as { name?: string; message?: string; code?: string };
  const text = [failure?.name, failure?.code, failure?.message].filter(Boolean).join(": ");
  return text || String(error);
}
