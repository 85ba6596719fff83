import { describe, expect, it } from "vitest";
import { redactApiKey, serializeRequest } from "./logging.ts";

describe("request logging", () => {
  it.each([
    ["/api/sessions?x-api-key=secret", "/api/sessions?x-api-key=***"],
    ["/health?a=1&X-Api-Key=secret&b=2", "/health?a=1&X-Api-Key=***&b=2"],
    ["/api/sessions", "/api/sessions"],
  ])("redacts %s", (url, expected) => {
    expect(redactApiKey(url)).toBe(expected);
  });

  it("serializes a request without the key", () => {
    const logged = serializeRequest({
      method: "GET",
      url: "/ping?x-api-key=k",
      host: "h",
      ip: "127.0.0.1",
    });
    expect(logged).toEqual({
      method: "GET",
      url: "/ping?x-api-key=***",
      host: "h",
      remoteAddress: "127.0.0.1",
    });
  });
});
