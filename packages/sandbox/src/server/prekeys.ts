/**
 * @module The `encrypt` iqs: the client's pre-key count, upload, digest and rotation, and the pre-key
 * bundles of simulated devices the client fetches before it first messages them.
 */
import {
  type BinaryNode,
  getBinaryNodeChild,
  getBinaryNodeChildBuffer,
  getBinaryNodeChildren,
  getBinaryNodeChildUInt,
} from "@whiskeysockets/baileys";
import {
  bundleNodeContent,
  createDeviceSignal,
  type DeviceSignal,
} from "../signal/contact-signal.ts";
import { userOf } from "../world/jid.ts";
import type { WorldAccount } from "../world/types.ts";
import { type ClientBundle, socketStateOf } from "./socket-state.ts";

/** The Signal state of a simulated device (a contact's phone or the own phone), created on first use. */
export function deviceSignalOf(account: WorldAccount, jid: string): DeviceSignal {
  let user = userOf(jid);
  // The client addresses contacts by LID in 7.x; the simulator keys devices by phone number.
  if (jid.endsWith("@lid")) {
    if (user === account.lid) user = account.phone;
    else {
      for (const contact of account.contacts.values())
        if (contact.lid === user) user = contact.phone;
    }
  }
  const { signals } = socketStateOf(account);
  let device = signals.get(user);
  if (!device) {
    device = createDeviceSignal();
    signals.set(user, device);
  }
  return device;
}

function parseBundle(iq: BinaryNode): ClientBundle | undefined {
  const skey = getBinaryNodeChild(iq, "skey");
  const identity = getBinaryNodeChildBuffer(iq, "identity");
  if (!skey || !identity) return undefined;
  const preKeys = new Map<number, Buffer>();
  for (const key of getBinaryNodeChildren(getBinaryNodeChild(iq, "list"), "key")) {
    const value = getBinaryNodeChildBuffer(key, "value");
    if (value) preKeys.set(getBinaryNodeChildUInt(key, "id", 3) ?? 0, Buffer.from(value));
  }
  return {
    registrationId: getBinaryNodeChildUInt(iq, "registration", 4) ?? 0,
    identityKey: Buffer.from(identity),
    signedPreKey: {
      keyId: getBinaryNodeChildUInt(skey, "id", 3) ?? 0,
      publicKey: Buffer.from(getBinaryNodeChildBuffer(skey, "value") ?? []),
      signature: Buffer.from(getBinaryNodeChildBuffer(skey, "signature") ?? []),
    },
    preKeys,
  };
}

/** Answers an `iq xmlns=encrypt`; returns the result's content. */
export function handleEncryptIq(account: WorldAccount | undefined, iq: BinaryNode): BinaryNode[] {
  const first = Array.isArray(iq.content) ? iq.content[0] : undefined;
  if (!first || !account) return [];
  const state = socketStateOf(account);
  switch (first.tag) {
    case "count":
      return [{ tag: "count", attrs: { value: String(state.clientBundle?.preKeys.size ?? 0) } }];
    case "registration": {
      const uploaded = parseBundle(iq);
      if (uploaded) {
        // A re-upload adds keys; keep the ones the simulator has not consumed yet.
        const old = state.clientBundle?.preKeys ?? new Map<number, Buffer>();
        for (const [id, key] of old) if (!uploaded.preKeys.has(id)) uploaded.preKeys.set(id, key);
        state.clientBundle = uploaded;
      }
      return [];
    }
    case "digest":
      return [{ tag: "digest", attrs: {} }];
    case "key": {
      const users = getBinaryNodeChildren(first, "user").map((user) => ({
        tag: "user",
        attrs: { jid: user.attrs.jid ?? "" },
        content: bundleNodeContent(deviceSignalOf(account, user.attrs.jid ?? "")),
      }));
      return [{ tag: "list", attrs: {}, content: users }];
    }
    default:
      return [];
  }
}
