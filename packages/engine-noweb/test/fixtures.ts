/** @module Test helpers: read JSON fixtures with Baileys' `BufferJSON` shapes revived into Buffers. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { reviveRaw } from "../src/map/raw.ts";

const DIR = join(import.meta.dirname, "fixtures");

/** Reads `test/fixtures/<name>`, reviving `{type:"Buffer",data}` into Buffers. */
export function loadFixture<T>(name: string): T {
  return reviveRaw<T>(JSON.parse(readFileSync(join(DIR, name), "utf8")));
}

/** Reads every JSON file of a fixture folder (each an array) into one list. */
export function loadFixtureDir<T>(folder: string): T[] {
  return readdirSync(join(DIR, folder))
    .filter((file) => file.endsWith(".json"))
    .sort()
    .flatMap((file) => loadFixture<T[]>(join(folder, file)));
}
