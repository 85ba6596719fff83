/**
 * @module The store contract suite on the PostgreSQL store: one throwaway cluster for the file, a
 * fresh schema per store (the `location` names a durable one for the reopen cases).
 */
import { afterAll, beforeAll, describe, vi } from "vitest";
import { runStoreContract } from "./contract/index.ts";
import {
  hasPostgres,
  type PostgresCluster,
  postgresSuiteTitle,
  startPostgres,
} from "./contract/postgres-cluster.ts";
import { createPostgresStore } from "./postgres/store.ts";

// Each case makes round trips to a server sharing two cores with the rest of the suite: the
// reference-matching cases take several seconds under load, more than vitest's default 5 s.
vi.setConfig({ testTimeout: 60_000 });

let cluster: PostgresCluster | undefined;
let schemas = 0;

// Skipped only where Debian's postgresql package is missing (`.ci/run` installs it).
describe.skipIf(!hasPostgres())(postgresSuiteTitle("PostgreSQL store"), () => {
  beforeAll(async () => {
    cluster = await startPostgres({ settings: { fsync: "off" } });
  }, 120_000);
  afterAll(() => cluster?.stop(), 60_000);

  runStoreContract(
    "postgres",
    (location) =>
      createPostgresStore({
        url: (cluster as PostgresCluster).url,
        schema: location ?? `store_${++schemas}`,
        maxConnections: 4,
      }),
    { newLocation: () => `durable_${++schemas}` },
  );
});
