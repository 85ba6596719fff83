#!/usr/bin/env node
/** @module The `wa-sandbox` executable: runs the simulator CLI (see `cli.ts`). */
import { runCli } from "./cli.ts";

await runCli();
