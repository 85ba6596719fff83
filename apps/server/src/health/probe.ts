/**
 * @module The container's health probe: GET `/health` on this machine's port, with the API key from
 * the environment when it is a plain one (a `sha512:` key cannot be sent back; such images leave
 * `/health` open with `WHATSAPP_API_KEY_EXCLUDE_PATH=health`, the image's default).
 */

/** Options of {@link probeHealth}. */
export interface ProbeOptions {
  /** The environment the server runs with (port and key). @default process.env */
  env?: NodeJS.ProcessEnv;
  /** @default 4000, below the HEALTHCHECK's own timeout */
  timeoutMs?: number;
}

/** True when the server on `PORT` (default 3000) answers `/health` with 200. */
export async function probeHealth(options: ProbeOptions = {}): Promise<boolean> {
  const env = options.env ?? process.env;
  const port = env.PORT || env.WHATSAPP_API_PORT || "3000";
  const key = (env.WAHA_API_KEY ?? env.WHATSAPP_API_KEY ?? "").trim();
  const headers: Record<string, string> = {};
  if (key && !key.startsWith("sha512:")) headers["x-api-key"] = key;
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health`, {
      headers,
      signal: AbortSignal.timeout(options.timeoutMs ?? 4000),
    });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}
