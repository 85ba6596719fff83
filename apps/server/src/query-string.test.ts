import { describe, expect, it } from "vitest";
import { parseQueryString } from "./query-string.ts";

describe("parseQueryString", () => {
  it.each([
    ["ids=a", { ids: "a" }],
    ["ids=a&ids=b", { ids: ["a", "b"] }],
    ["ids[]=a&ids[]=b", { ids: ["a", "b"] }],
    ["ids%5B%5D=a&ids=b", { ids: ["a", "b"] }],
    ["filter.fromMe=true&filter.ack=READ", { "filter.fromMe": "true", "filter.ack": "READ" }],
    ["ids=123%40c.us", { ids: "123@c.us" }],
    ["", {}],
    ["flag", { flag: "" }],
  ])("%s", (raw, expected) => {
    expect(parseQueryString(raw)).toEqual(expected);
  });

  it("never produces prototype keys", () => {
    const parsed = parseQueryString("__proto__=x&constructor=y");
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(parsed).toEqual({ constructor: "y" });
  });
});
