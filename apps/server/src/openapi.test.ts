import { describe, expect, it } from "vitest";
import { serializeJson } from "./openapi.ts";

describe("serializeJson", () => {
  it("writes Buffers as WAHA's {type: 'Buffer', data: base64}", () => {
    const body = { _data: { thumb: Buffer.from("hi"), bytes: new Uint8Array([1, 2]) }, n: 1 };
    expect(JSON.parse(serializeJson(body))).toEqual({
      _data: { thumb: { type: "Buffer", data: "aGk=" }, bytes: { type: "Buffer", data: "AQI=" } },
      n: 1,
    });
  });

  it("keeps unknown keys and nulls that a schema-based serializer would drop", () => {
    expect(serializeJson({ a: null, extra: { deep: [1] } })).toBe(
      '{"a":null,"extra":{"deep":[1]}}',
    );
  });
});
