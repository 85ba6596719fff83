import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { CLIENT_ORIGIN_HEADER, clientOrigin, FORWARDED_HEADER } from "./client-origin.ts";

describe("clientOrigin", () => {
  const app = Fastify();
  app.get("/origin", async (request) => clientOrigin(request));
  const originOf = async (headers: Record<string, string>) =>
    (await app.inject({ url: "/origin", headers: { host: "own.test:3000", ...headers } })).body;

  it("is the request's own origin, unless a forwarded request names the client's", async () => {
    expect(await originOf({})).toBe("http://own.test:3000");
    const claim = { [CLIENT_ORIGIN_HEADER]: "https://b.test:8443" };
    // Only on a forwarded request: a client's header alone changes nothing.
    expect(await originOf(claim)).toBe("http://own.test:3000");
    expect(await originOf({ ...claim, [FORWARDED_HEADER]: "b" })).toBe("https://b.test:8443");
  });

  it.each([
    "https://b.test:8443/path",
    "https://user:secret@b.test",
    "javascript:alert(1)",
    "b.test:8443",
    "",
  ])("ignores %j, which is not a bare http(s) origin", async (claimed) => {
    const headers = { [CLIENT_ORIGIN_HEADER]: claimed, [FORWARDED_HEADER]: "b" };
    expect(await originOf(headers)).toBe("http://own.test:3000");
  });
});
