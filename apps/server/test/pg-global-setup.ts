/**
 * @module Global setup of the `@wa/server (postgres)` project: one throwaway PostgreSQL cluster for
 * the whole run; each test app makes its own database on it (test-store.ts).
 */
import type { TestProject } from "vitest/node";
// By path: global setups load in vitest's main process, which resolves `@wa/store/testing` to
// its build, not its source.
import { startPostgres } from "../../../packages/store/src/contract/postgres-cluster.ts";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // fsync off: the cluster is deleted after the run, so a machine crash loses nothing of value.
  const cluster = await startPostgres({ settings: { fsync: "off", full_page_writes: "off" } });
  // Provided, not put in process.env: the SQLite project's workers must not see it.
  project.provide("waTestDatabaseUrl", cluster.url);
  return () => cluster.stop();
}
