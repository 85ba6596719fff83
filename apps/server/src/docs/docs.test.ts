/** Drift tests (style E8, K4): the committed docs equal what the code renders. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CAPABILITY_KEYS, ERROR_CODES } from "@wa/core";
import { describe, expect, it } from "vitest";
import { ERROR_STATUS } from "../errors.ts";
import { ENGINE_CAPABILITY_TABLES, WEBJS_DEVIATIONS } from "./engine-tables.ts";
import { renderEnginesDoc, renderErrorsDoc } from "./render-docs.ts";

const docsDir = fileURLToPath(new URL("../../../../docs/", import.meta.url));
const read = (name: string) => readFileSync(`${docsDir}${name}`, "utf8");

describe("docs drift", () => {
  it("docs/errors.md is what the catalog renders (run `pnpm docs:gen` after changing codes)", () => {
    expect(read("errors.md")).toBe(renderErrorsDoc());
  });

  it("docs/engines.md is what the capability tables render", () => {
    expect(read("engines.md")).toBe(renderEnginesDoc(ENGINE_CAPABILITY_TABLES, WEBJS_DEVIATIONS));
  });

  it.each(ERROR_CODES)("%s has an HTTP status and a section", (code) => {
    expect(ERROR_STATUS[code]).toBeGreaterThanOrEqual(400);
    expect(read("errors.md")).toContain(`## ${code}\n`);
  });

  it("every section of docs/errors.md names a code the code knows", () => {
    const documented = [...read("errors.md").matchAll(/^## (\S+)$/gm)].map((match) => match[1]);
    const known = new Set<string>([...ERROR_CODES, "WA_ROUTE_NOT_FOUND", "WA_INTERNAL_ERROR"]);
    expect(documented.filter((code) => !known.has(code ?? ""))).toEqual([]);
  });

  it.each(CAPABILITY_KEYS)("capability %s is in docs/engines.md", (key) => {
    expect(read("engines.md")).toContain(`\`${key}\``);
  });
});
