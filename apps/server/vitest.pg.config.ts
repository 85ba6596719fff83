/**
 * @module The server's in-process HTTP tests again, on the PostgreSQL store: the same test files
 * as the `@wa/server` project, with every test app on a fresh database of one throwaway cluster.
 */
import { defineProject, mergeConfig } from "vitest/config";
// By path: config files load without the `@wa/source` condition, so the package name would need a
// build; this file imports only Node's built-ins.
import { hasPostgres } from "../../packages/store/src/contract/postgres-cluster.ts";
import { sharedProjectConfig } from "../../vitest.shared.ts";

/**
 * The test files whose apps get every store from `openTestStore` (test/test-store.ts, also behind
 * `createTestApp` in test/helpers.ts), the one place the store is chosen. The other files of
 * test/ need no store (media-s3-storage, media-s3-lifecycle), run server processes that open
 * their own from the environment (e2e-*, media-s3-process, process, sandbox-restart), are about
 * Chromium's processes (sandbox-webjs), or (e2e-postgres, media-s3-cluster, postgres-partition)
 * already run on PostgreSQL.
 */
const OVER_TEST_STORE = [
  "auth",
  "chats",
  "chatting",
  "events-media",
  "events-stream",
  "fuzz",
  "http-cache",
  "media-noweb",
  "media-noweb-lifecycle",
  "media-s3",
  "messages",
  "openapi",
  "sandbox",
  "sandbox-reliability",
  "sessions",
  "sessions-reliability",
  "waha-openapi",
  "webhook-delivery",
  "webhooks",
].map((name) => `test/${name}.test.ts`);

// Without PostgreSQL's server binaries the project has nothing to run on (`pnpm test` installs
// them first, through scripts/ensure-postgres.sh), like the store's own PostgreSQL contract tests.
const runnable = hasPostgres() || Boolean(process.env.WA_TEST_DATABASE_URL);
if (!runnable) console.warn("@wa/server (postgres): skipped, PostgreSQL is not installed");

export default mergeConfig(
  sharedProjectConfig,
  defineProject({
    test: {
      name: "@wa/server (postgres)",
      include: runnable ? OVER_TEST_STORE : [],
      globalSetup: runnable && !process.env.WA_TEST_DATABASE_URL ? ["test/pg-global-setup.ts"] : [],
    },
  }),
);
