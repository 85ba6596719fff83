import { describe, expect, it } from "vitest";
import {
  ACK_NAMES,
  Ack,
  ackFromBaileysStatus,
  ackFromName,
  ackName,
  ackToBaileysStatus,
} from "./ack.ts";

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

  it("lists the names in level order", () => {
    expect(ACK_NAMES).toEqual(["ERROR", "PENDING", "SERVER", "DEVICE", "READ", "PLAYED"]);
  });

  it.each([5, -2, 1.5, Number.NaN, null])("ack level %s is UNKNOWN", (level) => {
    expect(ackName(level)).toBe("UNKNOWN");
  });

  // filter.ack takes names only (waha-compat §12.3); numbers and other cases are a 400.
  it.each(["read", "Device", "2", "-1", "", "UNKNOWN", "toString", "constructor", "DEVICE "])(
    "ack name %j → WA_VALIDATION_FAILED with 'Invalid ack'",
    (name) => {
      expect(() => ackFromName(name)).toThrow(
        expect.objectContaining({
          code: "WA_VALIDATION_FAILED",
          message: expect.stringMatching(/^Invalid ack: '/),
        }),
      );
    },
  );

  it("gives validation constraints for the 400 body", () => {
    let error: unknown;
    try {
      ackFromName("x");
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({
      details: { constraints: [expect.stringContaining("DEVICE")] },
    });
  });

  it.each([-1, 6, 2.5, Number.NaN, null, undefined])("Baileys status %s has no ack", (status) => {
    expect(ackFromBaileysStatus(status)).toBeNull();
  });
});
