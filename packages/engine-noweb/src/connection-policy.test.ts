/** @module The close policy and backoff as tables. */
import { describe, expect, it } from "vitest";
import { backoffDelay, type CloseFacts, decideOnClose } from "./connection-policy.ts";

const facts = (over: Partial<CloseFacts>): CloseFacts => ({
  statusCode: 428,
  message: "Connection Closed",
  status: "WORKING",
  intentional: false,
  attempt: 0,
  ...over,
});
const half = () => 0.5;

describe("decideOnClose", () => {
  it.each([
    ["stop() or logout()", facts({ intentional: true, statusCode: 401 }), { action: "stopped" }],
    [
      "restart required after pairing (515)",
      facts({ statusCode: 515, status: "SCAN_QR_CODE" }),
      { action: "restart" },
    ],
    ["logged out (401)", facts({ statusCode: 401 }), { action: "fail", clearCredentials: true }],
    ["banned (403)", facts({ statusCode: 403 }), { action: "fail", clearCredentials: false }],
    [
      "replaced by another client (440)",
      facts({ statusCode: 440 }),
      { action: "fail", clearCredentials: false },
    ],
    [
      "QR never scanned (408 while SCAN_QR_CODE)",
      facts({ statusCode: 408, status: "SCAN_QR_CODE" }),
      { action: "fail", clearCredentials: false },
    ],
    ["connection lost (408)", facts({ statusCode: 408 }), { action: "reconnect", delayMs: 750 }],
    [
      "connection closed (428)",
      facts({ statusCode: 428, attempt: 2 }),
      { action: "reconnect", delayMs: 3000 },
    ],
    [
      "no status code at all",
      facts({ statusCode: undefined, status: "STARTING" }),
      { action: "reconnect", delayMs: 750 },
    ],
  ] as const)("%s", (_name, input, expected) => {
    expect(decideOnClose(input, {}, half)).toMatchObject(expected);
  });

  it("names the cause in a failure reason", () => {
    const decision = decideOnClose(facts({ statusCode: 401, message: "Connection Failure" }));
    expect(decision).toMatchObject({ reason: "logged out: Connection Failure" });
  });
});

describe("backoffDelay", () => {
  it("doubles from base up to max, scaled into [0.5, 1)", () => {
    const opts = { baseMs: 100, maxMs: 1000 };
    expect([0, 1, 2, 3, 4, 10].map((n) => backoffDelay(n, opts, () => 0))).toEqual([
      50, 100, 200, 400, 500, 500,
    ]);
    expect(backoffDelay(10, opts, () => 0.999999)).toBe(1000);
  });

  it("stays finite for huge attempt counts", () => {
    expect(backoffDelay(10_000, { baseMs: 1000, maxMs: 30_000 }, () => 0)).toBe(15_000);
  });
});
