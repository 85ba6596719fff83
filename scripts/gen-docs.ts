/** @module Writes docs/errors.md and docs/engines.md from the code (`pnpm docs:gen`). */
import { writeFileSync } from "node:fs";
import {
  ENGINE_CAPABILITY_TABLES,
  WEBJS_DEVIATIONS,
} from "../apps/server/src/docs/engine-tables.ts";
import { renderEnginesDoc, renderErrorsDoc } from "../apps/server/src/docs/render-docs.ts";

writeFileSync(new URL("../docs/errors.md", import.meta.url), renderErrorsDoc());
writeFileSync(
  new URL("../docs/engines.md", import.meta.url),
  renderEnginesDoc(ENGINE_CAPABILITY_TABLES, WEBJS_DEVIATIONS),
);
console.log("docs/errors.md and docs/engines.md written");
