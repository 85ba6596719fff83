import { describe, expect, it } from "vitest";
import { type PageRequest, paginate } from "./paginate.ts";

const ITEMS = ["a", "b", "c", "d", "e"];

describe("paginate", () => {
  it.each<[PageRequest, string[]]>([
    [{ offset: 0 }, ["a", "b", "c", "d", "e"]],
    [{ limit: undefined, offset: 2 }, ["c", "d", "e"]],
    [{ limit: 0, offset: 0 }, ["a", "b", "c", "d", "e"]],
    [{ limit: 2, offset: 0 }, ["a", "b"]],
    [{ limit: 2, offset: 4 }, ["e"]],
    [{ limit: 2, offset: 5 }, []],
    [{ limit: 10, offset: 99 }, []],
  ])("%j → %j", (page, expected) => {
    expect(paginate(ITEMS, page)).toEqual(expected);
  });
});
