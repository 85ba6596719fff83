/**
 * @module Child process of `ingest-worker.test.ts`: writes a big history through the ingest worker,
 * closes the store (or, with `open`, leaves it open) and prints `done`; the test checks the
 * process then exits by itself, i.e. the worker keeps nothing alive.
 */
import { join } from "node:path";
import { history, message } from "../contract/fixtures.ts";
import { createSqliteStore } from "./store.ts";

const [dir = ".", mode = "close"] = process.argv.slice(2);
const store = createSqliteStore({ file: join(dir, `${mode}.sqlite3`) });
const messages = Array.from({ length: 2000 }, (_, i) => message("1@c.us", `M${i}`, i));
await store.apply("s1", history({ messages }));
const { messages: stored } = await store.counts("s1");
if (mode === "close") await store.close();
console.log(`done ${stored}`);
