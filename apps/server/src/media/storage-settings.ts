/**
 * @module Where media files are kept, from WAHA Plus's variables: `WAHA_MEDIA_STORAGE` (`LOCAL`, the
 * default, or `S3`) and, for S3, `WAHA_S3_REGION`, `WAHA_S3_BUCKET`, `WAHA_S3_ACCESS_KEY_ID`,
 * `WAHA_S3_SECRET_ACCESS_KEY`, `WAHA_S3_ENDPOINT`, `WAHA_S3_FORCE_PATH_STYLE` and
 * `WAHA_S3_PROXY_FILES`. A setting that cannot work stops the server with the variable's name; the
 * secret key is never part of a message, a log line or the settings' JSON.
 */
import { WaError } from "@wa/core";

/** An S3-compatible bucket. */
export interface S3Settings {
  /** `WAHA_S3_REGION` (default `us-east-1`). */
  region: string;
  /** `WAHA_S3_BUCKET`: it must exist; objects are named `{session}/{file}` as in WAHA. */
  bucket: string;
  /** `WAHA_S3_ENDPOINT`: an S3-compatible server's URL (MinIO…); null for AWS itself. */
  endpoint: string | null;
  /** `WAHA_S3_FORCE_PATH_STYLE`: bucket in the path rather than the host name (MinIO needs it). */
  forcePathStyle: boolean;
  /**
   * `WAHA_S3_PROXY_FILES` (WAHA's default false): false puts a pre-signed S3 URL in `media.url`;
   * true keeps `media.url` on `/api/files/...`, which streams from the bucket. The route serves
   * the files in both cases.
   */
  proxyFiles: boolean;
  /** `WAHA_S3_ACCESS_KEY_ID` + `WAHA_S3_SECRET_ACCESS_KEY`; null uses the AWS SDK's default chain. */
  credentials: S3Credentials | null;
}

/** A key pair; its JSON hides the secret. */
export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Where media files are kept. */
export type MediaStorageSettings = { kind: "local" } | { kind: "s3"; s3: S3Settings };

/** Reads `WAHA_MEDIA_STORAGE` and, for S3, the `WAHA_S3_*` variables. */
export function readStorageSettings(env: NodeJS.ProcessEnv): MediaStorageSettings {
  const kind = (env.WAHA_MEDIA_STORAGE ?? "").trim().toUpperCase();
  if (kind === "" || kind === "LOCAL") return { kind: "local" };
  if (kind !== "S3") {
    throw invalid(
      `WAHA_MEDIA_STORAGE must be LOCAL or S3 (this server keeps media nowhere else), got '${env.WAHA_MEDIA_STORAGE}'.`,
    );
  }
  return { kind: "s3", s3: readS3Settings(env) };
}

// --- internal ---

function readS3Settings(env: NodeJS.ProcessEnv): S3Settings {
  const bucket = env.WAHA_S3_BUCKET?.trim() ?? "";
  if (bucket === "")
    throw invalid("WAHA_MEDIA_STORAGE=S3 needs WAHA_S3_BUCKET (the bucket's name).");
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw invalid(
      `WAHA_S3_BUCKET must be an S3 bucket name (3-63 lower-case letters, digits, dots and hyphens), got '${bucket}'.`,
    );
  }
  const region = env.WAHA_S3_REGION?.trim() || "us-east-1";
  if (!/^[a-z0-9-]{1,64}$/.test(region)) {
    throw invalid(`WAHA_S3_REGION must be a region name such as eu-west-1, got '${region}'.`);
  }
  return {
    region,
    bucket,
    endpoint: readEndpoint(env.WAHA_S3_ENDPOINT),
    forcePathStyle: readBoolean(env, "WAHA_S3_FORCE_PATH_STYLE"),
    proxyFiles: readBoolean(env, "WAHA_S3_PROXY_FILES"),
    credentials: readCredentials(env),
  };
}

function readEndpoint(text: string | undefined): string | null {
  const value = text?.trim() ?? "";
  if (value === "") return null;
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || url.username !== "") {
    throw invalid(
      `WAHA_S3_ENDPOINT must be an http(s) URL without credentials, such as http://127.0.0.1:9000, got '${url ? url.origin : value}'.`,
    );
  }
  return value.replace(/\/+$/, "");
}

function readCredentials(env: NodeJS.ProcessEnv): S3Credentials | null {
  const accessKeyId = env.WAHA_S3_ACCESS_KEY_ID?.trim() ?? "";
  const secretAccessKey = env.WAHA_S3_SECRET_ACCESS_KEY?.trim() ?? "";
  if (accessKeyId === "" && secretAccessKey === "") return null;
  if (accessKeyId === "" || secretAccessKey === "") {
    throw invalid(
      "WAHA_S3_ACCESS_KEY_ID and WAHA_S3_SECRET_ACCESS_KEY go together: set both, or neither to use the AWS SDK's default credentials.",
    );
  }
  const credentials = { accessKeyId, secretAccessKey };
  // Settings may end up in a log line or a debug dump: the secret never does.
  Object.defineProperty(credentials, "toJSON", {
    value: () => ({ accessKeyId, secretAccessKey: "[redacted]" }),
  });
  return credentials;
}

function readBoolean(env: NodeJS.ProcessEnv, name: string): boolean {
  const text = env[name]?.trim().toLowerCase() ?? "";
  if (text === "") return false;
  if (["true", "1", "yes"].includes(text)) return true;
  if (["false", "0", "no"].includes(text)) return false;
  throw invalid(`${name} must be True or False, got '${env[name]}'.`);
}

function invalid(message: string): WaError {
  return new WaError("WA_VALIDATION_FAILED", message);
}
