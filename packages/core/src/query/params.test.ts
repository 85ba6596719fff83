import { describe, expect, it } from "vitest";
import {
  parseBoolean,
  parseEnum,
  parseInteger,
  parseList,
  parseSortOrder,
  type RawValue,
} from "./params.ts";

const VALIDATION = expect.objectContaining({ code: "WA_VALIDATION_FAILED" });

describe("parseBoolean (waha-compat §1.5)", () => {
  it.each<[RawValue, boolean]>([
    ["true", true],
    ["True", true],
    ["1", true],
    ["false", false],
    ["False", false],
    ["0", false],
    [true, true],
    [false, false],
    [["false", "true"], true],
    [["1", "0"], false],
  ])("%j → %s", (raw, expected) => {
    expect(parseBoolean(raw, "flag")).toBe(expected);
  });

  it.each<[RawValue]>([[undefined], [null], [""], [[]]])("%j → the fallback", (raw) => {
    expect(parseBoolean(raw, "flag")).toBeUndefined();
    expect(parseBoolean(raw, "flag", true)).toBe(true);
    expect(parseBoolean(raw, "flag", false)).toBe(false);
  });

  it.each(["TRUE", "FALSE", "yes", "no", "on", "2", "-1", " true", "true ", "t", "null"])(
    "%j → 400 naming the parameter",
    (raw) => {
      expect(() => parseBoolean(raw, "filter.fromMe")).toThrow(VALIDATION);
      expect(() => parseBoolean(raw, "filter.fromMe")).toThrow(/filter\.fromMe/);
    },
  );
});

describe("parseInteger (waha-compat §1.5)", () => {
  it.each<[RawValue, number | undefined]>([
    ["0", 0],
    ["10", 10],
    ["007", 7],
    ["-0", 0],
    [25, 25],
    [["5", "7"], 7],
    ["9007199254740991", 9007199254740991],
    [undefined, undefined],
    [null, undefined],
    ["", undefined],
  ])("%j → %s", (raw, expected) => {
    expect(parseInteger(raw, "limit")).toBe(expected);
  });

  it.each<[string, RawValue]>([
    ["negative", "-1"],
    ["negative number", -5],
    ["decimal", "1.5"],
    ["decimal with zero fraction", "1.0"],
    ["decimal number", 2.5],
    ["non-numeric", "abc"],
    ["digits then letters", "10abc"],
    ["only a space", " "],
    ["padded", " 5 "],
    ["hexadecimal", "0x10"],
    ["exponent", "1e3"],
    ["plus sign", "+5"],
    ["Infinity", "Infinity"],
    ["NaN number", Number.NaN],
    ["unsafe integer", "99999999999999999999"],
    ["boolean true", true],
    ["SQL-ish", "10; DROP TABLE messages"],
  ])("%s (%j) → 400 naming the parameter", (_case, raw) => {
    expect(() => parseInteger(raw, "offset")).toThrow(VALIDATION);
    expect(() => parseInteger(raw, "offset")).toThrow(/offset/);
  });

  it("honours a custom minimum", () => {
    expect(parseInteger("1", "messages", 1)).toBe(1);
    expect(() => parseInteger("0", "messages", 1)).toThrow(/messages must not be less than 1/);
  });
});

describe("parseSortOrder (validated strictly: WAHA concatenated it into SQL)", () => {
  it.each<[RawValue, string]>([
    ["asc", "asc"],
    ["desc", "desc"],
    [undefined, "desc"],
    ["", "desc"],
    [["asc", "desc"], "desc"],
  ])("%j → %s", (raw, expected) => {
    expect(parseSortOrder(raw, "desc")).toBe(expected);
  });

  it("uses the given fallback", () => {
    expect(parseSortOrder(undefined, "asc")).toBe("asc");
  });

  it.each(["ASC", "DESC", "Desc", "ascending", "1", "-1", " asc", "desc;drop table", "desc --"])(
    "%j → 400",
    (raw) => {
      expect(() => parseSortOrder(raw, "desc")).toThrow(VALIDATION);
    },
  );
});

describe("parseEnum", () => {
  const fields = ["conversationTimestamp", "id", "name"] as const;

  it.each<[RawValue, string | undefined]>([
    ["id", "id"],
    [["name", "id"], "id"],
    [undefined, undefined],
    ["", undefined],
  ])("%j → %s", (raw, expected) => {
    expect(parseEnum(raw, "sortBy", fields)).toBe(expected);
  });

  it.each(["ID", "timestamp", "name;--", "__proto__"])("%j → 400 listing the values", (raw) => {
    expect(() => parseEnum(raw, "sortBy", fields)).toThrow(
      /sortBy must be one of the following values: conversationTimestamp, id, name/,
    );
  });
});

describe("parseList (a repeated parameter or a single value)", () => {
  it.each<[RawValue, string[] | undefined]>([
    [
      ["1@c.us", "2@c.us"],
      ["1@c.us", "2@c.us"],
    ],
    ["1@c.us", ["1@c.us"]],
    [["1@c.us"], ["1@c.us"]],
    [
      ["1@c.us", "", "2"],
      ["1@c.us", "2"],
    ],
    ["1,2", ["1,2"]],
    [[], []],
    [undefined, undefined],
    [null, undefined],
    ["", undefined],
  ])("%j → %j", (raw, expected) => {
    expect(parseList(raw)).toEqual(expected);
  });
});
