/**
 * @module How a media file is an S3 object: its key `{session}/{file}` (as in WAHA Plus) and the
 * metadata it carries (session, message id, file name, expiry), read back into its expiry.
 */
import type { HeadObjectCommandOutput } from "@aws-sdk/client-s3";
import { SESSION_NAME_PATTERN } from "@wa/core";
import { FILE_NAME_PATTERN } from "./file-names.ts";

/** Metadata keys (S3 sends them as `x-amz-meta-*`); the first three are WAHA Plus's. */
export const META = {
  session: "waha-session",
  messageId: "waha-message-id",
  filename: "waha-media-file-name",
  expiresAt: "wa-expires-at",
} as const;

/** The key of a session's file. */
export function keyOf(session: string, name: string): string {
  return `${session}/${name}`;
}

/** The session and file name of one of our keys, or null for any other object. */
export function splitKey(key: string): { session: string; name: string } | null {
  const slash = key.indexOf("/");
  const session = key.slice(0, slash);
  const name = key.slice(slash + 1);
  return slash > 0 && isSafe(session, name) ? { session, name } : null;
}

/** Whether the session and file name are ours to turn into a key (no path tricks). */
export function isSafe(session: string, name: string): boolean {
  return SESSION_NAME_PATTERN.test(session) && FILE_NAME_PATTERN.test(name);
}

/** The expiry the writer recorded, else the last change plus this server's lifetime. */
export function expiryOf(head: HeadObjectCommandOutput, lifetimeMs: number): number {
  const recorded = Number(head.Metadata?.[META.expiresAt]);
  if (Number.isFinite(recorded) && recorded > 0) return recorded;
  if (lifetimeMs === 0) return Number.POSITIVE_INFINITY;
  return (head.LastModified?.getTime() ?? 0) + lifetimeMs;
}
