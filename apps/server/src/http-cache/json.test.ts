import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { serializeJson } from "../openapi.ts";
import { serializeStoreJson, serializeStoreJsonArray } from "./json.ts";

/** What a value holding Buffers becomes once stored as JSON and read back. */
const stored = (value: unknown) => JSON.parse(JSON.stringify(value));

describe("serializeStoreJson", () => {
  it("is plain JSON.stringify for data without Buffers", () => {
    const value = [{ id: "a", body: 'say "type":"Buffer"', media: null, n: 1, nested: { x: [1] } }];
    expect(serializeStoreJson(value)).toBe(JSON.stringify(value));
    expect(serializeStoreJson(value)).toBe(serializeJson(value));
  });

  it("writes stored Buffers as base64, like serializeJson", () => {
    const value = stored({ raw: { thumb: Buffer.from("hi"), empty: Buffer.alloc(0) } });
    expect(serializeStoreJson(value)).toBe(
      '{"raw":{"thumb":{"type":"Buffer","data":"aGk="},"empty":{"type":"Buffer","data":""}}}',
    );
    expect(serializeStoreJson(value)).toBe(serializeJson(value));
  });

  it("falls back to serializeJson for Buffer-like objects of other shapes", () => {
    for (const odd of [
      { data: [1, 2], type: "Buffer" },
      { type: "Buffer", data: [1, 2], extra: true },
      { type: "Buffer", data: "AQI=" },
      { type: "Buffer", data: [300, 1.5] },
      { type: "Buffer", data: [{ x: 1 }] },
    ]) {
      expect(serializeStoreJson([odd, stored(Buffer.from("ab"))])).toBe(
        serializeJson([odd, stored(Buffer.from("ab"))]),
      );
    }
  });

  it("matches serializeJson on any JSON data with stored Buffers in it", () => {
    const buffer = fc.uint8Array({ maxLength: 20 }).map((bytes) => stored(Buffer.from(bytes)));
    const leaf = fc.oneof(fc.jsonValue({ maxDepth: 2 }), buffer, fc.constant('"type":"Buffer"'));
    const data = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: "small" },
        leaf,
        fc.array(tie("node"), { maxLength: 4 }),
        fc.dictionary(fc.string({ maxLength: 6 }), tie("node"), { maxKeys: 4 }),
      ),
    })).node;
    fc.assert(
      fc.property(data, (value) => serializeStoreJson(value) === serializeJson(value)),
      { numRuns: 300 },
    );
  });

  it("serializeStoreJsonArray of the items' JSON texts writes what serializeJson writes of the array", () => {
    const buffer = fc.uint8Array({ maxLength: 20 }).map((bytes) => stored(Buffer.from(bytes)));
    const odd = fc.constant({ type: "Buffer", data: "AQI=" });
    const item = fc.dictionary(
      fc.string({ maxLength: 6 }),
      fc.oneof(fc.jsonValue({ maxDepth: 2 }), buffer, odd, fc.constant('"type":"Buffer"')),
      { maxKeys: 4 },
    );
    fc.assert(
      fc.property(fc.array(item, { maxLength: 5 }), (items) => {
        const texts = items.map((value) => JSON.stringify(value));
        return serializeStoreJsonArray(texts) === serializeJson(items);
      }),
      { numRuns: 300 },
    );
  });

  it("answers null for undefined, never an empty body", () => {
    expect(serializeStoreJson(undefined)).toBe("null");
  });
});
