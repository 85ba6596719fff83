/**
 * @module The server process: read the environment, open the SQLite store, build the app,
 * restore the sessions that were running, listen, and print the URL and the API key.
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { createSqliteStore } from "@wa/store";
import { buildApp } from "./app.ts";
import { readConfig } from "./config.ts";
import { createLogger } from "./logging.ts";

const config = readConfig();
const logger = createLogger(process.env.LOG_LEVEL ?? "info");
const dataDir = resolve(config.dataDir);
mkdirSync(dataDir, { recursive: true });
const store = createSqliteStore({ file: join(dataDir, "wa.sqlite3") });
const app = await buildApp({
  store,
  logger,
  apiKey: config.apiKey,
  apiKeyExcludePaths: config.apiKeyExcludePaths,
  defaultEngine: config.defaultEngine,
});

const address = await app.listen({ port: config.port, host: config.host });
const url = address.replace("0.0.0.0", "localhost");
// Plain stdout lines, so humans and scripts find them without parsing JSON logs.
process.stdout.write(`WhatsApp HTTP API listening on ${url} (Swagger UI at ${url}/)\n`);
if (config.apiKey === null) process.stdout.write("API key: none (WAHA_NO_API_KEY=true)\n");
else if (config.apiKeyGenerated) process.stdout.write(`API key: ${config.apiKey}\n`);
else process.stdout.write("API key: from WAHA_API_KEY\n");

await app.ctx.sessions.restore(config.restoreStaggerMs);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    logger.info({ signal }, "shutting down");
    void app
      .close()
      .then(() => store.close())
      .finally(() => process.exit(0));
  });
}
