/**
 * @module Every code block in the publishable packages' READMEs is either a checked example — the
 * line before it is `<!-- example: examples/<file> -->` and the block is that file, which
 * `packages.test.ts` type-checks and runs — or marked `<!-- fragment -->` (a partial snippet).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const PACKAGES = ["core", "store", "engine-noweb", "engine-webjs", "sandbox"];

interface CodeBlock {
  line: number;
  marker: string;
  body: string;
}

/** The fenced blocks of a Markdown text, with the line just above each. */
function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split("\n");
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    if (!lines[i]?.startsWith("```")) continue;
    const end = lines.findIndex((line, j) => j > i && line.startsWith("```"));
    if (end < 0) throw new Error(`unclosed code block at line ${i + 1}`);
    blocks.push({
      line: i + 1,
      marker: (lines[i - 1] ?? "").trim(),
      body: lines.slice(i + 1, end).join("\n"),
    });
    i = end;
  }
  return blocks;
}

describe("README code blocks", () => {
  it("finds blocks and the marker above each", () => {
    const text = "x\n<!-- fragment -->\n```ts\na\n```\n\n```sh\nb\n```\n";
    expect(codeBlocks(text)).toEqual([
      { line: 3, marker: "<!-- fragment -->", body: "a" },
      { line: 7, marker: "", body: "b" },
    ]);
  });

  for (const name of PACKAGES) {
    it(`packages/${name}/README.md: each block is a checked example or a marked fragment`, () => {
      const readme = readFileSync(join(ROOT, "packages", name, "README.md"), "utf8");
      for (const block of codeBlocks(readme)) {
        const where = `packages/${name}/README.md:${block.line}`;
        const example = /^<!-- example: (examples\/[\w.-]+\.ts) -->$/.exec(block.marker);
        if (example?.[1]) {
          const file = readFileSync(join(ROOT, example[1]), "utf8");
          expect(block.body, `${where} differs from ${example[1]}`).toBe(file.trimEnd());
        } else {
          expect(block.marker, `${where} is neither an example nor a fragment`).toBe(
            "<!-- fragment -->",
          );
        }
      }
    });
  }
});
