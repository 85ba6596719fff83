/** @module Unit tests of QR parsing and of the device identity the simulated phone signs. */
import {
  type BinaryNode,
  configureSuccessfulPairing,
  initAuthCreds,
} from "@whiskeysockets/baileys";
import { describe, expect, it } from "vitest";
import { createWorld } from "../world/world.ts";
import { parseQr, signDeviceIdentity } from "./pairing.ts";

describe("parseQr", () => {
  it("reads the 7.x URL form and the bare form", () => {
    const fields = {
      ref: "r1",
      noiseKeyB64: "bm9pc2U=",
      identityKeyB64: "aWQ=",
      advSecretB64: "YWR2",
    };
    expect(parseQr("https://wa.me/settings/linked_devices#r1,bm9pc2U=,aWQ=,YWR2,1")).toEqual(
      fields,
    );
    expect(parseQr("r1,bm9pc2U=,aWQ=,YWR2")).toEqual(fields);
  });

  it("rejects anything else", () => {
    expect(() => parseQr("not a qr")).toThrow(/not a WhatsApp pairing QR/);
  });
});

function pairSuccess(identity: Uint8Array, device: Record<string, string>): BinaryNode {
  return {
    tag: "iq",
    attrs: { id: "x" },
    content: [
      {
        tag: "pair-success",
        attrs: {},
        content: [
          { tag: "device-identity", attrs: {}, content: identity },
          { tag: "device", attrs: device },
        ],
      },
    ],
  };
}

describe("signDeviceIdentity", () => {
  it("is accepted by Baileys' configureSuccessfulPairing (HMAC and account signature)", () => {
    const account = createWorld().account("unit");
    const creds = initAuthCreds();
    const identity = signDeviceIdentity(
      account,
      Buffer.from(creds.signedIdentityKey.public),
      Buffer.from(creds.advSecretKey, "base64"),
    );
    const stanza = pairSuccess(identity, {
      jid: `${account.phone}:1@s.whatsapp.net`,
      lid: `${account.lid}:1@lid`,
    });
    const { creds: update } = configureSuccessfulPairing(stanza, creds);
    expect(update.me?.id).toBe(`${account.phone}:1@s.whatsapp.net`);
  });

  it("fails Baileys' HMAC check with the wrong ADV secret", () => {
    const account = createWorld().account("unit");
    const creds = initAuthCreds();
    const identity = signDeviceIdentity(
      account,
      Buffer.from(creds.signedIdentityKey.public),
      Buffer.alloc(32),
    );
    const stanza = pairSuccess(identity, { jid: "1:1@s.whatsapp.net" });
    expect(() => configureSuccessfulPairing(stanza, creds)).toThrow(/Invalid account signature/);
  });
});
