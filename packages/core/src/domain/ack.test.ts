import { describe, expect, it } from "vitest";
import { Ack, ackFromBaileysStatus, ackFromName, ackName, ackToBaileysStatus } from "./ack.ts";

describe("ack", () => {
  it.each([
    ["ERROR", -1, 0],
    ["PENDING", 0, 1],
    ["SERVER", 1, 2],
    ["DEVICE", 2, 3],
    ["READ", 3, 4],
    ["PLAYED", 4, 5],
  ] as const)("%s is ack %i and Baileys status %i", (name, ack, status) => {
    expect(Ack[name]).toBe(ack);
    expect(ackName(ack)).toBe(name);
    expect(ackFromName(name)).toBe(ack);
    expect(ackToBaileysStatus(ack)).toBe(status);
    expect(ackFromBaileysStatus(status)).toBe(ack);
  });

  it("names unknown levels UNKNOWN and rejects unknown names", () => {
    expect(ackName(9)).toBe("UNKNOWN");
    expect(ackName(undefined)).toBe("UNKNOWN");
    expect(() => ackFromName("read")).toThrowError(/Invalid ack: 'read'/);
    expect(ackFromBaileysStatus(7)).toBeNull();
  });
});
